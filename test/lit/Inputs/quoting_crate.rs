#![no_std]

extern "C" {
    fn rust_helper_get() -> i32;
    fn rust_helper_counter_read(c: *const i32) -> i32;
}

#[no_mangle]
pub unsafe extern "C" fn crate_sum(c: *const i32) -> i32 {
    rust_helper_get() + rust_helper_counter_read(c)
}
