// SPDX-License-Identifier: GPL-2.0
/* The C side: the out-of-line slow path and the C baseline benchmark. */
#include "refcount.h"

unsigned long refcount_warnings;
int refcount_last_warning = -1;

/*
 * noinline keeps this out of c_bench, as it would be in the kernel where it
 * lives in another translation unit; the Rust variants cannot inline it either.
 */
__attribute__((noinline)) void refcount_warn_saturate(refcount_t *r, int t)
{
	__atomic_store_n(&r->refs.counter, REFCOUNT_SATURATED, __ATOMIC_RELAXED);
	refcount_warnings++;
	refcount_last_warning = t;
}

__attribute__((noinline)) void c_bench(refcount_t *r, unsigned long n)
{
	for (unsigned long i = 0; i < n; i++)
		refcount_inc(r);
}
