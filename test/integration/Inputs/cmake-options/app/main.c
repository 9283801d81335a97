#include <stdio.h>
int combo(int);
int ext_fn(int x) { return x + 10; }
int main(void) { printf("combo: %d\n", combo(1)); return 0; }
