// SPDX-License-Identifier: GPL-2.0

//! Built-in Rust code (obj-y, like the kernel crate): linked into vmlinux,
//! not a module. Its helpers come from helpers.bc, compiled without
//! -DMODULE, so ticks_get() reads core_ticks directly, as built-in C does.

#![no_std]

use core::ffi::c_ulong;

extern "C" {
    // C helper.
    fn rust_helper_ticks_get() -> c_ulong;
}

/// The core's tick count, in milliseconds (one tick is 4 ms).
#[no_mangle]
pub extern "C" fn rust_uptime_ms() -> c_ulong {
    // SAFETY: a C function without arguments or preconditions.
    unsafe { rust_helper_ticks_get() * 4 }
}
