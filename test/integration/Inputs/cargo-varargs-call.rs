
extern "C" {
    fn rust_helper_sum(n: i32, ...) -> i32;
}

#[no_mangle]
pub extern "C" fn app_sum() -> i32 {
    // SAFETY: two int arguments, as n says.
    unsafe { rust_helper_sum(2, 3, 4) }
}
