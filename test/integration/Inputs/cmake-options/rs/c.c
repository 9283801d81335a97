int rust_helper_c(int x) { return x - 1; }
