//! Rust side of the example: a loop that calls the C helper
//! `rust_helper_refcount_inc`, as kernel Rust code does for `refcount_t`.
//! Built twice from the same source: once as a plain object (a real call per
//! iteration) and once through helperlink (the helper inlined).

#![no_std]

/// Mirror of `atomic_t` from refcount.h.
#[repr(C)]
pub struct AtomicT {
    pub counter: i32,
}

/// Mirror of `refcount_t` from refcount.h.
#[repr(C)]
pub struct RefcountT {
    pub refs: AtomicT,
}

extern "C" {
    fn rust_helper_refcount_inc(r: *mut RefcountT);
}

/// Increments `*r` `n` times through the C helper.
///
/// # Safety
///
/// `r` must point to a valid, live `RefcountT`.
#[no_mangle]
pub unsafe extern "C" fn rust_bench(r: *mut RefcountT, n: u64) {
    for _ in 0..n {
        rust_helper_refcount_inc(r);
    }
}
