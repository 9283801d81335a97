// Calls rust_helper_b only.
extern "C" {
    fn rust_helper_b(x: i32) -> i32;
}
pub fn via_b(x: i32) -> i32 {
    unsafe { rust_helper_b(x) }
}
