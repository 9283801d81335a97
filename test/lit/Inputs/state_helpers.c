// One helper with C-side state, one with constant data.
static int calls;
static const int primes[4] = {2, 3, 5, 7};

int rust_helper_count_call(void) { return ++calls; }

int rust_helper_prime(int i) { return primes[i & 3]; }
