// SPDX-License-Identifier: GPL-2.0
/*
 * Non-trivial C macros and inline functions cannot be used by Rust directly,
 * so each gets a wrapper here, as in the kernel's rust/helpers/helpers.c.
 *
 * INLINE_HELPERS=0: compiled to helpers.o, linked into vmlinux and exported
 * (exports_helpers_generated.h); the modules call these functions.
 * INLINE_HELPERS=1: compiled to helpers.bc, which helperlink inlines into
 * built-in Rust code, and with -DMODULE to helpers_module.bc, which it
 * inlines into each module; nothing of this file is in vmlinux.
 *
 * The series defines __rust_helper as __always_inline so that LLVM's inliner
 * does not refuse the helpers over null_pointer_is_valid, no-builtin-* and
 * target-features differences. helperlink does not need it: the helpers are
 * plain functions here.
 */
#include "core.h"

#ifndef __rust_helper
#define __rust_helper
#endif

__rust_helper void rust_helper_refcount_set(refcount_t *r, int n)
{
	refcount_set(r, n);
}

__rust_helper unsigned int rust_helper_refcount_read(const refcount_t *r)
{
	return refcount_read(r);
}

__rust_helper void rust_helper_refcount_inc(refcount_t *r)
{
	refcount_inc(r);
}

__rust_helper bool rust_helper_refcount_dec_and_test(refcount_t *r)
{
	return refcount_dec_and_test(r);
}

__rust_helper void rust_helper_spin_lock(spinlock_t *lock)
{
	spin_lock(lock);
}

__rust_helper void rust_helper_spin_unlock(spinlock_t *lock)
{
	spin_unlock(lock);
}

__rust_helper void *rust_helper_vrealloc(const void *p, size_t size)
{
	return vrealloc(p, size);
}

__rust_helper unsigned long rust_helper_ticks_get(void)
{
	return ticks_get();
}
