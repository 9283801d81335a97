#![no_std]

extern "C" {
    fn rust_helper_is_err(ptr: *const u8) -> i64;
}

/// rustc cannot vectorize this loop: each iteration calls the helper.
#[no_mangle]
pub unsafe extern "C" fn count_errors(ptrs: *const *const u8, n: usize) -> i64 {
    let mut errors = 0i64;
    for i in 0..n {
        errors += rust_helper_is_err(*ptrs.add(i));
    }
    errors
}
