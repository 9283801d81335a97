/* SPDX-License-Identifier: GPL-2.0 */
/*
 * EXPORT_SYMBOL, as far as this example needs it: a __ksymtab entry that
 * references the symbol (so a missing one fails the link) and a
 * __kstrtab_<sym> name from which the Makefile writes Module.symvers,
 * as modpost does from vmlinux.o.
 */
#ifndef EXAMPLE_EXPORT_H
#define EXAMPLE_EXPORT_H

#define __EXPORT_SYMBOL(sym, strtab)                                          \
	static void *const __ksymtab_##sym                                   \
		__attribute__((used, section("___ksymtab+" #sym))) = (void *)&sym; \
	static const char strtab##sym[]                                      \
		__attribute__((used, section("__ksymtab_strings"))) = #sym

#define EXPORT_SYMBOL(sym) __EXPORT_SYMBOL(sym, __kstrtab_)
#define EXPORT_SYMBOL_GPL(sym) __EXPORT_SYMBOL(sym, __kstrtabgpl_)

#endif
