// A helper that reads a variable defined by another object, possibly a
// shared library: compiled with -fno-pic, its declaration says dso_local
// ("in this linked object"), which only a static or PIE build may assume.
extern int shared_counter;

int rust_helper_get(void) { return shared_counter; }
