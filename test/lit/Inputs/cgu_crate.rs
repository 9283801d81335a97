// A crate that rustc splits into several codegen units (one per module at
// -C codegen-units=16), each calling a helper.
#![no_std]

extern "C" {
    fn rust_helper_counter_inc(c: *mut i32);
    fn rust_helper_counter_read(c: *const i32) -> i32;
}

pub mod first {
    #[no_mangle]
    pub unsafe extern "C" fn cgu_first(c: *mut i32) -> i32 {
        super::rust_helper_counter_inc(c);
        super::rust_helper_counter_read(c)
    }
}

pub mod second {
    #[no_mangle]
    pub unsafe extern "C" fn cgu_second(c: *mut i32) {
        super::rust_helper_counter_inc(c);
        super::rust_helper_counter_inc(c);
    }
}

pub mod third {
    #[no_mangle]
    pub unsafe extern "C" fn cgu_third(c: *const i32) -> i32 {
        super::rust_helper_counter_read(c) * 3
    }
}
