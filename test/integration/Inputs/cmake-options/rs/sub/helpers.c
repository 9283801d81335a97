int rust_helper_b(int x) { return x * 2; }
