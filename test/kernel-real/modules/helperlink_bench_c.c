// SPDX-License-Identifier: GPL-2.0
/*
 * The C twin of helperlink_bench_rust: refcount_inc() in the same timed loop,
 * inlined as C callers get it.
 */
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/refcount.h>
#include <linux/sort.h>

#define CALLS 2000000ULL
#define ROUNDS 7

noinline void helperlink_bench_c_loop(refcount_t *r, u64 calls)
{
	u64 i;

	for (i = 0; i < calls; i++)
		refcount_inc(r);
}

static int cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

static int __init helperlink_bench_c_init(void)
{
	u64 rounds[ROUNDS], best = U64_MAX;
	int i;

	for (i = 0; i < ROUNDS; i++) {
		refcount_t r = REFCOUNT_INIT(1);
		ktime_t t0, t1;

		t0 = ktime_get();
		helperlink_bench_c_loop(&r, CALLS);
		t1 = ktime_get();
		if (refcount_read(&r) != CALLS + 1) {
			pr_err("refcount is %u, expected %llu\n", refcount_read(&r), CALLS + 1);
			return -EINVAL;
		}
		rounds[i] = t1 - t0;
		best = min(best, rounds[i]);
	}
	sort(rounds, ROUNDS, sizeof(rounds[0]), cmp_u64, NULL);
	pr_info("lang=c calls=%llu rounds=%d best_ps_per_call=%llu median_ps_per_call=%llu\n",
		CALLS, ROUNDS, div64_u64(best * 1000, CALLS),
		div64_u64(rounds[ROUNDS / 2] * 1000, CALLS));
	return 0;
}

static void __exit helperlink_bench_c_exit(void)
{
}

module_init(helperlink_bench_c_init);
module_exit(helperlink_bench_c_exit);
MODULE_AUTHOR("helperlink");
MODULE_DESCRIPTION("refcount_inc loop from C, timed");
MODULE_LICENSE("GPL");
