// SPDX-License-Identifier: GPL-2.0
/* As the kernel's rust/helpers/spinlock.c. Plain: __rust_helper is empty. */
#include "spinlock.h"

__rust_helper void rust_helper_spin_lock(spinlock_t *lock)
{
	spin_lock(lock);
}

__rust_helper void rust_helper_spin_unlock(spinlock_t *lock)
{
	spin_unlock(lock);
}
