// An arm64 crate built without a prebuilt core (rustup's toolchain here has
// the host's only): its language items come from Inputs/minicore.
#![feature(no_core)]
#![no_core]
#![crate_type = "lib"]

extern crate minicore;

extern "C" {
    fn rust_helper_logged(x: i32) -> i32;
}

#[no_mangle]
pub unsafe extern "C" fn crate_logged(x: i32) -> i32 {
    rust_helper_logged(x)
}
