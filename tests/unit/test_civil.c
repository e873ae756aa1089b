/* Tests of civil date arithmetic in UTC+7: day counts, weekdays, local days and times, and the
 * RFC 3339 parsers and formatters of base/civil.h. */
#include "base/base.h"

#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/civil.h"

/* 2026-11-26 is day 20783 (checked against Python's datetime.date). */
#define DAY_2026_11_26 20783
/* 2026-11-26T09:30:00+07:00 = 2026-11-26T02:30:00Z. */
#define T_0930_LOCAL INT64_C(1795660200)

static bool leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Walks every day from 1900-01-01 to 2100-12-31 with an independent calendar and checks both
 * directions of the conversion, civil_valid and the weekday on each. */
static void test_round_trip_1900_2100(void **state)
{
	MC_UNUSED(state);
	static const int dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int64_t day = -25567; /* 1900-01-01 */
	int weekday = 1;      /* a Monday */
	int64_t checked = 0;
	for (int y = 1900; y <= 2100; y++) {
		for (int m = 1; m <= 12; m++) {
			int last = dim[m - 1] + (m == 2 && leap(y) ? 1 : 0);
			assert_int_equal(civil_days_in_month(y, m), last);
			for (int d = 1; d <= last; d++) {
				int gy = 0, gm = 0, gd = 0;
				assert_int_equal(civil_days(y, m, d), day);
				civil_ymd(day, &gy, &gm, &gd);
				assert_int_equal(gy, y);
				assert_int_equal(gm, m);
				assert_int_equal(gd, d);
				assert_true(civil_valid(y, m, d));
				assert_int_equal(civil_weekday(day), weekday);
				day++;
				weekday = (weekday + 1) % 7;
				checked++;
			}
		}
	}
	assert_int_equal(day - 1, 47846); /* 2100-12-31 */
	assert_int_equal(checked, 73414);
}

static void test_known_days(void **state)
{
	MC_UNUSED(state);
	int y = 0, m = 0, d = 0;
	assert_int_equal(civil_days(1970, 1, 1), 0);
	assert_int_equal(civil_days(1969, 12, 31), -1);
	assert_int_equal(civil_days(2026, 11, 26), DAY_2026_11_26);
	assert_int_equal(civil_days(2000, 2, 29), 11016);
	assert_int_equal(civil_days(2000, 3, 1), 11017);
	assert_int_equal(civil_days(1900, 1, 1), -25567);
	civil_ymd(DAY_2026_11_26, &y, &m, &d);
	assert_int_equal(y, 2026);
	assert_int_equal(m, 11);
	assert_int_equal(d, 26);
	civil_ymd(11016, &y, &m, &d);
	assert_int_equal(y, 2000);
	assert_int_equal(m, 2);
	assert_int_equal(d, 29);
	civil_ymd(-1, &y, &m, &d);
	assert_int_equal(y, 1969);
	assert_int_equal(m, 12);
	assert_int_equal(d, 31);
}

static void test_weekday(void **state)
{
	MC_UNUSED(state);
	assert_int_equal(civil_weekday(DAY_2026_11_26), 4); /* Thursday */
	assert_int_equal(civil_weekday(0), 4);              /* 1970-01-01, a Thursday */
	assert_int_equal(civil_weekday(-1), 3);             /* 1969-12-31, a Wednesday */
	assert_int_equal(civil_weekday(11016), 2);          /* 2000-02-29, a Tuesday */
	assert_int_equal(civil_weekday(civil_days(2026, 11, 29)), 0); /* Sunday */
	assert_int_equal(civil_weekday(civil_days(2026, 11, 28)), 6); /* Saturday */
}

static void test_valid(void **state)
{
	MC_UNUSED(state);
	assert_false(civil_valid(2026, 2, 29));
	assert_true(civil_valid(2024, 2, 29));
	assert_true(civil_valid(2000, 2, 29));
	assert_false(civil_valid(1900, 2, 29));
	assert_false(civil_valid(2100, 2, 29));
	assert_false(civil_valid(2026, 13, 1));
	assert_false(civil_valid(2026, 0, 1));
	assert_false(civil_valid(2026, 1, 0));
	assert_false(civil_valid(2026, 4, 31));
	assert_true(civil_valid(2026, 12, 31));
	assert_false(civil_valid(0, 1, 1));
	assert_true(civil_valid(1, 1, 1));
	assert_true(civil_valid(9999, 12, 31));
	assert_false(civil_valid(10000, 1, 1));
}

