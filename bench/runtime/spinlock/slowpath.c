// SPDX-License-Identifier: GPL-2.0
/*
 * The contended path, in its own translation unit as in the kernel
 * (kernel/locking/qspinlock.c), so that the C loop cannot be optimized
 * across the call either.
 */
#include "spinlock.h"

unsigned long slowpaths;

/* Never taken here (one thread); a real, correct spin if it were. */
void queued_spin_lock_slowpath(struct qspinlock *lock, u32 val)
{
	slowpaths++;
	while (!atomic_try_cmpxchg_acquire(&lock->val, (int *)&val, _Q_LOCKED_VAL)) {
		while (__atomic_load_n(&lock->val.counter, __ATOMIC_RELAXED))
			__builtin_ia32_pause();
		val = 0;
	}
}
