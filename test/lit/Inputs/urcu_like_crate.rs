#![no_std]

extern "C" {
    fn rust_helper_rcu_read_lock();
    fn rust_helper_synchronize_rcu();
}

#[no_mangle]
pub extern "C" fn reader() {
    unsafe { rust_helper_rcu_read_lock() }
}

#[no_mangle]
pub extern "C" fn writer() {
    unsafe { rust_helper_synchronize_rcu() }
}
