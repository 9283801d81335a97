// SPDX-License-Identifier: GPL-2.0

//! refcount_inc() called from Rust in a timed loop: through the C helper
//! rust_helper_refcount_inc, unless the helper was inlined into this object.

use kernel::bindings;
use kernel::prelude::*;

module! {
    type: BenchRust,
    name: "helperlink_bench_rust",
    author: "helperlink",
    description: "refcount_inc loop from Rust, timed",
    license: "GPL",
}

const CALLS: u64 = 2_000_000;
const ROUNDS: usize = 7;

/// The hot loop. `#[no_mangle]` and `#[inline(never)]` keep it one named
/// function, so its machine code can be compared with the C twin's.
#[no_mangle]
#[inline(never)]
pub extern "C" fn helperlink_bench_rust_loop(r: *mut bindings::refcount_t, calls: u64) {
    for _ in 0..calls {
        // SAFETY: `r` points to a live refcount_t (see `init`).
        unsafe { bindings::refcount_inc(r) };
    }
}

struct BenchRust;

impl kernel::Module for BenchRust {
    fn init(_module: &'static ThisModule) -> Result<Self> {
        let mut best = u64::MAX;
        let mut rounds = [0u64; ROUNDS];
        for round in rounds.iter_mut() {
            // A fresh count each round, far from saturation.
            // SAFETY: FFI call; REFCOUNT_INIT only builds the value.
            let mut r: bindings::refcount_t = unsafe { bindings::REFCOUNT_INIT(1) };
            // SAFETY: FFI call without arguments.
            let t0 = unsafe { bindings::ktime_get() };
            helperlink_bench_rust_loop(&mut r, CALLS);
            // SAFETY: as above.
            let t1 = unsafe { bindings::ktime_get() };
            // SAFETY: `r` is live; the loop's atomics are done.
            let count = unsafe { core::ptr::read_volatile(&r.refs.counter) };
            if count as u64 != CALLS + 1 {
                pr_err!("refcount is {}, expected {}\n", count, CALLS + 1);
                return Err(EINVAL);
            }
            *round = (t1 - t0) as u64;
            best = best.min(*round);
        }
        rounds.sort_unstable();
        // Picoseconds per call, so that integer arithmetic keeps 3 decimals.
        pr_info!(
            "lang=rust calls={} rounds={} best_ps_per_call={} median_ps_per_call={}\n",
            CALLS,
            ROUNDS,
            best * 1000 / CALLS,
            rounds[ROUNDS / 2] * 1000 / CALLS
        );
        Ok(BenchRust)
    }
}
