/* SPDX-License-Identifier: GPL-2.0 */
/*
 * spin_lock()/spin_unlock() as an SMP, non-debug x86 kernel builds them:
 * the qspinlock fast path (include/asm-generic/qspinlock.h), a cmpxchg with
 * acquire ordering, and the unlock as smp_store_release() of the locked byte
 * (x86: compiler barrier + WRITE_ONCE). preempt_disable()/preempt_enable()
 * are compiler barriers, as without CONFIG_PREEMPT_COUNT. The contended path
 * is out of line, as in kernel/locking/qspinlock.c.
 */
#ifndef BENCH_SPINLOCK_H
#define BENCH_SPINLOCK_H

#include "rust_helper.h"

typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;

typedef struct {
	int counter;
} atomic_t;

typedef struct qspinlock {
	union {
		atomic_t val;
		struct {
			u8 locked;
			u8 pending;
		};
		struct {
			u16 locked_pending;
			u16 tail;
		};
	};
} arch_spinlock_t;

typedef struct raw_spinlock {
	arch_spinlock_t raw_lock;
} raw_spinlock_t;

typedef struct spinlock {
	struct raw_spinlock rlock;
} spinlock_t;

#define _Q_LOCKED_VAL 1U

/* Out of line, defined in core.c. */
void queued_spin_lock_slowpath(struct qspinlock *lock, u32 val);

#define preempt_disable() barrier()
#define preempt_enable() barrier()

#define WRITE_ONCE(x, val) (*(volatile __typeof__(x) *)&(x) = (val))
#define smp_store_release(p, v) \
	do {                     \
		barrier();       \
		WRITE_ONCE(*p, v); \
	} while (0)

static inline int atomic_try_cmpxchg_acquire(atomic_t *v, int *old, int new)
{
	return __atomic_compare_exchange_n(&v->counter, old, new, 0,
					   __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
}

static inline void queued_spin_lock(struct qspinlock *lock)
{
	int val = 0;

	if (likely(atomic_try_cmpxchg_acquire(&lock->val, &val, _Q_LOCKED_VAL)))
		return;

	queued_spin_lock_slowpath(lock, val);
}

static inline void queued_spin_unlock(struct qspinlock *lock)
{
	smp_store_release(&lock->locked, 0);
}

static inline void spin_lock(spinlock_t *lock)
{
	preempt_disable();
	queued_spin_lock(&lock->rlock.raw_lock);
}

static inline void spin_unlock(spinlock_t *lock)
{
	queued_spin_unlock(&lock->rlock.raw_lock);
	preempt_enable();
}

#endif
