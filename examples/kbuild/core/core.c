// SPDX-License-Identifier: GPL-2.0
/*
 * The out-of-line, exported side of the "kernel": what the static inline
 * functions of core.h call on their slow paths, and what modules may call.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include <generated/autoconf.h>

#include "core.h"
#include "export.h"

int core_warnings;

/* Advanced by main() as the "kernel" runs; read by ticks_get(). */
unsigned long core_ticks;

unsigned long core_ticks_read(void)
{
	return __atomic_load_n(&core_ticks, __ATOMIC_RELAXED);
}
EXPORT_SYMBOL(core_ticks_read);

int _printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintf(fmt, ap);
	va_end(ap);
	return n;
}
EXPORT_SYMBOL(_printk);

void refcount_warn_saturate(refcount_t *r, enum refcount_saturation_type t)
{
	fprintf(stderr, "refcount_t %p: saturation type %d\n", (void *)r, (int)t);
	core_warnings++;
}
EXPORT_SYMBOL(refcount_warn_saturate);

void *vrealloc_node_noprof(const void *p, size_t size, int node)
{
	(void)node;
	return realloc((void *)p, size);
}
#ifndef CONFIG_DEMO_MISSING_EXPORT
/* [PATCH 1/4]: "vmalloc: export vrealloc_node_align_noprof" */
EXPORT_SYMBOL(vrealloc_node_noprof);
#endif

void vfree(const void *p)
{
	free((void *)p);
}
EXPORT_SYMBOL(vfree);
