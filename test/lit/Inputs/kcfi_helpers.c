// A helper making an indirect call: built with -fsanitize=kcfi, the call
// carries a "kcfi" check of the target's type hash.
int rust_helper_apply(int (*fn)(int), int x) { return fn(x) + 1; }
