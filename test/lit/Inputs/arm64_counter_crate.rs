// An arm64 crate built without a prebuilt core (rustup's toolchain here has
// the host's only): the few language items a call needs, as rustc's own
// codegen tests do. Built with RUSTC_BOOTSTRAP=1.
#![feature(no_core, lang_items)]
#![no_core]
#![crate_type = "lib"]
#![allow(internal_features)]

#[lang = "pointee_sized"]
pub trait PointeeSized {}
#[lang = "meta_sized"]
pub trait MetaSized: PointeeSized {}
#[lang = "sized"]
pub trait Sized: MetaSized {}
#[lang = "copy"]
pub trait Copy {}
impl Copy for i32 {}

extern "C" {
    fn rust_helper_counter_inc(c: *mut i32);
}

#[no_mangle]
pub unsafe extern "C" fn crate_inc(c: *mut i32) {
    rust_helper_counter_inc(c)
}
