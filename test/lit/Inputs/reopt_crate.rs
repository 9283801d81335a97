#![no_std]

#[repr(C)]
pub struct Counter {
    value: i32,
}

extern "C" {
    fn rust_helper_counter_inc(c: *mut Counter);
}

#[no_mangle]
pub unsafe extern "C" fn touched(c: *mut Counter, n: u32) {
    let mut i = 0;
    while i < n {
        rust_helper_counter_inc(c);
        i = i.wrapping_add(1);
    }
}

#[no_mangle]
pub extern "C" fn untouched(x: u32) -> u32 {
    let mut y = x;
    y = y.wrapping_mul(3);
    y
}
