/* Fuzzes the official-days CSV parser of domain/holidays.c on arbitrary bytes (not NUL-terminated),
 * with a fixed-size output array. Beyond not crashing: on success the days are sorted without
 * duplicates and every name is a non-empty NUL-terminated string of a known status; on failure the
 * bad line number is set. A second pass with a tiny capacity exercises the MC_ETOOBIG path. */
#include "base/base.h"

#include "domain/holidays.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CAP 64

static void check(const char *text, size_t len, size_t cap)
{
	static struct hol_day days[CAP];
	size_t n = 0, bad_line = 0;
	enum mc_err err = hol_parse_official_csv(text, len, days, cap, &n, &bad_line);
	if (err != MC_OK) {
		if ((err != MC_EINVAL && err != MC_ETOOBIG) || bad_line == 0) {
			fprintf(stderr, "hol_parse_official_csv: %s with bad line %zu\n", mc_err_name(err),
				bad_line);
			abort();
		}
		return;
	}
	if (n > cap) {
		fprintf(stderr, "hol_parse_official_csv wrote %zu days into %zu\n", n, cap);
		abort();
	}
	for (size_t i = 0; i < n; i++) {
		const struct hol_day *d = &days[i];
		size_t name_len = strnlen(d->name, HOL_NAME_MAX);
		if (name_len == 0 || name_len == HOL_NAME_MAX || !strchr("CSM", d->status) ||
		    d->status == 0 || (i > 0 && days[i - 1].day >= d->day)) {
			fprintf(stderr, "hol_parse_official_csv: bad day %zu of %zu\n", i, n);
			abort();
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	check((const char *)data, size, CAP);
	check((const char *)data, size, 2);
	return 0;
}
