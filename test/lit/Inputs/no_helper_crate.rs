#![no_std]

extern "C" {
    fn c_library_call(x: i32) -> i32;
}

#[no_mangle]
pub unsafe extern "C" fn crate_calls_the_library(x: i32) -> i32 {
    c_library_call(x)
}
