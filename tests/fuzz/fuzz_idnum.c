/* Fuzzes the identification number checks of domain/idnum.c on arbitrary bytes: they never crash,
 * and IDNUM_OK implies the exact shape (12 digits of a known province not born after the current
 * year; a tax code of 10 digits, optionally followed by '-' and 3 digits). */
#include "base/base.h"

#include "domain/idnum.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool all_digits(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

static void check_person(const char *s, size_t len, int current_year)
{
	if (idnum_check_person(s, len, current_year) != IDNUM_OK)
		return;
	if (len != 12 || !all_digits(s, len) || !idnum_province_known(s)) {
		fprintf(stderr, "idnum_check_person accepted a malformed number\n");
		abort();
	}
}

static void check_tax(const char *s, size_t len)
{
	if (idnum_check_tax(s, len) != IDNUM_OK)
		return;
	bool shape = (len == 10 && all_digits(s, 10)) ||
		     (len == 14 && all_digits(s, 10) && s[10] == '-' && all_digits(s + 11, 3) &&
		      memcmp(s + 11, "000", 3) != 0);
	if (!shape) {
		fprintf(stderr, "idnum_check_tax accepted a malformed code\n");
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	check_person(s, size, 2026);
	check_person(s, size, 1900);
	check_person(s, size, 9999);
	check_tax(s, size);
	return 0;
}
