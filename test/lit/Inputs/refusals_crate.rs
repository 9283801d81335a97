#![no_std]

#[repr(C)]
pub struct Node {
    left: *const Node,
    right: *const Node,
}

extern "C" {
    fn rust_helper_sum8(v: *const i32) -> i32;
    fn rust_helper_sum8_always(v: *const i32) -> i32;
    fn rust_helper_first_vararg(n: i32, ...) -> i32;
    fn rust_helper_dispatch(op: i32) -> i32;
    fn rust_helper_depth(n: *const Node) -> i32;
}

#[no_mangle]
pub unsafe extern "C" fn crate_sum(v: *const i32) -> i32 {
    rust_helper_sum8(v).wrapping_add(rust_helper_sum8_always(v))
}

#[no_mangle]
pub unsafe extern "C" fn crate_vararg() -> i32 {
    rust_helper_first_vararg(1, 7i32)
}

#[no_mangle]
pub unsafe extern "C" fn crate_dispatch(op: i32) -> i32 {
    rust_helper_dispatch(op)
}

#[no_mangle]
pub unsafe extern "C" fn crate_depth(n: *const Node) -> i32 {
    rust_helper_depth(n)
}
