
int rust_helper_sum(int n, ...);
int rust_helper_sum(int n, ...)
{
	__builtin_va_list ap;
	int s = 0;

	__builtin_va_start(ap, n);
	while (n--)
		s += __builtin_va_arg(ap, int);
	__builtin_va_end(ap);
	return s;
}