/* 2026-11-26T16:59:59Z is the last second of the local 26th; one second later is the 27th. */
static void test_local_day_around_midnight(void **state)
{
	MC_UNUSED(state);
	int64_t t = (int64_t)DAY_2026_11_26 * 86400 + 16 * 3600 + 59 * 60 + 59;
	assert_int_equal(civil_local_day(t), DAY_2026_11_26);
	assert_int_equal(civil_local_secs(t), 86399);
	assert_int_equal(civil_local_day(t + 1), DAY_2026_11_26 + 1);
	assert_int_equal(civil_local_secs(t + 1), 0);
	/* 2026-11-26T00:00:00Z is already 07:00 local. */
	int64_t utc_midnight = (int64_t)DAY_2026_11_26 * 86400;
	assert_int_equal(civil_local_day(utc_midnight), DAY_2026_11_26);
	assert_int_equal(civil_local_secs(utc_midnight), 7 * 3600);
	/* 2026-11-25T17:00:00Z is local midnight of the 26th. */
	assert_int_equal(civil_local_day(utc_midnight - 7 * 3600), DAY_2026_11_26);
	assert_int_equal(civil_local_secs(utc_midnight - 7 * 3600), 0);
	assert_int_equal(civil_local_day(utc_midnight - 7 * 3600 - 1), DAY_2026_11_26 - 1);
	assert_int_equal(civil_local_secs(utc_midnight - 7 * 3600 - 1), 86399);
}

/* Before the epoch the division must round down, not toward zero. */
static void test_local_day_before_epoch(void **state)
{
	MC_UNUSED(state);
	assert_int_equal(civil_local_day(-1), 0); /* 1970-01-01T06:59:59 local */
	assert_int_equal(civil_local_secs(-1), 6 * 3600 + 59 * 60 + 59);
	assert_int_equal(civil_local_day(-25200), 0); /* 1970-01-01T00:00:00 local */
	assert_int_equal(civil_local_secs(-25200), 0);
	assert_int_equal(civil_local_day(-25201), -1); /* 1969-12-31T23:59:59 local */
	assert_int_equal(civil_local_secs(-25201), 86399);
}

static void test_instant(void **state)
{
	MC_UNUSED(state);
	assert_int_equal(civil_instant(DAY_2026_11_26, 9 * 3600 + 30 * 60), T_0930_LOCAL);
	assert_int_equal(civil_instant(0, 0), -25200);
	for (int64_t t = -400000; t < 400000; t += 997) {
		assert_int_equal(civil_instant(civil_local_day(t), civil_local_secs(t)), t);
		assert_in_range(civil_local_secs(t), 0, 86399);
	}
}

static enum mc_err parse_time(const char *s, int64_t *out)
{
	return civil_parse_time(s, strlen(s), out);
}

static void expect_time(const char *s, int64_t want)
{
	int64_t got = -42;
	assert_int_equal(parse_time(s, &got), MC_OK);
	assert_int_equal(got, want);
}

static void expect_bad_time(const char *s)
{
	int64_t got = -42;
	assert_int_equal(parse_time(s, &got), MC_EINVAL);
	assert_int_equal(got, -42); /* untouched on error */
}

static void test_parse_time_offsets(void **state)
{
	MC_UNUSED(state);
	expect_time("2026-11-26T09:30:00+07:00", T_0930_LOCAL);
	expect_time("2026-11-26T02:30:00Z", T_0930_LOCAL);
	expect_time("2026-11-26T02:30:00z", T_0930_LOCAL);
	expect_time("2026-11-26T02:30:00+00:00", T_0930_LOCAL);
	expect_time("2026-11-26T02:30:00-00:00", T_0930_LOCAL);
	expect_time("2026-11-25T21:30:00-05:00", T_0930_LOCAL);
	expect_time("2026-11-26T08:00:00+05:30", T_0930_LOCAL);
	expect_time("2026-11-26t09:30:00+07:00", T_0930_LOCAL);
	expect_time("2026-11-26 09:30:00+07:00", T_0930_LOCAL);
	expect_time("1970-01-01T00:00:00Z", 0);
	expect_time("1969-12-31T23:59:59Z", -1);
}

