// Helpers that read variables defined by another object, possibly a shared
// library: compiled with -fno-pic, their declarations say dso_local ("in
// this linked object"), which only a static or PIE build may assume.
extern int shared_counter;
extern int shared_table[];

int rust_helper_get(void) { return shared_counter; }

int rust_helper_get_at(long i) { return shared_table[i]; }
