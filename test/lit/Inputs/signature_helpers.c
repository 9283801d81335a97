// Helpers the crate declares with other types than these, and one that
// needs a CPU feature, called both from the crate and from another helper.
int rust_helper_abs(int x) { return x < 0 ? -x : x; }

int rust_helper_neg(int x) { return -x; }

long rust_helper_narrow(long x) { return x + (1L << 40); }

__attribute__((target("avx2"))) int rust_helper_wide(int x) { return x * 3; }

int rust_helper_via(int x) { return rust_helper_wide(x) + 1; }
