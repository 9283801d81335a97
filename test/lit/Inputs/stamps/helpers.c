/* Two helpers for helperlink helper-stamps: -DSTEP_B changes only
 * rust_helper_b, -DFACTOR only the static function rust_helper_a
 * calls, -DWITH_A=0 removes rust_helper_a. */
#ifndef FACTOR
#define FACTOR 3
#endif
#ifndef STEP_B
#define STEP_B 1
#endif
#ifndef WITH_A
#define WITH_A 1
#endif

/* Not inlined, so that the digest must follow the call. */
static __attribute__((noinline)) int scaled(int x) { return FACTOR * x; }

#if WITH_A
int rust_helper_a(int x) { return scaled(x) + 1; }
#endif
int rust_helper_b(int x) { return x + STEP_B; }
