// SPDX-License-Identifier: GPL-2.0
/*
 * Exports for the modules, as the kernel's rust/exports.c. With
 * INLINE_HELPERS=1 there are no helpers in vmlinux to export, and
 * exports_helpers_generated.h is neither generated nor included.
 */
#include <generated/autoconf.h>

#include "export.h"

#define EXPORT_SYMBOL_RUST_GPL(sym) extern int sym; EXPORT_SYMBOL_GPL(sym)

#ifndef CONFIG_RUST_INLINE_HELPERS
#include "exports_helpers_generated.h"
#endif
