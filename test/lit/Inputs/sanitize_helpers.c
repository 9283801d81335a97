// A helper whose load a sanitizer checks.
int rust_helper_load(const int *p) { return *p; }
