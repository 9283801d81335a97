// Linux's REFCOUNT_INIT as bindgen declares it: a refcount_t (a struct of one
// int) by value. On aarch64 rustc returns that struct as i64, clang as i32.
// Built without a prebuilt core, as arm64_crate.rs.
#![feature(no_core)]
#![no_core]
#![crate_type = "lib"]
#![allow(non_camel_case_types)]

extern crate minicore;

#[repr(C)]
pub struct atomic_t {
    pub counter: i32,
}

#[repr(C)]
pub struct refcount_t {
    pub refs: atomic_t,
}

extern "C" {
    fn rust_helper_REFCOUNT_INIT(n: i32) -> refcount_t;
}

#[no_mangle]
pub unsafe extern "C" fn crate_refcount_init(n: i32) -> i32 {
    rust_helper_REFCOUNT_INIT(n).refs.counter
}
