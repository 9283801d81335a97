#![no_std]

extern "C" {
    fn rust_helper_counter_inc(c: *mut i32);
}

#[no_mangle]
pub unsafe extern "C" fn crate_inc(c: *mut i32) {
    rust_helper_counter_inc(c)
}
