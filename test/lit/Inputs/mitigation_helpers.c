// Helpers for the per-function mitigations and tracing hooks: a small one
// (zero-call-used-regs, ftrace entry hooks) and one with a large frame
// (stack clash protection).
void consume(char *buf, unsigned long n);

int rust_helper_scale(int x, int y) { return x * y + 3; }

int rust_helper_big_frame(int n) {
  char buf[16384];
  consume(buf, sizeof buf);
  return buf[n & 16383];
}
