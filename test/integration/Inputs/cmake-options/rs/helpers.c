int ext_fn(int);
int rust_helper_a(int x) { return ext_fn(x) + ADD; }
