/* Personal ID numbers and tax codes (see idnum.h). The province list is the one of
 * data/cccd_province_codes.csv (Decree 137/2015/NĐ-CP, Circular 07/2016/TT-BCA). */
#include "base/base.h"

#include "domain/idnum.h"

static const char *const provinces[] = {
	"001", "002", "004", "006", "008", "010", "011", "012", "014", "015",
	"017", "019", "020", "022", "024", "025", "026", "027", "030", "031",
	"033", "034", "035", "036", "037", "038", "040", "042", "044", "045",
	"046", "048", "049", "051", "052", "054", "056", "058", "060", "062",
	"064", "066", "067", "068", "070", "072", "074", "075", "077", "079",
	"080", "082", "083", "084", "086", "087", "089", "091", "092", "093",
	"094", "095", "096",
};

bool idnum_province_known(const char code[3])
{
	for (size_t i = 0; i < MC_ARRAY_LEN(provinces); i++)
		if (memcmp(provinces[i], code, 3) == 0)
			return true;
	return false;
}

static bool all_digits(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

enum idnum_problem idnum_check_person(const char *s, size_t len, int current_year)
{
	if (len != 12 || !all_digits(s, len))
		return IDNUM_FORMAT;
	if (!idnum_province_known(s))
		return IDNUM_PROVINCE;
	int g = s[3] - '0';
	int year = 1900 + (g / 2) * 100 + (s[4] - '0') * 10 + (s[5] - '0');
	if (year > current_year)
		return IDNUM_FUTURE;
	return IDNUM_OK;
}

enum idnum_problem idnum_check_tax(const char *s, size_t len)
{
	static const int weights[9] = {31, 29, 23, 19, 17, 13, 7, 5, 3};
	if (len != 10 && len != 14)
		return IDNUM_FORMAT;
	if (!all_digits(s, 10))
		return IDNUM_FORMAT;
	if (len == 14) {
		if (s[10] != '-' || !all_digits(s + 11, 3))
			return IDNUM_FORMAT;
		if (memcmp(s + 11, "000", 3) == 0)
			return IDNUM_BRANCH;
	}
	if (memcmp(s + 2, "0000000", 7) == 0)
		return IDNUM_CHECK;
	int sum = 0;
	for (int i = 0; i < 9; i++)
		sum += weights[i] * (s[i] - '0');
	int r = sum % 11;
	if (r == 0)
		return IDNUM_CHECK;
	if (10 - r != s[9] - '0')
		return IDNUM_CHECK;
	return IDNUM_OK;
}
