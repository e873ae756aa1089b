/* Identification numbers of applicants: the 12-digit personal identification number (số định
 * danh cá nhân) and the enterprise tax code (mã số thuế). Pure, thread-safe. RULES.md §4.3–4.4. */
#ifndef MC_IDNUM_H
#define MC_IDNUM_H

#include "base/base.h"

enum idnum_problem {
	IDNUM_OK = 0,
	IDNUM_FORMAT,   /* wrong length or not digits */
	IDNUM_PROVINCE, /* unknown province code */
	IDNUM_FUTURE,   /* century/sex digit and year lie in the future */
	IDNUM_CHECK,    /* tax code check digit wrong */
	IDNUM_BRANCH,   /* tax code branch suffix 000 */
};

/* Checks a personal identification number against the province codes (first three digits) and
 * the birth year encoded in digits 4–6, which must not be after current_year. */
enum idnum_problem idnum_check_person(const char *s, size_t len, int current_year);
/* Checks a tax code: 10 digits with a valid check digit (weights 31 29 23 19 17 13 7 5 3; a sum
 * ≡ 0 mod 11 is invalid; digits 3–9 all zero invalid), optionally followed by -NNN (001–999). */
enum idnum_problem idnum_check_tax(const char *s, size_t len);
/* True when the three digits are a province code of data/cccd_province_codes.csv. */
bool idnum_province_known(const char code[3]);

#endif
