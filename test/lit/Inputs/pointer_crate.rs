#![no_std]

extern "C" {
    fn rust_helper_counter_inc(c: *mut i32);
}

/// A C function reached through a pointer, as an allocator's realloc is.
pub struct Step(unsafe extern "C" fn(*mut i32));

impl Step {
    pub unsafe fn call(&self, c: *mut i32) {
        unsafe { (self.0)(c) }
    }
}

pub const INC: Step = Step(rust_helper_counter_inc);

#[no_mangle]
pub unsafe extern "C" fn crate_inc_through_pointer(c: *mut i32) {
    unsafe { INC.call(c) }
}
