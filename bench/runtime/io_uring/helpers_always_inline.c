// SPDX-License-Identifier: MIT
/* The same helpers, annotated as the series' pipeline needs them. */
#define __rust_helper __attribute__((always_inline))
#include "helpers.c"
