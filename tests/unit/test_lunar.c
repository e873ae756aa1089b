/* Tests of the Vietnamese lunar calendar: the shared vectors, round trips over 1950-2100, known
 * leap months (including the 2033 problem) and the invalid inputs. */
#include "base/base.h"

#include <setjmp.h>
#include <stdarg.h>
#include <cmocka.h>

#include "base/civil.h"
#include "domain/lunar.h"

static int64_t date_of(const char *s)
{
	int64_t day = 0;
	assert_int_equal(civil_parse_date(s, strlen(s), &day), MC_OK);
	return day;
}

/* Reads a whole file into a NUL-terminated buffer the caller frees; NULL when unreadable. */
static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 4096, n = 0;
	char *buf = xmalloc(cap);
	size_t got;
	while ((got = fread(buf + n, 1, cap - n - 1, f)) > 0) {
		n += got;
		if (cap - n - 1 == 0) {
			cap *= 2;
			buf = xrealloc(buf, cap);
		}
	}
	fclose(f);
	buf[n] = '\0';
	*len = n;
	return buf;
}

/* A test vector of the repository's tests/data (copied from the project's shared data, which is
 * the source; the tests never read outside the repository). */
static char *read_vectors(const char *name, size_t *len)
{
	char path[1024];
	const char *dir = getenv("MOTCUA_TEST_DATA");
	const char *source = getenv("MOTCUA_SOURCE_DIR");
	if (dir)
		snprintf(path, sizeof(path), "%s/%s", dir, name);
	else
		snprintf(path, sizeof(path), "%s/tests/data/%s", source ? source : ".", name);
	char *text = read_file(path, len);
	if (!text)
		fail_msg("cannot read %s (set MOTCUA_TEST_DATA)", path);
	return text;
}

/* Parses "dd/mm/yyyy" with an optional 'L' after the month. */
static bool parse_lunar(const char *s, size_t len, struct lunar_date *out)
{
	char buf[32];
	char *end;
	if (len >= sizeof(buf))
		return false;
	memcpy(buf, s, len);
	buf[len] = '\0';
	out->day = (int)strtol(buf, &end, 10);
	if (*end != '/')
		return false;
	out->month = (int)strtol(end + 1, &end, 10);
	out->leap = *end == 'L';
	if (out->leap)
		end++;
	if (*end != '/')
		return false;
	out->year = (int)strtol(end + 1, &end, 10);
	return *end == '\0';
}

static void test_shared_vectors(void **state)
{
	MC_UNUSED(state);
	size_t len, checked = 0;
	char *text = read_vectors("lunar_vectors.csv", &len);
	char *line = text;
	while (line && *line) {
		char *nl = strchr(line, '\n');
		size_t n = nl ? (size_t)(nl - line) : strlen(line);
		if (n > 0 && line[n - 1] == '\r')
			n--;
		if (n > 0 && line[0] != '#') {
			const char *c1 = memchr(line, ',', n);
			assert_non_null(c1);
			const char *c2 = memchr(c1 + 1, ',', n - (size_t)(c1 + 1 - line));
			assert_non_null(c2);
			struct lunar_date want, got;
			assert_true(parse_lunar(c1 + 1, (size_t)(c2 - c1 - 1), &want));
			int64_t solar;
			assert_int_equal(civil_parse_date(c2 + 1, n - (size_t)(c2 + 1 - line), &solar),
					 MC_OK);
			int64_t day = 0;
			assert_int_equal(lunar_to_solar(&want, &day), MC_OK);
			assert_int_equal(day, solar);
			assert_int_equal(lunar_from_solar(solar, &got), MC_OK);
			assert_int_equal(got.day, want.day);
			assert_int_equal(got.month, want.month);
			assert_int_equal(got.year, want.year);
			assert_int_equal(got.leap, want.leap);
			checked++;
		}
		line = nl ? nl + 1 : NULL;
	}
	free(text);
	assert_int_equal(checked, 15);
}

/* Every day of 1950-2100 converts to lunar and back, and consecutive days step through the lunar
 * calendar one day at a time in months of 29 or 30 days. */
static void test_round_trip(void **state)
{
	MC_UNUSED(state);
	struct lunar_date prev = {0, 0, 0, false}, cur;
	int64_t end = date_of("2100-12-31");
	for (int64_t d = date_of("1950-01-01"); d <= end; d++) {
		int64_t back = 0;
		assert_int_equal(lunar_from_solar(d, &cur), MC_OK);
		assert_int_equal(lunar_to_solar(&cur, &back), MC_OK);
		assert_int_equal(back, d);
		if (prev.year != 0) {
			if (cur.day == 1) {
				assert_true(prev.day == 29 || prev.day == 30);
			} else {
				assert_int_equal(cur.day, prev.day + 1);
				assert_int_equal(cur.month, prev.month);
				assert_int_equal(cur.leap, prev.leap);
				assert_int_equal(cur.year, prev.year);
			}
		}
		prev = cur;
	}
}

