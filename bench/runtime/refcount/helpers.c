// SPDX-License-Identifier: GPL-2.0
/* As the kernel's rust/helpers/refcount.c. Plain: __rust_helper is empty. */
#include "refcount.h"

__rust_helper void rust_helper_refcount_inc(refcount_t *r)
{
	refcount_inc(r);
}
