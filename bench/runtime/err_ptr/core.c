// SPDX-License-Identifier: GPL-2.0
/*
 * ERR_PTR/IS_ERR: the C loop and the checks. Each call looks up a slot; an
 * empty slot becomes ERR_PTR(-ENOENT) (as a lookup function would return
 * it), then IS_ERR() decides between PTR_ERR() and reading the object.
 */
#include <stdio.h>
#include <stdlib.h>

#include "bench.h"
#include "err.h"

static inline void *lookup(struct table *t, unsigned long i)
{
	struct obj *o = t->slots[i & (NSLOTS - 1)];

	return o ? o : ERR_PTR(-ENOENT);
}

__attribute__((noinline)) long c_bench(void *ctx, unsigned long n)
{
	struct table *t = ctx;
	long sum = 0;

	for (unsigned long i = 0; i < n; i++) {
		void *p = lookup(t, i);

		if (IS_ERR(p))
			sum += PTR_ERR(p);
		else
			sum += ((struct obj *)p)->val;
	}
	return sum;
}

/* One slot in 64 is empty: errors are the rare path. */
static void *setup(unsigned long max_calls)
{
	struct table *t = calloc(1, sizeof(*t));
	struct obj *objs = calloc(NSLOTS, sizeof(*objs));

	(void)max_calls;
	if (!t || !objs) {
		perror("calloc");
		exit(1);
	}
	for (unsigned long i = 0; i < NSLOTS; i++) {
		objs[i].val = (long)(i * 7 + 3);
		t->slots[i] = i % 64 == 17 ? NULL : &objs[i];
	}
	return t;
}

static void reset(void *ctx)
{
	(void)ctx;
}

static int check(void *ctx, unsigned long n, long ret, const char *variant)
{
	struct table *t = ctx;
	long expect = 0;

	for (unsigned long i = 0; i < n; i++) {
		struct obj *o = t->slots[i % NSLOTS];

		expect += o ? o->val : -ENOENT;
	}
	if (ret != expect) {
		fprintf(stderr, "%s: sum %ld, expected %ld\n", variant, ret, expect);
		return 1;
	}
	return 0;
}

const struct shape shape = {
	.name = "ERR_PTR/IS_ERR",
	.call = "lookup + IS_ERR() (+ PTR_ERR()/ERR_PTR())",
	.setup = setup,
	.reset = reset,
	.check = check,
};
