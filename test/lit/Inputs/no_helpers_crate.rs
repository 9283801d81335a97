#![no_std]

// Calls no helper.
#[no_mangle]
pub extern "C" fn crate_add(a: u64, b: u64) -> u64 {
    a.wrapping_add(b)
}
