// A non-leaf helper: return-address signing and the shadow call stack
// protect its return.
void log_value(int v);
int rust_helper_logged(int x) {
  log_value(x);
  return x + 1;
}