static void test_parse_time_fraction_truncated(void **state)
{
	MC_UNUSED(state);
	expect_time("2026-11-26T09:30:00.999+07:00", T_0930_LOCAL);
	expect_time("2026-11-26T09:30:00.5Z", T_0930_LOCAL + 7 * 3600);
	expect_time("2026-11-26T09:30:00.123456789+07:00", T_0930_LOCAL);
	expect_time("1969-12-31T23:59:59.9Z", -1);
	expect_bad_time("2026-11-26T09:30:00.+07:00");
	expect_bad_time("2026-11-26T09:30:00.1234567890+07:00");
}

/* URL decoding turns '+' into ' ': a space before the offset is read as '+'. */
static void test_parse_time_space_offset(void **state)
{
	MC_UNUSED(state);
	expect_time("2026-11-26T09:30:00 07:00", T_0930_LOCAL);
	expect_time("2026-11-26T09:30:00.25 07:00", T_0930_LOCAL);
}

static void test_parse_time_errors(void **state)
{
	MC_UNUSED(state);
	expect_bad_time("2026-11-26T09:30:00");     /* no offset */
	expect_bad_time("2026-11-26T09:30:00.5");   /* no offset after a fraction */
	expect_bad_time("2026-11-26");              /* a date is not a time */
	expect_bad_time("2026-02-30T09:30:00+07:00");
	expect_bad_time("2026-02-29T09:30:00+07:00");
	expect_bad_time("2026-11-26T24:00:00+07:00");
	expect_bad_time("2026-11-26T09:60:00+07:00");
	expect_bad_time("2026-11-26T09:30:60+07:00");
	expect_bad_time("2026-11-26T9:30:00+07:00");
	expect_bad_time("2026-11-26X09:30:00+07:00");
	expect_bad_time("2026-11-26T09:30:00+0700");
	expect_bad_time("2026-11-26T09:30:00+24:00");
	expect_bad_time("2026-11-26T09:30:00+07:60");
	expect_bad_time("2026-11-26T09:30:00+7:00");
	expect_bad_time("2026-11-26T09:30:00*07:00");
	expect_bad_time("2026-11-26T09:30:00+07:00x"); /* trailing characters */
	expect_bad_time("2026-11-26T09:30:00Zx");
	expect_bad_time("2026-11-26T09:30:00+07:00 ");
	expect_bad_time("garbage");
	expect_bad_time("not a date at all, but long enough");
	expect_bad_time("");
}

/* The length bounds the parse: bytes after it are not looked at. */
static void test_parse_time_uses_len(void **state)
{
	MC_UNUSED(state);
	const char *s = "2026-11-26T09:30:00+07:00junk";
	int64_t got = 0;
	assert_int_equal(civil_parse_time(s, 25, &got), MC_OK);
	assert_int_equal(got, T_0930_LOCAL);
	assert_int_equal(civil_parse_time(s, 24, &got), MC_EINVAL);
	assert_int_equal(civil_parse_time(s, 19, &got), MC_EINVAL);
}

static void test_parse_date(void **state)
{
	MC_UNUSED(state);
	int64_t day = -42;
	assert_int_equal(civil_parse_date("2026-11-26", 10, &day), MC_OK);
	assert_int_equal(day, DAY_2026_11_26);
	assert_int_equal(civil_parse_date("2024-02-29", 10, &day), MC_OK);
	assert_int_equal(day, civil_days(2024, 2, 29));
	assert_int_equal(civil_parse_date("2026-11-26T09:30", 10, &day), MC_OK);
	assert_int_equal(day, DAY_2026_11_26);

	static const char *const bad[] = {
		"2026-11-2",  "2026-11-260", "2026/11/26", "2026-13-01", "2026-00-10",
		"2026-02-29", "2026-04-31",  "2026-11-00", "0000-01-01", "2026-1a-01",
		"2026-11-2 ", " 2026-11-26", "+026-11-26", "26-11-2026", "",
	};
	for (size_t i = 0; i < MC_ARRAY_LEN(bad); i++) {
		day = -42;
		assert_int_equal(civil_parse_date(bad[i], strlen(bad[i]), &day), MC_EINVAL);
		assert_int_equal(day, -42);
	}
}

