#include "urcu_like.h"

void rust_helper_rcu_read_lock(void)
{
	rcu_read_lock();
}

void rust_helper_synchronize_rcu(void)
{
	synchronize_rcu();
}
