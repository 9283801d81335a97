// The platform's strong definitions, which must win over the helpers' weak
// ones in the linked program.
int rust_helper_cpu_count(void) { return 8; }
const int page_shift = 16;
