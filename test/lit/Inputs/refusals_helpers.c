// Helpers that must not be inlined into a baseline x86-64 Rust caller, each
// for a real reason.
#include <immintrin.h>
#include <stdarg.h>

// Needs a CPU feature the caller does not have.
__attribute__((target("avx2"))) int rust_helper_sum8(const int *v) {
  __m256i x = _mm256_loadu_si256((const __m256i *)v);
  x = _mm256_permutevar8x32_epi32(x, _mm256_set1_epi32(3));
  return _mm256_extract_epi32(x, 0);
}

// The same, annotated as the series would annotate it: still unsafe.
__attribute__((target("avx2"), always_inline)) int
rust_helper_sum8_always(const int *v) {
  __m256i x = _mm256_loadu_si256((const __m256i *)v);
  x = _mm256_permutevar8x32_epi32(x, _mm256_set1_epi32(3));
  return _mm256_extract_epi32(x, 0);
}

// Variable arguments.
int rust_helper_first_vararg(int n, ...) {
  va_list ap;
  va_start(ap, n);
  int v = va_arg(ap, int);
  va_end(ap);
  return v;
}

// Computed goto: LLVM cannot inline indirect branches.
int rust_helper_dispatch(int op) {
  static void *table[] = {&&one, &&two};
  goto *table[op & 1];
one:
  return 1;
two:
  return 2;
}

// Recursion LLVM cannot turn into a loop.
struct node {
  struct node *left, *right;
};
int rust_helper_depth(const struct node *n) {
  if (!n)
    return 0;
  int a = rust_helper_depth(n->left), b = rust_helper_depth(n->right);
  return 1 + (a > b ? a : b);
}
