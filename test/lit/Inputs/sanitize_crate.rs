#![no_std]

extern "C" {
    fn rust_helper_load(p: *const i32) -> i32;
}

#[no_mangle]
pub unsafe extern "C" fn crate_load(p: *const i32) -> i32 {
    rust_helper_load(p)
}
