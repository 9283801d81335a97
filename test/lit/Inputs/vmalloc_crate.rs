#![no_std]

extern "C" {
    fn rust_helper_vrealloc(p: *const u8, size: usize, flags: u32) -> *mut u8;
    fn kfree(p: *const u8);
}

#[no_mangle]
pub unsafe extern "C" fn crate_grow(p: *const u8, size: usize) -> *mut u8 {
    let q = rust_helper_vrealloc(p, size, 0xcc0);
    if q.is_null() {
        kfree(p);
    }
    q
}
