// Calls rust_helper_a only.
extern "C" {
    fn rust_helper_a(x: i32) -> i32;
}
pub fn via_a(x: i32) -> i32 {
    unsafe { rust_helper_a(x) }
}
