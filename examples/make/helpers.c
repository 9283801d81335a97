// SPDX-License-Identifier: GPL-2.0
/* Rust-callable wrappers around bitmap.h, in the style of rust/helpers/. */
#include "bitmap.h"

void rust_helper___set_bit(unsigned long nr, unsigned long *addr)
{
	__set_bit(nr, addr);
}

bool rust_helper_test_bit(unsigned long nr, const unsigned long *addr)
{
	return test_bit(nr, addr);
}
