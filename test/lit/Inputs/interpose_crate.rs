#![no_std]

extern "C" {
    fn rust_helper_cpu_count() -> i32;
    fn rust_helper_page_size() -> i32;
    fn rust_helper_parity(x: u32) -> i32;
    fn rust_helper_twice(x: i32) -> i32;
}

#[no_mangle]
pub unsafe extern "C" fn crate_cpus() -> i32 {
    rust_helper_cpu_count()
}

#[no_mangle]
pub unsafe extern "C" fn crate_page() -> i32 {
    rust_helper_page_size()
}

#[no_mangle]
pub unsafe extern "C" fn crate_parity(x: u32) -> i32 {
    rust_helper_parity(x)
}

#[no_mangle]
pub unsafe extern "C" fn crate_twice(x: i32) -> i32 {
    rust_helper_twice(x)
}
