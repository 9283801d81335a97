//! refcount_inc shape: a loop calling the C helper `rust_helper_refcount_inc`,
//! as kernel Rust code does for `refcount_t` (`ARef`/`Arc`-style increments).

#![no_std]

/// Mirror of `refcount_t` (`atomic_t` inside).
#[repr(C)]
pub struct RefcountT {
    pub counter: i32,
}

extern "C" {
    fn rust_helper_refcount_inc(r: *mut RefcountT);
}

/// Calls `refcount_inc(r)` `n` times.
///
/// # Safety
///
/// `r` must point to a valid, live `RefcountT`.
#[no_mangle]
pub unsafe extern "C" fn rust_bench(r: *mut RefcountT, n: u64) -> i64 {
    for _ in 0..n {
        rust_helper_refcount_inc(r);
    }
    0
}
