/* SPDX-License-Identifier: GPL-2.0 */
/*
 * __rust_helper marks a Rust helper wrapper, as in the kernel series that
 * makes the helpers inlinable: it expands to nothing for the plain helpers
 * (helpers.c, what helperlink gets) and to always_inline in
 * helpers_always_inline.c (what the series' llvm-link + clang -O2 pipeline
 * needs, since LLVM's normal inliner would not inline them into Rust code).
 */
#ifndef BENCH_RUST_HELPER_H
#define BENCH_RUST_HELPER_H

#ifndef __rust_helper
#define __rust_helper
#endif

#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
#define barrier() __asm__ __volatile__("" : : : "memory")

#endif
