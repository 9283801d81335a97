//! A small crate that calls no helper: building it with the rustc plugin
//! and a helper library costs only what the plugin itself adds to rustc
//! (loading it, reading the library, looking for calls).
#![no_std]

/// A rotate-xor checksum, so that the crate has some code to optimize and emit.
pub fn checksum(data: &[u8]) -> u32 {
    data.iter().fold(0x811c_9dc5u32, |h, &b| (h ^ u32::from(b)).rotate_left(5).wrapping_mul(0x0100_0193))
}

/// The length of the longest run of equal bytes.
pub fn longest_run(data: &[u8]) -> usize {
    let (mut best, mut cur) = (0, 0);
    for (i, &b) in data.iter().enumerate() {
        cur = if i > 0 && data[i - 1] == b { cur + 1 } else { 1 };
        best = best.max(cur);
    }
    best
}
