// SPDX-License-Identifier: GPL-2.0
/*
 * The out-of-line saturation path, in its own translation unit as in the
 * kernel (lib/refcount.c), so that the C loop cannot be optimized across the
 * call either.
 */
#include "refcount.h"

unsigned long refcount_warnings;
int refcount_last_warning = -1;

void refcount_warn_saturate(refcount_t *r, int t)
{
	__atomic_store_n(&r->refs.counter, REFCOUNT_SATURATED, __ATOMIC_RELAXED);
	refcount_warnings++;
	refcount_last_warning = t;
}
