/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ERR_PTR(), PTR_ERR() and IS_ERR() as in include/linux/err.h: an error code
 * in the top 4095 values of a pointer.
 */
#ifndef BENCH_ERR_H
#define BENCH_ERR_H

#include <stdbool.h>

#include "rust_helper.h"

#define MAX_ERRNO 4095
#define ENOENT 2

#define IS_ERR_VALUE(x) unlikely((unsigned long)(void *)(x) >= (unsigned long)-MAX_ERRNO)

static inline void *ERR_PTR(long error)
{
	return (void *)error;
}

static inline long PTR_ERR(const void *ptr)
{
	return (long)ptr;
}

static inline bool IS_ERR(const void *ptr)
{
	return IS_ERR_VALUE((unsigned long)ptr);
}

/* What the loop looks up: a table of objects, NULL where there is none. */
struct obj {
	long val;
};

#define NSLOTS 1024	/* a power of two */

struct table {
	struct obj *slots[NSLOTS];
};

#endif
