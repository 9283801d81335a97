// Helpers whose definition the program's link may replace: a weak default,
// an ifunc, and a strong helper reading a weak constant. For contrast, a
// strong alias, which nothing can replace.

// A default that a platform overrides with a strong definition.
__attribute__((weak)) int rust_helper_cpu_count(void) { return 1; }

// A weak constant: a strong definition elsewhere wins.
__attribute__((weak)) const int page_shift = 12;
int rust_helper_page_size(void) { return 1 << page_shift; }

// The body is picked by the resolver when the program is loaded.
static int parity_generic(unsigned x) { return __builtin_parity(x); }
static int (*resolve_parity(void))(unsigned) { return parity_generic; }
int rust_helper_parity(unsigned x) __attribute__((ifunc("resolve_parity")));

static int twice(int x) { return 2 * x; }
int rust_helper_twice(int x) __attribute__((alias("twice")));
