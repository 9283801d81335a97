// SPDX-License-Identifier: MIT
/*
 * io_uring: liburing's submission and completion fast path, the C loop and
 * the checks. One call queues a NOP (io_uring_get_sqe, io_uring_prep_nop,
 * io_uring_sqe_set_data64) and reaps a completion (io_uring_peek_cqe,
 * io_uring_cqe_get_data64, io_uring_cqe_seen).
 *
 * The ring lives in memory, without the kernel, so that the loop measures
 * liburing's inline code and not a system call: the completion queue is
 * always full (its tail far ahead), each completion's user_data is its
 * slot number, and the submission queue's head is the completion queue's,
 * as if the kernel consumed one submission for each completion reaped.
 * examples/liburing runs the same API against the kernel.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <liburing.h>

#include "bench.h"

#define ENTRIES 64u

struct fake_ring {
	struct io_uring ring;
	unsigned cq_head, cq_tail;
	struct io_uring_sqe sqes[ENTRIES];
	struct io_uring_cqe cqes[ENTRIES];
};

__attribute__((noinline)) long c_bench(void *ctx, unsigned long n)
{
	struct io_uring *ring = ctx;
	long sum = 0;

	for (unsigned long i = 0; i < n; i++) {
		struct io_uring_sqe *sqe = io_uring_get_sqe(ring);
		struct io_uring_cqe *cqe = NULL;	/* as the Rust loop */

		if (!sqe)
			return -1;
		io_uring_prep_nop(sqe);
		io_uring_sqe_set_data64(sqe, i);
		if (io_uring_peek_cqe(ring, &cqe))
			return -2;
		sum += io_uring_cqe_get_data64(cqe);
		io_uring_cqe_seen(ring, cqe);
	}
	return sum;
}

static void reset(void *ctx)
{
	struct fake_ring *f = ctx;

	memset(f, 0, sizeof(*f));
	f->ring.sq.khead = &f->cq_head;
	f->ring.sq.ring_entries = ENTRIES;
	f->ring.sq.ring_mask = ENTRIES - 1;
	f->ring.sq.sqes = f->sqes;
	f->ring.cq.khead = &f->cq_head;
	f->ring.cq.ktail = &f->cq_tail;
	f->ring.cq.ring_entries = ENTRIES;
	f->ring.cq.ring_mask = ENTRIES - 1;
	f->ring.cq.cqes = f->cqes;
	f->ring.features = IORING_FEAT_EXT_ARG; /* as every kernel since 5.11 */
	f->cq_tail = 1u << 31;
	for (unsigned i = 0; i < ENTRIES; i++)
		f->cqes[i].user_data = i;
}

static void *setup(unsigned long max_calls)
{
	if (max_calls >= 1ul << 31) {
		fprintf(stderr, "io_uring: CALLS must be below 2^31\n");
		exit(2);
	}
	return calloc(1, sizeof(struct fake_ring));
}

static int check(void *ctx, unsigned long n, long ret, const char *variant)
{
	struct fake_ring *f = ctx;
	long expect = (long)(n / ENTRIES) * (ENTRIES * (ENTRIES - 1) / 2);
	unsigned long last = n - 1;
	struct io_uring_sqe *sqe = &f->sqes[last & (ENTRIES - 1)];

	for (unsigned long r = 0; r < n % ENTRIES; r++)
		expect += (long)r;
	if (ret != expect || f->cq_head != n || f->ring.sq.sqe_tail != n ||
	    sqe->opcode != IORING_OP_NOP || sqe->user_data != last) {
		fprintf(stderr, "%s: returned %ld (expected %ld), cq head %u, sq tail %u "
			"(expected %lu), last sqe opcode %u user_data %llu\n",
			variant, ret, expect, f->cq_head, f->ring.sq.sqe_tail, n,
			sqe->opcode, (unsigned long long)sqe->user_data);
		return 1;
	}
	return 0;
}

const struct shape shape = {
	.name = "io_uring",
	.call = "get_sqe+prep_nop+set_data64+peek_cqe+get_data64+cqe_seen",
	.setup = setup,
	.reset = reset,
	.check = check,
};
