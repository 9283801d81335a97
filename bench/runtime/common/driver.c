// SPDX-License-Identifier: GPL-2.0
/*
 * Generic timing driver, linked once per shape with that shape's core.c (C
 * loop, setup and checks), the Rust objects and the plain helpers.
 *
 *   bench time ROUNDS CALLS   every round runs every variant once on a fresh
 *                             context (the starting variant rotates from
 *                             round to round); prints a table and one
 *                             "RESULT<TAB>shape<TAB>variant<TAB>best<TAB>median
 *                             <TAB>paired" line per variant (ns per call;
 *                             paired = median of the per-round ratios to C)
 *   bench only VARIANT CALLS  runs one variant once (for callgrind)
 *
 * VARIANT is c, call, series, helperlink, plugin (helperlink's rustc
 * plugin) or hlmodule (helperlink --reopt=module). Exits 1 if any variant
 * computes a
 * wrong result or leaves the context in a wrong state.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench.h"

struct variant {
	const char *key;
	const char *name;
	long (*fn)(void *ctx, unsigned long n);
	double *samples;	/* ns per call, one per round */
};

static struct variant variants[] = {
	{ "c", "C, static inline", c_bench },
	{ "call", "Rust, helper call", rust_bench_call },
	{ "series", "Rust, llvm-link+clang", rust_bench_series },
	{ "helperlink", "Rust + helperlink", rust_bench_helperlink },
	{ "plugin", "Rust + helperlink plugin", rust_bench_plugin },
	{ "hlmodule", "Rust + hl --reopt=module", rust_bench_hlmodule },
};
#define NV ((int)(sizeof(variants) / sizeof(variants[0])))

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double median(double *v, unsigned long n)
{
	qsort(v, n, sizeof(double), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static unsigned long parse_arg(const char *s, const char *what)
{
	char *end;
	unsigned long v = strtoul(s, &end, 10);

	if (*s == '\0' || *end != '\0' || v == 0) {
		fprintf(stderr, "bench: invalid %s: '%s'\n", what, s);
		exit(2);
	}
	return v;
}

static void usage(void)
{
	fprintf(stderr, "usage: bench time ROUNDS CALLS | bench only c|call|series|helperlink|plugin|hlmodule CALLS\n");
	exit(2);
}

/* Runs one variant once; returns the elapsed ns; *bad |= wrong result. */
static double run_once(void *ctx, struct variant *v, unsigned long calls,
		       long *expect, int *bad)
{
	double t0, t1;
	long ret;

	shape.reset(ctx);
	t0 = now_ns();
	ret = v->fn(ctx, calls);
	t1 = now_ns();
	*bad |= shape.check(ctx, calls, ret, v->name);
	if (expect) {
		if (v == &variants[0]) {
			*expect = ret;
		} else if (ret != *expect) {
			fprintf(stderr, "%s: returned %ld, C returned %ld\n",
				v->name, ret, *expect);
			*bad = 1;
		}
	}
	return t1 - t0;
}

int main(int argc, char **argv)
{
	int bad = 0;

	if (argc != 4)
		usage();

	if (!strcmp(argv[1], "only")) {
		unsigned long calls = parse_arg(argv[3], "CALLS");
		void *ctx = shape.setup(calls);

		for (int i = 0; i < NV; i++) {
			if (strcmp(argv[2], variants[i].key))
				continue;
			run_once(ctx, &variants[i], calls, NULL, &bad);
			return bad;
		}
		usage();
	}
	if (strcmp(argv[1], "time"))
		usage();

	unsigned long rounds = parse_arg(argv[2], "ROUNDS");
	unsigned long calls = parse_arg(argv[3], "CALLS");
	void *ctx = shape.setup(calls);
	long expect = 0;

	for (int i = 0; i < NV; i++) {
		variants[i].samples = calloc(rounds, sizeof(double));
		if (!variants[i].samples) {
			perror("calloc");
			return 1;
		}
	}

	/* One untimed pass: warms caches and sets the expected checksum. */
	for (int i = 0; i < NV; i++)
		run_once(ctx, &variants[i], calls, &expect, &bad);

	for (unsigned long r = 0; r < rounds; r++) {
		for (int k = 0; k < NV; k++) {
			struct variant *v = &variants[(r + k) % NV];

			v->samples[r] = run_once(ctx, v, calls, &expect, &bad) /
					(double)calls;
		}
	}

	printf("%s: %lu rounds x %lu calls of %s per variant\n\n", shape.name,
	       rounds, calls, shape.call);
	printf("%-24s %10s %10s %9s %9s %9s\n", "variant", "best ns",
	       "median ns", "best/C", "median/C", "paired/C");

	/*
	 * Variants run back to back within a round, so the per-round ratio to
	 * C cancels slow phases of a shared machine; its median is the
	 * "paired" ratio.
	 */
	double best[NV], med[NV], paired[NV];
	double *ratio = calloc(rounds, sizeof(double));

	for (int i = 0; i < NV && ratio; i++) {
		for (unsigned long r = 0; r < rounds; r++)
			ratio[r] = variants[i].samples[r] / variants[0].samples[r];
		paired[i] = median(ratio, rounds);
	}
	free(ratio);

	for (int i = 0; i < NV; i++) {
		med[i] = median(variants[i].samples, rounds);
		best[i] = variants[i].samples[0];	/* sorted by median() */
		printf("%-24s %10.3f %10.3f %8.3fx %8.3fx %8.3fx\n",
		       variants[i].name, best[i], med[i], best[i] / best[0],
		       med[i] / med[0], paired[i]);
	}
	for (int i = 0; i < NV; i++) {
		printf("RESULT\t%s\t%s\t%.4f\t%.4f\t%.4f\n", shape.name,
		       variants[i].key, best[i], med[i], paired[i]);
		free(variants[i].samples);
	}
	return bad;
}
