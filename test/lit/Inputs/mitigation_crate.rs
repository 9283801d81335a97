#![no_std]

extern "C" {
    fn rust_helper_scale(x: i32, y: i32) -> i32;
    fn rust_helper_big_frame(n: i32) -> i32;
}

#[no_mangle]
pub unsafe extern "C" fn crate_scale(x: i32, y: i32) -> i32 {
    rust_helper_scale(x, y)
}

#[no_mangle]
pub unsafe extern "C" fn crate_big_frame(n: i32) -> i32 {
    rust_helper_big_frame(n)
}
