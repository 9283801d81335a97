// SPDX-License-Identifier: GPL-2.0
/*
 * C driver of the CMake example: hands a counter to the Rust object and
 * checks what Rust did with it. Exits non-zero if anything is off.
 */
#include <stdio.h>
#include <stdlib.h>

#include "counter.h"

int rust_take_refs(struct counter *c, unsigned n);
unsigned rust_drop_refs(struct counter *c, unsigned n);

static int warnings;

void counter_warn(struct counter *c, const char *what)
{
	fprintf(stderr, "counter %p: %s\n", (void *)c, what);
	warnings++;
}

int main(int argc, char **argv)
{
	unsigned n = argc > 1 ? (unsigned)strtoul(argv[1], NULL, 0) : 1000;
	struct counter c = COUNTER_INIT(1);
	int after_take;
	unsigned released;

	after_take = rust_take_refs(&c, n);
	released = rust_drop_refs(&c, n + 1);

	printf("rust took %u refs: count %d\n", n, after_take);
	printf("rust dropped %u refs: count %d, released %u\n", n + 1,
	       counter_read(&c), released);

	if (after_take != (int)n + 1 || counter_read(&c) != 0 || released != 1 ||
	    warnings) {
		printf("result: WRONG\n");
		return 1;
	}
	printf("result: ok\n");
	return 0;
}
