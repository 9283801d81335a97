/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel-style bit operations on an array of unsigned long: static inline,
 * so Rust reaches them only through the helpers in helpers.c.
 */
#ifndef EXAMPLE_BITMAP_H
#define EXAMPLE_BITMAP_H

#include <stdbool.h>

#define BITS_PER_LONG (8 * sizeof(unsigned long))
#define BIT_WORD(nr) ((nr) / BITS_PER_LONG)
#define BIT_MASK(nr) (1UL << ((nr) % BITS_PER_LONG))
#define BITS_TO_LONGS(n) (((n) + BITS_PER_LONG - 1) / BITS_PER_LONG)

static inline void __set_bit(unsigned long nr, unsigned long *addr)
{
	addr[BIT_WORD(nr)] |= BIT_MASK(nr);
}

static inline bool test_bit(unsigned long nr, const unsigned long *addr)
{
	return addr[BIT_WORD(nr)] & BIT_MASK(nr);
}

#endif
