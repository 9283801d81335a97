/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Interface between the generic timing driver (driver.c) and one shape
 * (<shape>/core.c). Every variant of a shape is a loop
 *
 *     long LOOP(void *ctx, unsigned long n);
 *
 * that performs n "calls" (one use of the C static inline function(s) the
 * shape is about) on the shape's context and returns a checksum.
 */
#ifndef BENCH_BENCH_H
#define BENCH_BENCH_H

struct shape {
	const char *name;	/* e.g. "refcount_inc" */
	const char *call;	/* what one call is, e.g. "refcount_inc()" */
	/* Allocates the context for loops of up to max_calls calls. */
	void *(*setup)(unsigned long max_calls);
	/* Puts the context back in its initial state before each run. */
	void (*reset)(void *ctx);
	/*
	 * Checks the context after a run of n calls that returned ret;
	 * returns 0 if fine, else prints what is wrong (prefixed by variant)
	 * and returns 1.
	 */
	int (*check)(void *ctx, unsigned long n, long ret, const char *variant);
};

extern const struct shape shape;

/* The C baseline: the static inline function called directly. */
long c_bench(void *ctx, unsigned long n);

/*
 * The same Rust crate built five ways (rust_bench renamed with llvm-objcopy):
 * calling the plain helpers out of line; through the series' llvm-link +
 * clang -O2 pipeline; through helperlink (default --reopt=touched); through
 * helperlink's rustc plugin (inlined at the start of rustc's own pipeline);
 * through helperlink --reopt=module (an extra, to tell the re-optimization
 * scope's share in a difference).
 */
long rust_bench_call(void *ctx, unsigned long n);
long rust_bench_series(void *ctx, unsigned long n);
long rust_bench_helperlink(void *ctx, unsigned long n);
long rust_bench_plugin(void *ctx, unsigned long n);
long rust_bench_hlmodule(void *ctx, unsigned long n);

#endif
