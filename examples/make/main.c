// SPDX-License-Identifier: GPL-2.0
/*
 * C driver of the Make example: lets the Rust object sieve a bitmap, then
 * checks the count and the bitmap itself. Exits non-zero if anything is off.
 */
#include <stdio.h>
#include <stdlib.h>

#include "bitmap.h"

unsigned long rust_sieve(unsigned long *composite, unsigned long limit);

static bool is_prime(unsigned long n)
{
	if (n < 2)
		return false;
	for (unsigned long d = 2; d * d <= n; d++)
		if (n % d == 0)
			return false;
	return true;
}

int main(int argc, char **argv)
{
	unsigned long limit = argc > 1 ? strtoul(argv[1], NULL, 0) : 100000;
	unsigned long *bitmap = calloc(BITS_TO_LONGS(limit) + 1, sizeof(unsigned long));
	unsigned long primes, mismatches = 0;

	if (!bitmap)
		return 2;
	primes = rust_sieve(bitmap, limit);
	for (unsigned long n = 2; n < limit; n++)
		if (test_bit(n, bitmap) == is_prime(n))
			mismatches++;

	printf("rust sieve: %lu primes below %lu\n", primes, limit);
	printf("bitmap checked by C: %lu mismatches\n", mismatches);
	free(bitmap);
	if (mismatches || (limit == 100000 && primes != 9592)) {
		printf("result: WRONG\n");
		return 1;
	}
	printf("result: ok\n");
	return 0;
}
