/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A trimmed-down copy of the kernel's refcount_t (include/linux/refcount.h):
 * just enough to reproduce refcount_inc() as the kernel builds it.
 */
#ifndef HELPERLINK_EXAMPLE_REFCOUNT_H
#define HELPERLINK_EXAMPLE_REFCOUNT_H

#include <limits.h>

typedef struct {
	int counter;
} atomic_t;

typedef struct refcount_struct {
	atomic_t refs;
} refcount_t;

#define REFCOUNT_INIT(n) { .refs = { .counter = (n) } }
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

/*
 * __refcount_add(1, r, NULL). The kernel builds with -fno-strict-overflow,
 * so "old + 1 < 0" is a real check for old == INT_MAX; run.sh passes the
 * same flag.
 */
static inline void refcount_inc(refcount_t *r)
{
	int old = __atomic_fetch_add(&r->refs.counter, 1, __ATOMIC_RELAXED);

	if (__builtin_expect(!old, 0))
		refcount_warn_saturate(r, REFCOUNT_ADD_UAF);
	else if (__builtin_expect(old < 0 || old + 1 < 0, 0))
		refcount_warn_saturate(r, REFCOUNT_ADD_OVF);
}

#endif
