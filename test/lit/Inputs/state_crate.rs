#![no_std]

extern "C" {
    fn rust_helper_count_call() -> i32;
    fn rust_helper_prime(i: i32) -> i32;
}

#[no_mangle]
pub unsafe extern "C" fn crate_count() -> i32 {
    rust_helper_count_call()
}

#[no_mangle]
pub unsafe extern "C" fn crate_prime(i: i32) -> i32 {
    rust_helper_prime(i)
}
