#![no_std]

extern "C" {
    fn rust_helper_ERR_PTR(err: i64) -> *mut i64;
    fn rust_helper_IS_ERR(ptr: *const i64) -> bool;
}

/// An empty slot becomes ERR_PTR(-ENOENT), then IS_ERR decides.
#[no_mangle]
pub unsafe extern "C" fn sum_slots(slots: *const *mut i64, n: usize) -> i64 {
    let mut sum = 0i64;
    let mut i = 0;
    while i < n {
        let mut p = *slots.add(i);
        if p.is_null() {
            p = rust_helper_ERR_PTR(-2);
        }
        sum += if rust_helper_IS_ERR(p) { p as i64 } else { *p };
        i += 1;
    }
    sum
}
