// SPDX-License-Identifier: GPL-2.0
/*
 * Rust-callable wrappers around counter.h's static inline functions, in the
 * style of the kernel's rust/helpers/. Plain functions: helperlink inlines
 * them into the Rust crate, so the program does not link this file at all.
 */
#include "counter.h"

void rust_helper_counter_get(struct counter *c)
{
	counter_get(c);
}

bool rust_helper_counter_put(struct counter *c)
{
	return counter_put(c);
}

int rust_helper_counter_read(const struct counter *c)
{
	return counter_read(c);
}
