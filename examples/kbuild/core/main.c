// SPDX-License-Identifier: GPL-2.0
/*
 * "Boot": run the init function of each module linked into vmlinux (the
 * stand-in for insmod) and check that they did their work.
 */
#include <stdio.h>

#include <generated/autoconf.h>

extern int core_warnings;
extern unsigned long core_ticks;

unsigned long rust_uptime_ms(void);

int mod_a_init(void);
int mod_b_init(void);

int main(void)
{
	int a, b;

#ifdef CONFIG_RUST_INLINE_HELPERS
	printf("core: C helpers inlined into the Rust modules\n");
#else
	printf("core: C helpers linked into vmlinux and called\n");
#endif
	core_ticks = 4200;
	printf("core: uptime %lu ms (built-in Rust)\n", rust_uptime_ms());
	a = mod_a_init();
	b = mod_b_init();
	printf("core: mod_a_init() = %d, mod_b_init() = %d, warnings = %d\n", a, b,
	       core_warnings);
	printf("result: %s\n", a == 0 && b == 0 && core_warnings == 0 ? "ok" : "WRONG");
	return a == 0 && b == 0 && core_warnings == 0 ? 0 : 1;
}
