// Four functions in four modules: with -C codegen-units=16 rustc puts each
// in a codegen unit of its own, and each calls the helpers.
#![no_std]

#[repr(C)]
pub struct Counter {
    value: i32,
}

extern "C" {
    fn rust_helper_counter_inc(c: *mut Counter);
    fn rust_helper_counter_read(c: *const Counter) -> i32;
}

macro_rules! unit {
    ($module:ident, $name:ident) => {
        pub mod $module {
            #[no_mangle]
            pub unsafe extern "C" fn $name(c: *mut super::Counter) -> i32 {
                super::rust_helper_counter_inc(c);
                super::rust_helper_counter_read(c)
            }
        }
    };
}

unit!(a, units_a);
unit!(b, units_b);
unit!(c, units_c);
unit!(d, units_d);
