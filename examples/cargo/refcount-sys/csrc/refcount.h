/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The C library's API: refcount_t as the kernel has it (include/linux/refcount.h),
 * with the hot operations static inline, so that Rust reaches them only
 * through the helpers in helpers.c.
 */
#ifndef REFCOUNT_SYS_REFCOUNT_H
#define REFCOUNT_SYS_REFCOUNT_H

#include <limits.h>
#include <stdbool.h>

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

/* Out of line (refcount.c), in the library that is linked. */
void refcount_warn_saturate(refcount_t *r, int t);
unsigned long refcount_warnings(void);

static inline void refcount_set(refcount_t *r, int n)
{
	__atomic_store_n(&r->refs.counter, n, __ATOMIC_RELAXED);
}

static inline unsigned int refcount_read(const refcount_t *r)
{
	return __atomic_load_n(&r->refs.counter, __ATOMIC_RELAXED);
}

/* The library is built with -fno-strict-overflow, as the kernel: "old + 1 < 0" is a real check. */
static inline void refcount_inc(refcount_t *r)
{
	int old = __atomic_fetch_add(&r->refs.counter, 1, __ATOMIC_RELAXED);

	if (__builtin_expect(!old, 0))
		refcount_warn_saturate(r, REFCOUNT_ADD_UAF);
	else if (__builtin_expect(old < 0 || old + 1 < 0, 0))
		refcount_warn_saturate(r, REFCOUNT_ADD_OVF);
}

static inline bool refcount_dec_and_test(refcount_t *r)
{
	int old = __atomic_fetch_sub(&r->refs.counter, 1, __ATOMIC_RELEASE);

	if (old == 1) {
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
		return true;
	}
	if (__builtin_expect(old <= 0 || old - 1 < 0, 0))
		refcount_warn_saturate(r, REFCOUNT_SUB_UAF);
	return false;
}

#endif
