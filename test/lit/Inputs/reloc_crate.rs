#![no_std]

extern "C" {
    fn rust_helper_get() -> i32;
    fn rust_helper_get_at(i: isize) -> i32;
}

#[no_mangle]
pub extern "C" fn crate_get() -> i32 {
    unsafe { rust_helper_get() }
}

#[no_mangle]
pub extern "C" fn crate_get_at(i: isize) -> i32 {
    unsafe { rust_helper_get_at(i) }
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    loop {}
}
