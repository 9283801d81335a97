// A C program using the Rust shared object, which inlined the helpers: it
// must see the library's one shared_counter.
#include <stdio.h>

int crate_get(void);
int crate_get_at(long i);
void shared_set(int v);

int main(void) {
  shared_set(41);
  int a = crate_get();
  shared_set(42);
  int b = crate_get();
  printf("crate_get: %d %d, crate_get_at(2): %d\n", a, b, crate_get_at(2));
  return !(a == 41 && b == 42);
}
