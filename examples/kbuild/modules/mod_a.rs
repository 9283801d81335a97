// SPDX-License-Identifier: GPL-2.0

//! mod_a: a reference-counted object, allocated, shared and freed through
//! the core's refcount_t and vmalloc API (helpers: refcount_set,
//! refcount_inc, refcount_dec_and_test, refcount_read, vrealloc).

#![no_std]

use core::ffi::{c_char, c_int, c_uint, c_void};

/// `refcount_t` of include/core.h.
#[repr(C)]
struct Refcount {
    refs: c_int,
}

/// The object this module shares: a refcount and a payload.
#[repr(C)]
struct Object {
    refcount: Refcount,
    value: u64,
}

extern "C" {
    // Exported by the core.
    fn _printk(fmt: *const c_char, ...) -> c_int;
    fn vfree(p: *const c_void);
    // C helpers.
    fn rust_helper_vrealloc(p: *const c_void, size: usize) -> *mut c_void;
    fn rust_helper_refcount_set(r: *mut Refcount, n: c_int);
    fn rust_helper_refcount_read(r: *const Refcount) -> c_uint;
    fn rust_helper_refcount_inc(r: *mut Refcount);
    fn rust_helper_refcount_dec_and_test(r: *mut Refcount) -> bool;
}

const USERS: u32 = 16;

#[no_mangle]
pub extern "C" fn mod_a_init() -> c_int {
    // SAFETY: the object is allocated with room for an `Object`, used only
    // while it holds a reference, and freed once, by its last put.
    unsafe {
        let obj = rust_helper_vrealloc(core::ptr::null(), core::mem::size_of::<Object>())
            as *mut Object;
        if obj.is_null() {
            return -12; // -ENOMEM
        }
        rust_helper_refcount_set(&raw mut (*obj).refcount, 1);
        (*obj).value = 0;
        for i in 0..USERS {
            rust_helper_refcount_inc(&raw mut (*obj).refcount);
            (*obj).value += u64::from(i);
        }
        let peak = rust_helper_refcount_read(&raw const (*obj).refcount);
        let value = (*obj).value;
        let mut puts = 0;
        loop {
            puts += 1;
            if rust_helper_refcount_dec_and_test(&raw mut (*obj).refcount) {
                vfree(obj as *const c_void);
                break;
            }
        }
        _printk(
            c"mod_a: %u references at peak, value %llu, freed by put %d\n".as_ptr(),
            peak,
            value,
            puts,
        );
        if peak == USERS + 1 && puts == USERS as c_int + 1 && value == 120 {
            0
        } else {
            -22 // -EINVAL
        }
    }
}
