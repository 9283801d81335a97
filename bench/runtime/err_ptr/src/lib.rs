//! ERR_PTR/IS_ERR shape: a lookup that turns an empty slot into
//! `ERR_PTR(-ENOENT)`, checked with `IS_ERR` and decoded with `PTR_ERR`,
//! all through the C helpers, as kernel Rust code does with `from_err_ptr`.

#![no_std]

use core::ffi::c_void;

const NSLOTS: u64 = 1024;
const ENOENT: i64 = 2;

/// Mirror of `struct obj` in err.h.
#[repr(C)]
pub struct Obj {
    pub val: i64,
}

/// Mirror of `struct table` in err.h.
#[repr(C)]
pub struct Table {
    pub slots: [*mut Obj; NSLOTS as usize],
}

extern "C" {
    fn rust_helper_ERR_PTR(err: i64) -> *mut c_void;
    fn rust_helper_IS_ERR(ptr: *const c_void) -> bool;
    fn rust_helper_PTR_ERR(ptr: *const c_void) -> i64;
}

#[inline(always)]
unsafe fn lookup(t: *const Table, i: u64) -> *mut c_void {
    // Masked index: no bounds check (and so no panic path) is generated.
    let o = *(*t).slots.as_ptr().add((i & (NSLOTS - 1)) as usize);
    if o.is_null() {
        rust_helper_ERR_PTR(-ENOENT)
    } else {
        o.cast()
    }
}

/// Sums the objects' values, and the error codes for empty slots, over `n`
/// lookups.
///
/// # Safety
///
/// `t` must point to a valid `Table` whose non-null slots are valid.
#[no_mangle]
pub unsafe extern "C" fn rust_bench(t: *const Table, n: u64) -> i64 {
    let mut sum: i64 = 0;
    // A while loop, as C's for loop: `for i in 0..n` gives a loop tail a few
    // instructions different from C's, helper or no helper (see README.md).
    let mut i = 0;
    while i < n {
        let p = lookup(t, i);
        if rust_helper_IS_ERR(p) {
            sum = sum.wrapping_add(rust_helper_PTR_ERR(p));
        } else {
            sum = sum.wrapping_add((*p.cast::<Obj>()).val);
        }
        i += 1;
    }
    sum
}
