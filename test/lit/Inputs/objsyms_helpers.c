// Symbols that only the object names: arm64's alternatives name their
// callback in inline assembly (alt_cb_patch_nops), and code generation turns
// a variable-length clear into a memset call.
typedef unsigned long size_t;

void rust_helper_patch_site(void) {
  asm volatile(".pushsection .altinstructions, \"a\"\n"
               ".quad asm_only_callback\n"
               ".popsection");
}

void rust_helper_clear(char *p, size_t n) { __builtin_memset(p, 0, n); }
