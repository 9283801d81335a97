// SPDX-License-Identifier: GPL-2.0
/*
 * Rust cannot call static inline functions: each gets an exported wrapper,
 * as in the kernel's rust/helpers. Plain functions (no __always_inline):
 * helperlink's plugin inlines them into the Rust code that calls them.
 */
#include "refcount.h"

void rust_helper_refcount_set(refcount_t *r, int n)
{
	refcount_set(r, n);
}

unsigned int rust_helper_refcount_read(const refcount_t *r)
{
	return refcount_read(r);
}

void rust_helper_refcount_inc(refcount_t *r)
{
	refcount_inc(r);
}

bool rust_helper_refcount_dec_and_test(refcount_t *r)
{
	return refcount_dec_and_test(r);
}
