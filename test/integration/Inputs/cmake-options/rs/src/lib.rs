#![no_std]
extern "C" {
    fn rust_helper_a(x: i32) -> i32;
    fn rust_helper_b(x: i32) -> i32;
    fn rust_helper_c(x: i32) -> i32;
}
#[no_mangle]
pub extern "C" fn combo(x: i32) -> i32 {
    unsafe { rust_helper_c(rust_helper_b(rust_helper_a(x))) }
}