static void test_leap_months(void **state)
{
	MC_UNUSED(state);
	static const int cases[][2] = {
		{2012, 4}, {2014, 9}, {2017, 6}, {2020, 4}, {2023, 2}, {2025, 6},
		{2028, 5}, {2031, 3}, {2033, 11}, {2024, 0}, {2026, 0}, {2027, 0}, {1900, 8},
	};
	for (size_t i = 0; i < MC_ARRAY_LEN(cases); i++)
		assert_int_equal(lunar_leap_month(cases[i][0]), cases[i][1]);
	/* Lunar years 1900-2100 hold 74 leap months, about 7 in every 19 years. */
	int count = 0;
	for (int y = LUNAR_FIRST_YEAR; y <= LUNAR_LAST_YEAR; y++)
		count += lunar_leap_month(y) != 0;
	assert_int_equal(count, 74);
}

/* The 2033 problem: the sui from the 2033 to the 2034 winter solstice has 13 months and the first
 * without a major term is the one after month 11, so Vietnam (UTC+7) has leap month 11. */
static void test_2033(void **state)
{
	MC_UNUSED(state);
	struct lunar_date d;
	int64_t day;
	assert_int_equal(lunar_from_solar(date_of("2033-11-22"), &d), MC_OK);
	assert_true(d.day == 1 && d.month == 11 && !d.leap && d.year == 2033);
	assert_int_equal(lunar_from_solar(date_of("2033-12-22"), &d), MC_OK);
	assert_true(d.day == 1 && d.month == 11 && d.leap && d.year == 2033);
	assert_int_equal(lunar_from_solar(date_of("2034-01-20"), &d), MC_OK);
	assert_true(d.day == 1 && d.month == 12 && !d.leap && d.year == 2033);
	struct lunar_date tet = {1, 1, 2034, false};
	assert_int_equal(lunar_to_solar(&tet, &day), MC_OK);
	assert_int_equal(day, date_of("2034-02-19"));
	/* The 2033 leap month is absent from the months before it. */
	assert_int_equal(lunar_month_length(2033, 7, true), 0);
}

/* Tết in years where the time zone decides it: UTC+8 before 1968 (1903: a UTC+7 calendar would
 * give 28 January; 1925: the new moon at 22:45 UTC+8), UTC+7 from 1968 (1968 and 1985, when
 * Vietnam's Tết differed from China's). */
static void test_time_zone_history(void **state)
{
	MC_UNUSED(state);
	static const struct {
		int year;
		const char *tet;
	} cases[] = {
		{1903, "1903-01-29"}, {1925, "1925-01-24"}, {1968, "1968-01-29"},
		{1985, "1985-01-21"}, {2030, "2030-02-02"}, {2053, "2053-02-18"},
	};
	for (size_t i = 0; i < MC_ARRAY_LEN(cases); i++) {
		struct lunar_date tet = {1, 1, cases[i].year, false};
		int64_t day;
		assert_int_equal(lunar_to_solar(&tet, &day), MC_OK);
		assert_int_equal(day, date_of(cases[i].tet));
	}
}

static void test_month_length(void **state)
{
	MC_UNUSED(state);
	assert_int_equal(lunar_month_length(2025, 6, false), 30);
	assert_int_equal(lunar_month_length(2025, 6, true), 29);
	assert_int_equal(lunar_month_length(2025, 5, true), 0);
	assert_int_equal(lunar_month_length(2025, 13, false), 0);
	/* 29 tháng Chạp 2025 is the last day of lunar 2025 (vectors: 2026-02-16). */
	assert_int_equal(lunar_month_length(2025, 12, false), 29);
}

static void test_invalid(void **state)
{
	MC_UNUSED(state);
	int64_t day = 12345;
	struct lunar_date d;
	struct lunar_date bad[] = {
		{1, 1, 1899, false}, {1, 1, 2101, false}, {1, 0, 2025, false},
		{1, 13, 2025, false}, {0, 1, 2025, false}, {31, 1, 2025, false},
		{30, 6, 2025, true},  /* leap 6 of 2025 has 29 days */
		{30, 12, 2025, false}, {1, 1, 2024, true}, {1, 5, 2025, true},
	};
	for (size_t i = 0; i < MC_ARRAY_LEN(bad); i++) {
		assert_int_equal(lunar_to_solar(&bad[i], &day), MC_EINVAL);
		assert_int_equal(day, 12345);
	}
	assert_int_equal(lunar_from_solar(date_of("1900-01-30"), &d), MC_EINVAL);
	assert_int_equal(lunar_from_solar(date_of("1900-01-31"), &d), MC_OK);
	assert_true(d.day == 1 && d.month == 1 && d.year == 1900);
	assert_int_equal(lunar_from_solar(date_of("2101-12-31"), &d), MC_EINVAL);
	assert_int_equal(lunar_leap_month(1899), 0);
	assert_int_equal(lunar_leap_month(2101), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shared_vectors),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_leap_months),
		cmocka_unit_test(test_2033),
		cmocka_unit_test(test_time_zone_history),
		cmocka_unit_test(test_month_length),
		cmocka_unit_test(test_invalid),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
