//! The Rust side of the CMake example: takes and drops references on a C
//! `struct counter` through the C helpers, which helperlink inlines.
//!
//! `#![no_std]` and panic-free: the object is linked into a C program on its
//! own, without Rust's core or std libraries.

#![no_std]

mod counter;

use counter::Counter;

/// Takes `n` references on `*c` and returns the count afterwards.
///
/// # Safety
///
/// `c` must point to a live `struct counter`.
#[no_mangle]
pub unsafe extern "C" fn rust_take_refs(c: *const Counter, n: u32) -> i32 {
    let c = &*c;
    for _ in 0..n {
        c.get();
    }
    c.read()
}

/// Drops `n` references on `*c`; returns how many of those drops released
/// the last reference (1 if the counter reached zero, else 0).
///
/// # Safety
///
/// `c` must point to a live `struct counter` holding at least `n` references.
#[no_mangle]
pub unsafe extern "C" fn rust_drop_refs(c: *const Counter, n: u32) -> u32 {
    let c = &*c;
    let mut released = 0;
    for _ in 0..n {
        if c.put() {
            released += 1;
        }
    }
    released
}
