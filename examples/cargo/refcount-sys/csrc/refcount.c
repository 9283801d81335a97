// SPDX-License-Identifier: GPL-2.0
/* The library's out-of-line part: the saturation slow path. */
#include "refcount.h"

static unsigned long warnings;

void refcount_warn_saturate(refcount_t *r, int t)
{
	(void)t;
	__atomic_store_n(&r->refs.counter, REFCOUNT_SATURATED, __ATOMIC_RELAXED);
	__atomic_fetch_add(&warnings, 1, __ATOMIC_RELAXED);
}

unsigned long refcount_warnings(void)
{
	return __atomic_load_n(&warnings, __ATOMIC_RELAXED);
}
