// The crate's first function in rustc's output (a: rustc orders them by
// mangled name) enables AVX2 for itself
// (#[target_feature]); the crate as a whole does not.
extern "C" {
    fn rust_helper_counter_read(c: *const i32) -> i32;
}

pub fn read(c: &i32) -> i32 {
    unsafe { rust_helper_counter_read(c) }
}

#[target_feature(enable = "avx2")]
pub unsafe fn a(v: &[i32]) -> i32 {
    v.iter().sum()
}
