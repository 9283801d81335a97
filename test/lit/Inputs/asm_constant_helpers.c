// A helper whose inline asm takes a variable's address as a link-time
// constant ("i"), as static keys and x86 per-CPU accessors do: only code
// that may assume the variable is in this object can.
extern int shared_counter;

void *rust_helper_addr(void) {
  void *p;
  asm("lea %c1(%%rip), %0" : "=r"(p) : "i"(&shared_counter));
  return p;
}
