// Helpers the way Rust-for-Linux writes them: exported, unannotated C
// wrappers around static inline functions.
#ifndef COUNTER_STEP
#define COUNTER_STEP 1
#endif

struct counter {
  int value;
};

static inline void counter_add(struct counter *c, int n) {
  __atomic_fetch_add(&c->value, n, __ATOMIC_RELAXED);
}

// Out of line on purpose: reached only through rust_helper_counter_inc, so it
// must be linked (internal) without the crate naming it.
__attribute__((noinline)) static void counter_overflowed(struct counter *c) {
  __atomic_store_n(&c->value, -1, __ATOMIC_RELAXED);
}

void rust_helper_counter_inc(struct counter *c) {
  counter_add(c, COUNTER_STEP);
  if (__builtin_expect(__atomic_load_n(&c->value, __ATOMIC_RELAXED) < 0, 0))
    counter_overflowed(c);
}

int rust_helper_counter_read(const struct counter *c) {
  return __atomic_load_n(&c->value, __ATOMIC_RELAXED);
}

// Never called by the crate: must not be linked.
void rust_helper_counter_reset(struct counter *c) { c->value = 0; }
