//! spin_lock shape: a loop taking and releasing a kernel spinlock through the
//! C helpers `rust_helper_spin_lock`/`rust_helper_spin_unlock`, as the
//! kernel crate's `SpinLock` backend does, with a counter it protects.

#![no_std]

use core::ptr::addr_of_mut;

/// Mirror of `spinlock_t` (a qspinlock: one 32-bit word).
#[repr(C)]
pub struct SpinlockT {
    pub val: i32,
}

/// Mirror of `struct locked_counter` in core.c.
#[repr(C)]
pub struct LockedCounter {
    pub lock: SpinlockT,
    pub counter: i64,
}

extern "C" {
    fn rust_helper_spin_lock(lock: *mut SpinlockT);
    fn rust_helper_spin_unlock(lock: *mut SpinlockT);
}

/// Takes the lock, increments the counter and releases the lock, `n` times.
///
/// # Safety
///
/// `s` must point to a valid `LockedCounter` whose lock is not held.
#[no_mangle]
pub unsafe extern "C" fn rust_bench(s: *mut LockedCounter, n: u64) -> i64 {
    for _ in 0..n {
        rust_helper_spin_lock(addr_of_mut!((*s).lock));
        (*s).counter += 1;
        rust_helper_spin_unlock(addr_of_mut!((*s).lock));
    }
    0
}
