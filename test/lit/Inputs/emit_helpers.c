int rust_helper_popcount(unsigned long x) { return __builtin_popcountl(x); }
