// SPDX-License-Identifier: GPL-2.0
/* spin_lock/unlock: the C loop and the checks. */
#include <stdio.h>
#include <stdlib.h>

#include "bench.h"
#include "spinlock.h"

struct locked_counter {
	spinlock_t lock;
	long counter;	/* protected by lock */
};

extern unsigned long slowpaths;	/* slowpath.c */

__attribute__((noinline)) long c_bench(void *ctx, unsigned long n)
{
	struct locked_counter *s = ctx;

	for (unsigned long i = 0; i < n; i++) {
		spin_lock(&s->lock);
		s->counter++;
		spin_unlock(&s->lock);
	}
	return 0;
}

static void *setup(unsigned long max_calls)
{
	(void)max_calls;
	return calloc(1, sizeof(struct locked_counter));
}

static void reset(void *ctx)
{
	struct locked_counter *s = ctx;

	s->lock.rlock.raw_lock.val.counter = 0;
	s->counter = 0;
}

static int check(void *ctx, unsigned long n, long ret, const char *variant)
{
	struct locked_counter *s = ctx;

	(void)ret;
	if (s->counter != (long)n || s->lock.rlock.raw_lock.val.counter != 0 ||
	    slowpaths) {
		fprintf(stderr, "%s: counter %ld (expected %lu), lock word %d, %lu slow paths\n",
			variant, s->counter, n, s->lock.rlock.raw_lock.val.counter,
			slowpaths);
		return 1;
	}
	return 0;
}

const struct shape shape = {
	.name = "spin_lock",
	.call = "spin_lock() + spin_unlock()",
	.setup = setup,
	.reset = reset,
	.check = check,
};
