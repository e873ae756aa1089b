/* Fuzzes the RFC 3339 instant and YYYY-MM-DD date parsers of base/civil.c on arbitrary bytes.
 * Beyond not crashing: a parsed instant formatted with civil_format_time must parse back to the
 * same instant, and a parsed date formatted with civil_format_date must parse back to the same
 * day. Not a test of which inputs are accepted. */
#include "base/base.h"

#include "base/civil.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_time(const char *s, size_t len)
{
	int64_t t, again;
	char text[32];
	if (civil_parse_time(s, len, &t) != MC_OK)
		return;
	civil_format_time(t, text);
	if (civil_parse_time(text, strlen(text), &again) != MC_OK || again != t) {
		fprintf(stderr, "civil time round trip: %lld formatted as \"%s\" reads back %s\n",
			(long long)t, text,
			civil_parse_time(text, strlen(text), &again) ? "as invalid" : "differently");
		abort();
	}
}

static void check_date(const char *s, size_t len)
{
	int64_t day, again;
	char text[16];
	if (civil_parse_date(s, len, &day) != MC_OK)
		return;
	civil_format_date(day, text);
	if (civil_parse_date(text, strlen(text), &again) != MC_OK || again != day) {
		fprintf(stderr, "civil date round trip: day %lld formatted as \"%s\" does not read back\n",
			(long long)day, text);
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	check_time(s, size);
	check_date(s, size);
	/* A date is also the first ten bytes of a longer input: exercises the fixed-length path. */
	if (size > 10)
		check_date(s, 10);
	return 0;
}
