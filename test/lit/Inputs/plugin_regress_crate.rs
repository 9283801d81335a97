#![no_std]

#[repr(C)]
pub struct Counter {
    value: i32,
}

extern "C" {
    fn rust_helper_counter_inc(c: *mut Counter);
}

// Receives the helper at pipeline start, then is inlined into its caller
// and deleted by rustc's optimizer before the plugin's last check.
#[inline]
fn bump(c: *mut Counter) {
    unsafe { rust_helper_counter_inc(c) }
}

#[no_mangle]
pub unsafe extern "C" fn crate_bump_twice(c: *mut Counter) {
    bump(c);
    bump(c);
}

// rustc's own optimizer turns this comparison into a bcmp call: not a
// symbol the helpers brought.
#[no_mangle]
pub fn crate_same(a: &[u8; 64], b: &[u8; 64]) -> bool {
    a == b
}
