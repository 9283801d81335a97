// The kernel's IS_ERR(): a pointer in the last page of the address space.
long rust_helper_is_err(const void *ptr) {
  return (unsigned long)ptr >= (unsigned long)-4095;
}
