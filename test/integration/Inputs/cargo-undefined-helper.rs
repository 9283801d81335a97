
extern "C" {
    fn rust_helper_refcount_reset(r: *mut refcount_sys::refcount_t);
}

#[no_mangle]
pub extern "C" fn app_reset(r: &Refcount) {
    // SAFETY: a live refcount.
    unsafe { rust_helper_refcount_reset(r.as_ptr()) }
}
