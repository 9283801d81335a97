#![no_std]

extern "C" {
    fn rust_helper_apply(f: extern "C" fn(i32) -> i32, x: i32) -> i32;
}

#[no_mangle]
pub unsafe extern "C" fn crate_apply(f: extern "C" fn(i32) -> i32, x: i32) -> i32 {
    rust_helper_apply(f, x)
}
