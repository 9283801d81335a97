//! io_uring shape: liburing's submission and completion fast path through
//! its C helpers, as a Rust program using liburing calls it.

#![no_std]

/// `struct io_uring`, `struct io_uring_sqe`, `struct io_uring_cqe`: used
/// through pointers only.
#[repr(C)]
pub struct IoUring {
    _opaque: [u8; 0],
}
#[repr(C)]
pub struct IoUringSqe {
    _opaque: [u8; 0],
}
#[repr(C)]
pub struct IoUringCqe {
    _opaque: [u8; 0],
}

extern "C" {
    fn rust_helper_io_uring_get_sqe(ring: *mut IoUring) -> *mut IoUringSqe;
    fn rust_helper_io_uring_prep_nop(sqe: *mut IoUringSqe);
    fn rust_helper_io_uring_sqe_set_data64(sqe: *mut IoUringSqe, data: u64);
    fn rust_helper_io_uring_peek_cqe(ring: *mut IoUring, cqe: *mut *mut IoUringCqe) -> i32;
    fn rust_helper_io_uring_cqe_get_data64(cqe: *const IoUringCqe) -> u64;
    fn rust_helper_io_uring_cqe_seen(ring: *mut IoUring, cqe: *mut IoUringCqe);
}

/// Queues `n` NOPs and reaps `n` completions; returns the sum of their
/// user_data, -1 when the submission queue is full, -2 when no completion
/// is ready.
///
/// # Safety
///
/// `ring` must point to a set-up `struct io_uring`.
#[no_mangle]
pub unsafe extern "C" fn rust_bench(ring: *mut IoUring, n: u64) -> i64 {
    let mut sum: i64 = 0;
    for i in 0..n {
        let sqe = rust_helper_io_uring_get_sqe(ring);
        if sqe.is_null() {
            return -1;
        }
        rust_helper_io_uring_prep_nop(sqe);
        rust_helper_io_uring_sqe_set_data64(sqe, i);
        let mut cqe: *mut IoUringCqe = core::ptr::null_mut();
        if rust_helper_io_uring_peek_cqe(ring, &mut cqe) != 0 {
            return -2;
        }
        sum += rust_helper_io_uring_cqe_get_data64(cqe) as i64;
        rust_helper_io_uring_cqe_seen(ring, cqe);
    }
    sum
}
