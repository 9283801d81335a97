// SPDX-License-Identifier: GPL-2.0
/*
 * container_of: the C loop and the checks. Each call takes the next list node
 * from an array, gets its item with node_to_item() (list_entry() style) and
 * adds the item's value.
 */
#include <stdio.h>
#include <stdlib.h>

#include "bench.h"
#include "item.h"

__attribute__((noinline)) long c_bench(void *ctx, unsigned long n)
{
	struct nodes *s = ctx;
	long sum = 0;

	for (unsigned long i = 0; i < n; i++) {
		struct item *it = node_to_item(s->node[i & (NITEMS - 1)]);

		sum += it->val;
	}
	return sum;
}

static void *setup(unsigned long max_calls)
{
	struct nodes *s = calloc(1, sizeof(*s));

	(void)max_calls;
	if (!s || !(s->items = calloc(NITEMS, sizeof(struct item)))) {
		perror("calloc");
		exit(1);
	}
	/*
	 * Slot i holds the node of item (i * 37) % NITEMS, a fixed permutation
	 * (37 is odd); the items are linked in that order.
	 */
	for (unsigned int i = 0; i < NITEMS; i++) {
		struct item *a = &s->items[(i * 37) % NITEMS];
		struct item *b = &s->items[((i + 1) * 37) % NITEMS];

		a->val = (long)((i * 37) % NITEMS) * 5 + 1;
		a->owner = s;
		a->node.next = &b->node;
		b->node.prev = &a->node;
		s->node[i] = &a->node;
	}
	return s;
}

static void reset(void *ctx)
{
	(void)ctx;
}

static int check(void *ctx, unsigned long n, long ret, const char *variant)
{
	long expect = 0;

	(void)ctx;
	for (unsigned long i = 0; i < n; i++)
		expect += (long)(((i % NITEMS) * 37) % NITEMS) * 5 + 1;
	if (ret != expect) {
		fprintf(stderr, "%s: sum %ld, expected %ld\n", variant, ret, expect);
		return 1;
	}
	return 0;
}

const struct shape shape = {
	.name = "container_of",
	.call = "list_entry()-style node_to_item() + read",
	.setup = setup,
	.reset = reset,
	.check = check,
};
