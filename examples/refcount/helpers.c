// SPDX-License-Identifier: GPL-2.0
/*
 * Rust-callable wrapper, in the style of the kernel's rust/helpers/refcount.c.
 * Deliberately a plain external function, not inline/always_inline: without
 * helperlink every use from Rust is a real call into this object.
 */
#include "refcount.h"

void rust_helper_refcount_inc(refcount_t *r)
{
	refcount_inc(r);
}
