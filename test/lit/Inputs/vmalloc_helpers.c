// Like rust/helpers/vmalloc.c: a static inline wrapper around an exported
// kernel function, which the crate references directly once inlined.
typedef unsigned long size_t;
void *vrealloc_node_align_noprof(const void *p, size_t size, unsigned long align,
                                 unsigned int flags, int node);

static inline void *vrealloc_noprof(const void *p, size_t size, unsigned int flags) {
  return vrealloc_node_align_noprof(p, size, 1, flags, -1);
}

void *rust_helper_vrealloc(const void *p, size_t size, unsigned int flags) {
  return vrealloc_noprof(p, size, flags);
}
