#![no_std]

extern "C" {
    // The C side takes and returns int.
    fn rust_helper_abs(x: u64) -> u64;
    fn rust_helper_wide(x: u64) -> u64;
    fn rust_helper_via(x: i32) -> i32;
}

#[no_mangle]
pub unsafe extern "C" fn crate_abs(x: u64) -> u64 {
    rust_helper_abs(x)
}

/// Two calls to rust_helper_wide, each refused for its own reason: this one
/// for its signature, the one inlined from rust_helper_via for AVX2.
#[no_mangle]
pub unsafe extern "C" fn crate_two(x: i32) -> u64 {
    rust_helper_wide(x as u64).wrapping_add(rust_helper_via(x) as u64)
}
