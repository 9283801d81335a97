/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A container_of() accessor (include/linux/container_of.h) on an intrusive
 * list node (include/linux/list.h): node_to_item() is what
 * list_entry()/list_next_entry() expand to, as a static inline function.
 */
#ifndef BENCH_ITEM_H
#define BENCH_ITEM_H

#include <stddef.h>

#include "rust_helper.h"

struct list_head {
	struct list_head *next, *prev;
};

struct item {
	unsigned long flags;
	long val;
	struct list_head node;
	void *owner;
};

#define container_of(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))

static inline struct item *node_to_item(const struct list_head *node)
{
	return container_of(node, struct item, node);
}

#define NITEMS 64

/*
 * What the loop walks: the list nodes of NITEMS items, in a scrambled order,
 * as an array (a ring list walk would be bound by the latency of the loads
 * chained through ->next, which hides the cost of a call entirely).
 */
struct nodes {
	struct list_head *node[NITEMS];
	struct item *items;
};

#endif
