#![no_std]

#[repr(C)]
pub struct Counter {
    value: i32,
}

extern "C" {
    fn rust_helper_counter_inc(c: *mut Counter);
    fn rust_helper_popcount(x: u64) -> i32;
    static mut shared_counter: Counter;
}

#[no_mangle]
pub unsafe extern "C" fn crate_bump_shared() {
    rust_helper_counter_inc(core::ptr::addr_of_mut!(shared_counter));
}

#[no_mangle]
pub unsafe extern "C" fn crate_bits(x: u64) -> i32 {
    rust_helper_popcount(x)
}
