// Helpers for the GCC/clang comparison of a GCC-built kernel's helpers
// (gcc-helpers.test): a struct with bit-fields and an anonymous union, an
// enum, a typedef, an external call and an indirect one.
enum state { IDLE = 1, BUSY = 7, GONE = 100 };

struct request {
  unsigned int flags : 3, prio : 5;
  enum state state;
  union {
    long tag;
    struct { short lo, hi; };
  };
  void (*done)(struct request *);
};

typedef struct request request_t;

void request_log(const request_t *rq, int how);

int rust_helper_request_state(const request_t *rq) {
  request_log(rq, rq->prio);
  return rq->state;
}

void rust_helper_request_done(struct request *rq) { rq->done(rq); }

int rust_helper_scale(int x, int y) { return x * y + 3; }

// -DCLANG_DIFFERS: clang's helper has another return type and another
// callee than GCC's, as a header taking a compiler-specific path could.
#if defined(__clang__) && defined(CLANG_DIFFERS)
void request_trace(const request_t *rq);
long rust_helper_request_flags(const request_t *rq) {
  request_trace(rq);
  return rq->flags;
}
#else
int rust_helper_request_flags(const request_t *rq) { return rq->flags; }
#endif
