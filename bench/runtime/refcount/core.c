// SPDX-License-Identifier: GPL-2.0
/* refcount_inc: the C loop and the checks. */
#include <stdio.h>
#include <stdlib.h>

#include "bench.h"
#include "refcount.h"

extern unsigned long refcount_warnings;	/* slowpath.c */

__attribute__((noinline)) long c_bench(void *ctx, unsigned long n)
{
	refcount_t *r = ctx;

	for (unsigned long i = 0; i < n; i++)
		refcount_inc(r);
	return 0;
}

static void *setup(unsigned long max_calls)
{
	if (max_calls >= INT_MAX) {
		fprintf(stderr, "refcount_inc: CALLS must be below %d\n", INT_MAX);
		exit(2);
	}
	return calloc(1, sizeof(refcount_t));
}

static void reset(void *ctx)
{
	((refcount_t *)ctx)->refs.counter = 1;
}

static int check(void *ctx, unsigned long n, long ret, const char *variant)
{
	int c = ((refcount_t *)ctx)->refs.counter;

	(void)ret;
	if (c != (int)n + 1 || refcount_warnings) {
		fprintf(stderr, "%s: counter %d (expected %lu), %lu saturation warnings\n",
			variant, c, n + 1, refcount_warnings);
		return 1;
	}
	return 0;
}

const struct shape shape = {
	.name = "refcount_inc",
	.call = "refcount_inc()",
	.setup = setup,
	.reset = reset,
	.check = check,
};
