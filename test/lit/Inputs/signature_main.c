// Prints what the crate's functions return, for the out-of-line calls and
// for helperlink's object alike.
#include <stdint.h>
#include <stdio.h>

uint64_t crate_abs(uint64_t);
uint64_t crate_neg(uint64_t);

int main(void) {
  const uint64_t in[] = {0, 5, (uint64_t)-5, 0x123456789ULL, 0xffffffff80000001ULL};
  for (unsigned i = 0; i < sizeof in / sizeof in[0]; ++i)
    printf("abs(%#llx) = %#llx, neg = %#llx\n", (unsigned long long)in[i],
           (unsigned long long)crate_abs(in[i]), (unsigned long long)crate_neg(in[i]));
  return 0;
}
