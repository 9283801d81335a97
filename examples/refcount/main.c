// SPDX-License-Identifier: GPL-2.0
/*
 * Times refcount_inc() from C and from Rust (with and without helperlink) in
 * one process. Variants are interleaved round by round so that frequency
 * changes and noise hit all of them alike; the best round is reported.
 *
 * usage: bench [ROUNDS [CALLS_PER_ROUND]]
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "refcount.h"

extern unsigned long refcount_warnings;

void c_bench(refcount_t *r, unsigned long n);
void rust_bench_call(refcount_t *r, unsigned long n);
void rust_bench_helperlink(refcount_t *r, unsigned long n);

struct variant {
	const char *name;
	void (*fn)(refcount_t *r, unsigned long n);
	double best;	/* ns/call */
	double *samples;
};

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

int main(int argc, char **argv)
{
	struct variant v[] = {
		{ .name = "C (refcount_inc inlined)", .fn = c_bench },
		{ .name = "Rust, call to helper", .fn = rust_bench_call },
		{ .name = "Rust + helperlink", .fn = rust_bench_helperlink },
	};
	const int nv = sizeof(v) / sizeof(v[0]);
	unsigned long rounds = argc > 1 ? parse_arg(argv[1], "ROUNDS") : 15;
	unsigned long calls = argc > 2 ? parse_arg(argv[2], "CALLS") : 20000000;
	int ok = 1;

	/* The counter starts at 1 and must not reach the saturation path. */
	if (calls >= INT_MAX) {
		fprintf(stderr, "bench: CALLS must be below %d\n", INT_MAX);
		return 2;
	}

	for (int i = 0; i < nv; i++) {
		v[i].best = 1e300;
		v[i].samples = calloc(rounds, sizeof(double));
		if (!v[i].samples) {
			perror("calloc");
			return 1;
		}
	}

	printf("refcount_inc: %lu rounds x %lu calls per variant\n\n",
	       rounds, calls);

	for (unsigned long round = 0; round < rounds; round++) {
		for (int i = 0; i < nv; i++) {
			refcount_t r = REFCOUNT_INIT(1);
			double t0 = now_ns();

			v[i].fn(&r, calls);

			double ns = (now_ns() - t0) / (double)calls;

			v[i].samples[round] = ns;
			if (ns < v[i].best)
				v[i].best = ns;
			if (r.refs.counter != (int)calls + 1) {
				fprintf(stderr, "%s: counter is %d, expected %lu\n",
					v[i].name, r.refs.counter, calls + 1);
				ok = 0;
			}
		}
	}

	if (refcount_warnings) {
		fprintf(stderr, "unexpected saturation warnings: %lu\n",
			refcount_warnings);
		ok = 0;
	}

	printf("%-26s %12s %12s %8s\n", "variant", "best ns/call",
	       "median", "vs C");
	for (int i = 0; i < nv; i++) {
		qsort(v[i].samples, rounds, sizeof(double), cmp_double);
		printf("%-26s %12.3f %12.3f %7.2fx\n", v[i].name, v[i].best,
		       v[i].samples[rounds / 2], v[i].best / v[0].best);
	}
	printf("\nrust+call / C = %.2fx\n", v[1].best / v[0].best);
	printf("rust+helperlink / C = %.2fx\n", v[2].best / v[0].best);

	for (int i = 0; i < nv; i++)
		free(v[i].samples);
	return ok ? 0 : 1;
}
