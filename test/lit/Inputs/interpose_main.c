#include <stdio.h>
int crate_cpus(void);
int crate_page(void);
int crate_parity(unsigned);
int crate_twice(int);
int main(void) {
  printf("cpus=%d page=%d parity=%d twice=%d\n", crate_cpus(), crate_page(),
         crate_parity(7), crate_twice(21));
  return 0;
}
