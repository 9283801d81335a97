/* A library header in liburcu's style: the read-side lock is an inline
 * fast path with _LGPL_SOURCE, and otherwise the library's out-of-line
 * function of the same name (urcu_like.c). */
#ifndef URCU_LIKE_H
#define URCU_LIKE_H

extern int urcu_like_nesting;

#ifdef _LGPL_SOURCE
static inline void rcu_read_lock(void)
{
	__atomic_store_n(&urcu_like_nesting, urcu_like_nesting + 1, __ATOMIC_RELAXED);
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
}
#else
void rcu_read_lock(void);
#endif

/* A macro the helper wraps: a function of another name. */
void urcu_like_synchronize_impl(int flags);
#define synchronize_rcu() urcu_like_synchronize_impl(0)

#endif
