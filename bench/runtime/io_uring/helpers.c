// SPDX-License-Identifier: MIT
/*
 * Rust helpers for liburing's static inline API (Debian's liburing-dev),
 * written the way Rust-for-Linux writes its helpers: one exported wrapper
 * per inline function. Plain: __rust_helper is empty.
 */
#include <liburing.h>

#include "rust_helper.h"

__rust_helper struct io_uring_sqe *rust_helper_io_uring_get_sqe(struct io_uring *ring)
{
	return io_uring_get_sqe(ring);
}

__rust_helper void rust_helper_io_uring_prep_nop(struct io_uring_sqe *sqe)
{
	io_uring_prep_nop(sqe);
}

__rust_helper void rust_helper_io_uring_sqe_set_data64(struct io_uring_sqe *sqe, __u64 data)
{
	io_uring_sqe_set_data64(sqe, data);
}

__rust_helper int rust_helper_io_uring_peek_cqe(struct io_uring *ring, struct io_uring_cqe **cqe)
{
	return io_uring_peek_cqe(ring, cqe);
}

__rust_helper __u64 rust_helper_io_uring_cqe_get_data64(const struct io_uring_cqe *cqe)
{
	return io_uring_cqe_get_data64(cqe);
}

__rust_helper void rust_helper_io_uring_cqe_seen(struct io_uring *ring, struct io_uring_cqe *cqe)
{
	io_uring_cqe_seen(ring, cqe);
}
