// A helper whose loop a hosted compiler turns into memset; built
// -ffreestanding (no-builtins), as firmware and kernel code is, it must stay
// a loop wherever it is inlined.
void rust_helper_clear(char *p, unsigned long n) {
  for (unsigned long i = 0; i < n; i++)
    p[i] = 0;
}