static void test_format_time(void **state)
{
	MC_UNUSED(state);
	char out[32];
	civil_format_time(T_0930_LOCAL, out);
	assert_string_equal(out, "2026-11-26T09:30:00+07:00");
	assert_int_equal(strlen(out), 25);
	civil_format_time((int64_t)DAY_2026_11_26 * 86400 + 16 * 3600 + 59 * 60 + 59, out);
	assert_string_equal(out, "2026-11-26T23:59:59+07:00");
	civil_format_time((int64_t)DAY_2026_11_26 * 86400 + 17 * 3600, out);
	assert_string_equal(out, "2026-11-27T00:00:00+07:00");
	civil_format_time(0, out);
	assert_string_equal(out, "1970-01-01T07:00:00+07:00");
	civil_format_time(-25201, out);
	assert_string_equal(out, "1969-12-31T23:59:59+07:00");
}

/* Any offset in, +07:00 and whole seconds out. */
static void test_format_normalizes(void **state)
{
	MC_UNUSED(state);
	int64_t t = 0;
	char out[32];
	assert_int_equal(parse_time("2026-11-25T21:30:00.987-05:00", &t), MC_OK);
	civil_format_time(t, out);
	assert_string_equal(out, "2026-11-26T09:30:00+07:00");
	assert_int_equal(parse_time("2026-11-26T20:15:42Z", &t), MC_OK);
	civil_format_time(t, out);
	assert_string_equal(out, "2026-11-27T03:15:42+07:00");
	for (int64_t u = -1000000; u < 2000000000; u += 7919 * 1301) {
		int64_t back = 0;
		civil_format_time(u, out);
		assert_int_equal(strlen(out), 25);
		assert_string_equal(out + 19, "+07:00");
		assert_int_equal(parse_time(out, &back), MC_OK);
		assert_int_equal(back, u);
	}
}

static void test_format_date(void **state)
{
	MC_UNUSED(state);
	char out[16];
	civil_format_date(DAY_2026_11_26, out);
	assert_string_equal(out, "2026-11-26");
	civil_format_date(0, out);
	assert_string_equal(out, "1970-01-01");
	civil_format_date(-25567, out);
	assert_string_equal(out, "1900-01-01");
	civil_format_date(11016, out);
	assert_string_equal(out, "2000-02-29");
	civil_format_date(civil_days(9999, 12, 31), out);
	assert_string_equal(out, "9999-12-31");
	civil_format_date(civil_days(1, 1, 1), out);
	assert_string_equal(out, "0001-01-01");
	for (int64_t day = -25567; day <= 47846; day += 13) {
		int64_t back = 0;
		civil_format_date(day, out);
		assert_int_equal(civil_parse_date(out, strlen(out), &back), MC_OK);
		assert_int_equal(back, day);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip_1900_2100),
		cmocka_unit_test(test_known_days),
		cmocka_unit_test(test_weekday),
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_local_day_around_midnight),
		cmocka_unit_test(test_local_day_before_epoch),
		cmocka_unit_test(test_instant),
		cmocka_unit_test(test_parse_time_offsets),
		cmocka_unit_test(test_parse_time_fraction_truncated),
		cmocka_unit_test(test_parse_time_space_offset),
		cmocka_unit_test(test_parse_time_errors),
		cmocka_unit_test(test_parse_time_uses_len),
		cmocka_unit_test(test_parse_date),
		cmocka_unit_test(test_format_time),
		cmocka_unit_test(test_format_normalizes),
		cmocka_unit_test(test_format_date),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
