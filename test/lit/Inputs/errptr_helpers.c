// include/linux/err.h's ERR_PTR() and IS_ERR(), as Rust-for-Linux's helpers.
#include <stdbool.h>

void *rust_helper_ERR_PTR(long error) { return (void *)error; }

bool rust_helper_IS_ERR(const void *ptr) {
  return __builtin_expect((unsigned long)ptr >= (unsigned long)-4095, 0);
}
