// Linux 6.12's rust/helpers/refcount.c, with the types it needs.
typedef struct { int counter; } atomic_t;
typedef struct { atomic_t refs; } refcount_t;
#define REFCOUNT_INIT(n) { .refs = { .counter = (n) } }

refcount_t rust_helper_REFCOUNT_INIT(int n) { return (refcount_t)REFCOUNT_INIT(n); }
