//! A Rust program on liburing: it queues NOP requests and reaps their
//! completions through liburing's `static inline` API (`io_uring_get_sqe`,
//! `io_uring_prep_nop`, `io_uring_peek_cqe`, ...), which Rust reaches
//! through the C helpers in `helpers.c`. Built with helperlink, those
//! helpers are inlined into this binary; the system calls
//! (`io_uring_queue_init`, `io_uring_submit_and_wait`) stay liburing's.

use std::process::ExitCode;
use std::time::Instant;

/// `struct io_uring` and its entries, used through pointers only.
#[repr(C)]
struct IoUring {
    _opaque: [u8; 0],
}
#[repr(C)]
struct IoUringSqe {
    _opaque: [u8; 0],
}
#[repr(C)]
struct IoUringCqe {
    _opaque: [u8; 0],
}

extern "C" {
    // liburing's library functions (-luring).
    fn io_uring_queue_init(entries: u32, ring: *mut IoUring, flags: u32) -> i32;
    fn io_uring_queue_exit(ring: *mut IoUring);
    fn io_uring_submit_and_wait(ring: *mut IoUring, wait_nr: u32) -> i32;
    // Its static inline functions, through the helpers.
    fn rust_helper_io_uring_size() -> usize;
    fn rust_helper_io_uring_get_sqe(ring: *mut IoUring) -> *mut IoUringSqe;
    fn rust_helper_io_uring_prep_nop(sqe: *mut IoUringSqe);
    fn rust_helper_io_uring_sqe_set_data64(sqe: *mut IoUringSqe, data: u64);
    fn rust_helper_io_uring_sq_space_left(ring: *const IoUring) -> u32;
    fn rust_helper_io_uring_cq_ready(ring: *const IoUring) -> u32;
    fn rust_helper_io_uring_peek_cqe(ring: *mut IoUring, cqe: *mut *mut IoUringCqe) -> i32;
    fn rust_helper_io_uring_cqe_get_data64(cqe: *const IoUringCqe) -> u64;
    fn rust_helper_io_uring_cqe_res(cqe: *const IoUringCqe) -> i32;
    fn rust_helper_io_uring_cqe_seen(ring: *mut IoUring, cqe: *mut IoUringCqe);
}

const ENTRIES: u32 = 64;
const BATCH: u64 = 32;

/// Queues `n` NOPs in batches, submits each batch and reaps its
/// completions; returns the sum of the completions' user_data.
unsafe fn run_nops(ring: *mut IoUring, n: u64) -> Result<u64, String> {
    let mut sum = 0u64;
    let mut next = 0u64;
    while next < n {
        let batch = BATCH.min(n - next);
        if (rust_helper_io_uring_sq_space_left(ring) as u64) < batch {
            return Err("submission queue full".into());
        }
        for _ in 0..batch {
            let sqe = rust_helper_io_uring_get_sqe(ring);
            if sqe.is_null() {
                return Err("io_uring_get_sqe returned NULL".into());
            }
            rust_helper_io_uring_prep_nop(sqe);
            rust_helper_io_uring_sqe_set_data64(sqe, next);
            next += 1;
        }
        let rc = io_uring_submit_and_wait(ring, batch as u32);
        if rc < 0 {
            return Err(format!("io_uring_submit_and_wait: {}", std::io::Error::from_raw_os_error(-rc)));
        }
        while rust_helper_io_uring_cq_ready(ring) > 0 {
            let mut cqe: *mut IoUringCqe = std::ptr::null_mut();
            let rc = rust_helper_io_uring_peek_cqe(ring, &mut cqe);
            if rc != 0 {
                return Err(format!("io_uring_peek_cqe: {rc}"));
            }
            if rust_helper_io_uring_cqe_res(cqe) != 0 {
                return Err(format!("a NOP failed: {}", rust_helper_io_uring_cqe_res(cqe)));
            }
            sum += rust_helper_io_uring_cqe_get_data64(cqe);
            rust_helper_io_uring_cqe_seen(ring, cqe);
        }
    }
    Ok(sum)
}

fn main() -> ExitCode {
    let n: u64 = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(100_000);
    // struct io_uring's storage, sized by liburing's own header.
    let mut storage = vec![0u64; unsafe { rust_helper_io_uring_size() }.div_ceil(8)];
    let ring = storage.as_mut_ptr() as *mut IoUring;
    let rc = unsafe { io_uring_queue_init(ENTRIES, ring, 0) };
    if rc < 0 {
        eprintln!("io_uring_queue_init: {}", std::io::Error::from_raw_os_error(-rc));
        return ExitCode::from(2);
    }
    let start = Instant::now();
    let result = unsafe { run_nops(ring, n) };
    let elapsed = start.elapsed();
    unsafe { io_uring_queue_exit(ring) };
    match result {
        Ok(sum) if sum == n * (n - 1) / 2 => {
            println!("{n} NOPs queued, submitted and reaped through liburing: {:.0} ns per NOP",
                     elapsed.as_nanos() as f64 / n as f64);
            println!("result: ok");
            ExitCode::SUCCESS
        }
        Ok(sum) => {
            eprintln!("user_data sum {sum}, expected {}", n * (n - 1) / 2);
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}
