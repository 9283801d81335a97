#![no_std]

extern "C" {
    fn rust_helper_addr() -> *const u8;
}

#[no_mangle]
pub extern "C" fn crate_addr() -> *const u8 {
    unsafe { rust_helper_addr() }
}
