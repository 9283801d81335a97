//! Rust view of `struct counter` (counter.h), through the C helpers.

/// Mirror of `struct counter`.
#[repr(C)]
pub struct Counter {
    refs: i32,
}

extern "C" {
    fn rust_helper_counter_get(c: *mut Counter);
    fn rust_helper_counter_put(c: *mut Counter) -> bool;
    fn rust_helper_counter_read(c: *const Counter) -> i32;
}

impl Counter {
    /// Takes a reference.
    pub fn get(&self) {
        // SAFETY: `self` is a live counter; C only touches it atomically.
        unsafe { rust_helper_counter_get(self as *const Counter as *mut Counter) }
    }

    /// Drops a reference; true when it was the last one.
    pub fn put(&self) -> bool {
        // SAFETY: as in `get`.
        unsafe { rust_helper_counter_put(self as *const Counter as *mut Counter) }
    }

    /// The current count.
    pub fn read(&self) -> i32 {
        // SAFETY: as in `get`.
        unsafe { rust_helper_counter_read(self) }
    }
}
