/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The "kernel" API of this example. As in the kernel, the hot operations
 * are static inline (Rust reaches them only through helpers/helpers.c) and
 * call out-of-line, exported functions on their slow paths.
 */
#ifndef EXAMPLE_CORE_H
#define EXAMPLE_CORE_H

#include <stdbool.h>
#include <stddef.h>

/* --- printk ------------------------------------------------------------ */

int _printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* --- refcount_t, as include/linux/refcount.h ----------------------------- */

typedef struct {
	int counter;
} atomic_t;

typedef struct refcount_struct {
	atomic_t refs;
} refcount_t;

enum refcount_saturation_type {
	REFCOUNT_ADD_NOT_ZERO_OVF,
	REFCOUNT_ADD_OVF,
	REFCOUNT_ADD_UAF,
	REFCOUNT_SUB_UAF,
	REFCOUNT_DEC_LEAK,
};

void refcount_warn_saturate(refcount_t *r, enum refcount_saturation_type t);

static inline void refcount_set(refcount_t *r, int n)
{
	__atomic_store_n(&r->refs.counter, n, __ATOMIC_RELAXED);
}

static inline unsigned int refcount_read(const refcount_t *r)
{
	return __atomic_load_n(&r->refs.counter, __ATOMIC_RELAXED);
}

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

/* --- spinlock_t ------------------------------------------------------------ */

typedef struct {
	int locked;
} spinlock_t;

static inline void cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__asm__ __volatile__("rep; nop" ::: "memory");
#else
	__asm__ __volatile__("" ::: "memory");
#endif
}

static inline void spin_lock(spinlock_t *lock)
{
	while (__atomic_exchange_n(&lock->locked, 1, __ATOMIC_ACQUIRE))
		while (__atomic_load_n(&lock->locked, __ATOMIC_RELAXED))
			cpu_relax();
}

static inline void spin_unlock(spinlock_t *lock)
{
	__atomic_store_n(&lock->locked, 0, __ATOMIC_RELEASE);
}

/* --- vmalloc, as include/linux/vmalloc.h ----------------------------------- */

#define NUMA_NO_NODE (-1)

/*
 * Exported by core.c, except with DEMO_MISSING_EXPORT=1: then only the C
 * side (and so the helper, when it is linked into vmlinux) may call it, as
 * with vrealloc_node_align_noprof() before [PATCH 1/4] of the series.
 */
void *vrealloc_node_noprof(const void *p, size_t size, int node);
void vfree(const void *p);

static inline void *vrealloc(const void *p, size_t size)
{
	return vrealloc_node_noprof(p, size, NUMA_NO_NODE);
}

/* --- ticks: one inline function, two bodies (MODULE) --------------------- */

/*
 * As with the kernel's static calls (EXPORT_STATIC_CALL_TRAMP exports the
 * trampoline, not the key) or THIS_MODULE, the header gives built-in code
 * and modules different code: built-in code reads core_ticks directly,
 * modules may only call the exported core_ticks_read(). A helper compiled
 * without -DMODULE and inlined into a module would reference core_ticks,
 * which no module can link against: hence helpers_module.bc.
 */
extern unsigned long core_ticks;	/* not exported */
unsigned long core_ticks_read(void);	/* EXPORT_SYMBOL */

static inline unsigned long ticks_get(void)
{
#ifdef MODULE
	return core_ticks_read();
#else
	return __atomic_load_n(&core_ticks, __ATOMIC_RELAXED);
#endif
}

#endif
