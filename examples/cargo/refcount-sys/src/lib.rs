//! The C refcount library: raw bindings to its helpers, and `Refcount`, a
//! safe handle whose methods call them.

#![no_std]

use core::cell::UnsafeCell;
use core::ffi::{c_int, c_uint, c_ulong};

/// `refcount_t` of csrc/refcount.h.
#[repr(C)]
#[allow(non_camel_case_types)]
pub struct refcount_t {
    refs: c_int,
}

extern "C" {
    // The helpers (csrc/helpers.c): the static inline functions of refcount.h.
    pub fn rust_helper_refcount_set(r: *mut refcount_t, n: c_int);
    pub fn rust_helper_refcount_read(r: *const refcount_t) -> c_uint;
    pub fn rust_helper_refcount_inc(r: *mut refcount_t);
    pub fn rust_helper_refcount_dec_and_test(r: *mut refcount_t) -> bool;
    // Out of line in the library (csrc/refcount.c).
    pub fn refcount_warnings() -> c_ulong;
}

/// A reference count kept by the C library's code.
pub struct Refcount(UnsafeCell<refcount_t>);

// SAFETY: every access goes through the C library's atomic operations.
unsafe impl Sync for Refcount {}

impl Refcount {
    /// A count of `n`. Not inline: compiled in this crate, so the helper is
    /// inlined into this crate's own code.
    #[inline(never)]
    pub fn new(n: i32) -> Self {
        let r = Refcount(UnsafeCell::new(refcount_t { refs: 0 }));
        // SAFETY: the pointer is to a live refcount_t.
        unsafe { rust_helper_refcount_set(r.0.get(), n) };
        r
    }

    /// Compiled in each crate that calls it, with the helper inlined there.
    #[inline]
    pub fn inc(&self) {
        // SAFETY: the pointer is to a live refcount_t.
        unsafe { rust_helper_refcount_inc(self.0.get()) }
    }

    /// Whether the count dropped to zero.
    #[inline]
    pub fn dec_and_test(&self) -> bool {
        // SAFETY: the pointer is to a live refcount_t.
        unsafe { rust_helper_refcount_dec_and_test(self.0.get()) }
    }

    /// The C object, for the raw functions.
    #[inline]
    pub fn as_ptr(&self) -> *mut refcount_t {
        self.0.get()
    }

    #[inline]
    pub fn read(&self) -> u32 {
        // SAFETY: the pointer is to a live refcount_t.
        unsafe { rust_helper_refcount_read(self.0.get()) }
    }
}

/// How many times the C library saturated a count (overflow or use after free).
pub fn warnings() -> u64 {
    // SAFETY: a plain C function without arguments.
    unsafe { refcount_warnings() as u64 }
}
