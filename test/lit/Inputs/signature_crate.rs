#![no_std]

extern "C" {
    // The C side takes and returns int: the crate passes and reads wider
    // integers, which inlining can convert exactly.
    fn rust_helper_abs(x: u64) -> u64;
    fn rust_helper_neg(x: u64) -> u64;
    // The C side takes and returns long: the crate passes fewer bits than it
    // reads.
    fn rust_helper_narrow(x: i32) -> i32;
    // The C side takes int.
    fn rust_helper_wide(x: u16) -> u64;
    fn rust_helper_via(x: i32) -> i32;
}

#[no_mangle]
pub unsafe extern "C" fn crate_abs(x: u64) -> u64 {
    rust_helper_abs(x)
}

#[no_mangle]
pub unsafe extern "C" fn crate_neg(x: u64) -> u64 {
    rust_helper_neg(x)
}

#[no_mangle]
pub unsafe extern "C" fn crate_narrow(x: i32) -> i32 {
    rust_helper_narrow(x)
}

/// Two calls to rust_helper_wide, each refused for its own reason: this one
/// for its signature, the one inlined from rust_helper_via for AVX2.
#[no_mangle]
pub unsafe extern "C" fn crate_two(x: u16) -> u64 {
    rust_helper_wide(x).wrapping_add(rust_helper_via(x as i32) as u64)
}
