//! The Rust side of the Make example: a sieve of Eratosthenes on a C bitmap,
//! through the bit-operation helpers, which helperlink inlines.
//!
//! `#![no_std]` and panic-free: the object is linked into a C program on its
//! own, without Rust's core or std libraries.

#![no_std]

use core::ffi::c_ulong;

extern "C" {
    fn rust_helper___set_bit(nr: c_ulong, addr: *mut c_ulong);
    fn rust_helper_test_bit(nr: c_ulong, addr: *const c_ulong) -> bool;
}

/// Marks every composite number below `limit` in `composite` (a zeroed
/// bitmap of at least `limit` bits) and returns how many primes are below
/// `limit`.
///
/// # Safety
///
/// `composite` must point to a writable bitmap of at least `limit` bits.
#[no_mangle]
pub unsafe extern "C" fn rust_sieve(composite: *mut c_ulong, limit: c_ulong) -> c_ulong {
    let mut primes = 0;
    let mut i: c_ulong = 2;
    while i < limit {
        if !rust_helper_test_bit(i, composite) {
            primes += 1;
            // Checked arithmetic: it cannot panic, so nothing from core is
            // called (and nothing from core needs linking).
            let mut j = i.checked_mul(i).unwrap_or(limit);
            while j < limit {
                rust_helper___set_bit(j, composite);
                j = j.checked_add(i).unwrap_or(limit);
            }
        }
        i += 1;
    }
    primes
}
