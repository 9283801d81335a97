// SPDX-License-Identifier: MIT
/*
 * Rust helpers for liburing's static inline API (Debian's liburing-dev):
 * one exported C wrapper per inline function, as Rust-for-Linux writes its
 * helpers. helperlink inlines them into the Rust binary; without it, this
 * file is compiled and linked as an object and every call is a real call.
 */
#include <stddef.h>

#include <liburing.h>

size_t rust_helper_io_uring_size(void)
{
	return sizeof(struct io_uring);
}

struct io_uring_sqe *rust_helper_io_uring_get_sqe(struct io_uring *ring)
{
	return io_uring_get_sqe(ring);
}

void rust_helper_io_uring_prep_nop(struct io_uring_sqe *sqe)
{
	io_uring_prep_nop(sqe);
}

void rust_helper_io_uring_sqe_set_data64(struct io_uring_sqe *sqe, __u64 data)
{
	io_uring_sqe_set_data64(sqe, data);
}

unsigned rust_helper_io_uring_sq_space_left(const struct io_uring *ring)
{
	return io_uring_sq_space_left(ring);
}

unsigned rust_helper_io_uring_cq_ready(const struct io_uring *ring)
{
	return io_uring_cq_ready(ring);
}

int rust_helper_io_uring_peek_cqe(struct io_uring *ring, struct io_uring_cqe **cqe)
{
	return io_uring_peek_cqe(ring, cqe);
}

__u64 rust_helper_io_uring_cqe_get_data64(const struct io_uring_cqe *cqe)
{
	return io_uring_cqe_get_data64(cqe);
}

int rust_helper_io_uring_cqe_res(const struct io_uring_cqe *cqe)
{
	return cqe->res;
}

void rust_helper_io_uring_cqe_seen(struct io_uring *ring, struct io_uring_cqe *cqe)
{
	io_uring_cqe_seen(ring, cqe);
}
