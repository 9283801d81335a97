// SPDX-License-Identifier: GPL-2.0
/* A container_of()-style accessor helper. Plain: __rust_helper is empty. */
#include "item.h"

__rust_helper struct item *rust_helper_node_to_item(const struct list_head *node)
{
	return node_to_item(node);
}
