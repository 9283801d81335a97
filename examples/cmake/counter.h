/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A kernel-style reference counter: the operations are static inline, so
 * C code gets them inlined, and Rust can only reach them through the
 * rust_helper_* wrappers in helpers.c.
 */
#ifndef EXAMPLE_COUNTER_H
#define EXAMPLE_COUNTER_H

#include <limits.h>
#include <stdbool.h>

struct counter {
	int refs;
};

#define COUNTER_INIT(n) { .refs = (n) }

/* Out of line, in main.c, as the kernel's refcount_warn_saturate(). */
void counter_warn(struct counter *c, const char *what);

static inline void counter_get(struct counter *c)
{
	int old = __atomic_fetch_add(&c->refs, 1, __ATOMIC_RELAXED);

	if (__builtin_expect(old <= 0 || old == INT_MAX, 0))
		counter_warn(c, "get on a dead or saturated counter");
}

/* Drops a reference; true when it was the last one. */
static inline bool counter_put(struct counter *c)
{
	int old = __atomic_fetch_sub(&c->refs, 1, __ATOMIC_RELEASE);

	if (__builtin_expect(old <= 0, 0)) {
		counter_warn(c, "put on a dead counter");
		return false;
	}
	return old == 1;
}

static inline int counter_read(const struct counter *c)
{
	return __atomic_load_n(&c->refs, __ATOMIC_RELAXED);
}

#endif
