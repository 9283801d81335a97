/* SPDX-License-Identifier: GPL-2.0 */
/*
 * refcount_inc() as the kernel builds it (include/linux/refcount.h):
 * __refcount_add(1, r, NULL) with its saturation checks. Same as
 * examples/refcount/refcount.h. Built with -fno-strict-overflow like the
 * kernel, so "old + 1 < 0" is a real check for old == INT_MAX.
 */
#ifndef BENCH_REFCOUNT_H
#define BENCH_REFCOUNT_H

#include <limits.h>

#include "rust_helper.h"

typedef struct {
	int counter;
} atomic_t;

typedef struct refcount_struct {
	atomic_t refs;
} refcount_t;

#define REFCOUNT_SATURATED (INT_MIN / 2)

enum refcount_saturation_type {
	REFCOUNT_ADD_NOT_ZERO_OVF,
	REFCOUNT_ADD_OVF,
	REFCOUNT_ADD_UAF,
	REFCOUNT_SUB_UAF,
	REFCOUNT_DEC_LEAK,
};

/* Out of line, as in the kernel (lib/refcount.c); defined in core.c. */
void refcount_warn_saturate(refcount_t *r, int t);

static inline void refcount_inc(refcount_t *r)
{
	int old = __atomic_fetch_add(&r->refs.counter, 1, __ATOMIC_RELAXED);

	if (unlikely(!old))
		refcount_warn_saturate(r, REFCOUNT_ADD_UAF);
	else if (unlikely(old < 0 || old + 1 < 0))
		refcount_warn_saturate(r, REFCOUNT_ADD_OVF);
}

#endif
