// SPDX-License-Identifier: GPL-2.0

//! mod_b: a statistics counter under a spinlock_t, whose owner is kept
//! alive by a refcount_t (helpers: spin_lock, spin_unlock, refcount_set,
//! refcount_inc, refcount_dec_and_test), stamped with the core's tick
//! count (helper: ticks_get, whose body differs in modules). refcount_inc
//! is also used by mod_a: with INLINE_HELPERS=1 each module has it inlined.

#![no_std]

use core::ffi::{c_char, c_int, c_ulong};

/// `spinlock_t` of include/core.h.
#[repr(C)]
struct Spinlock {
    locked: c_int,
}

/// `refcount_t` of include/core.h.
#[repr(C)]
struct Refcount {
    refs: c_int,
}

#[repr(C)]
struct Stats {
    lock: Spinlock,
    owner: Refcount,
    events: u64,
}

extern "C" {
    // Exported by the core.
    fn _printk(fmt: *const c_char, ...) -> c_int;
    // C helpers.
    fn rust_helper_spin_lock(lock: *mut Spinlock);
    fn rust_helper_spin_unlock(lock: *mut Spinlock);
    fn rust_helper_refcount_set(r: *mut Refcount, n: c_int);
    fn rust_helper_refcount_inc(r: *mut Refcount);
    fn rust_helper_refcount_dec_and_test(r: *mut Refcount) -> bool;
    fn rust_helper_ticks_get() -> c_ulong;
}

static mut STATS: Stats = Stats {
    lock: Spinlock { locked: 0 },
    owner: Refcount { refs: 0 },
    events: 0,
};

const EVENTS: u64 = 1000;

#[no_mangle]
pub extern "C" fn mod_b_init() -> c_int {
    // SAFETY: STATS is only used under its lock (and this example is single
    // threaded anyway); raw pointers, no references to the static mut.
    unsafe {
        let stats = &raw mut STATS;
        rust_helper_refcount_set(&raw mut (*stats).owner, 1);
        for _ in 0..EVENTS {
            rust_helper_refcount_inc(&raw mut (*stats).owner);
            rust_helper_spin_lock(&raw mut (*stats).lock);
            (*stats).events += 1;
            rust_helper_spin_unlock(&raw mut (*stats).lock);
            rust_helper_refcount_dec_and_test(&raw mut (*stats).owner);
        }
        rust_helper_spin_lock(&raw mut (*stats).lock);
        let events = (*stats).events;
        rust_helper_spin_unlock(&raw mut (*stats).lock);
        let released = rust_helper_refcount_dec_and_test(&raw mut (*stats).owner);
        _printk(
            c"mod_b: %llu events counted under the lock at tick %lu, owner released: %s\n"
                .as_ptr(),
            events,
            rust_helper_ticks_get(),
            if released { c"yes".as_ptr() } else { c"no".as_ptr() },
        );
        if events == EVENTS && released {
            0
        } else {
            -22 // -EINVAL
        }
    }
}
