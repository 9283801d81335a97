// A static library for a C program: the helpers inlined into its one
// exported function.
#![no_std]

#[repr(C)]
pub struct Counter {
    value: i32,
}

extern "C" {
    fn rust_helper_counter_inc(c: *mut Counter);
    fn rust_helper_counter_read(c: *const Counter) -> i32;
}

#[no_mangle]
pub unsafe extern "C" fn crate_bump(c: *mut Counter) -> i32 {
    rust_helper_counter_inc(c);
    rust_helper_counter_read(c)
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    loop {}
}
