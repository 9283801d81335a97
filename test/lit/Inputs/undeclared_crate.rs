#![no_std]

#[repr(C)]
pub struct Counter {
    value: i32,
}

extern "C" {
    fn rust_helper_counter_inc(c: *mut Counter);
    // No helper file defines this one: the program would not link.
    fn rust_helper_counter_clear(c: *mut Counter);
}

#[no_mangle]
pub unsafe extern "C" fn crate_bump_and_reset(c: *mut Counter) {
    rust_helper_counter_inc(c);
    rust_helper_counter_clear(c);
}
