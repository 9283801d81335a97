#![no_std]

extern "C" {
    fn rust_helper_addr() -> *const u8;
}

#[no_mangle]
pub extern "C" fn crate_addr() -> *const u8 {
    unsafe { rust_helper_addr() }
}

/// rustc declares memcmp for this without dso_local, even in a static
/// crate (and LLVM's bcmp after it): a declaration outside the crate's rule.
#[no_mangle]
pub extern "C" fn crate_same(a: &[u8], b: &[u8]) -> bool {
    a == b
}
