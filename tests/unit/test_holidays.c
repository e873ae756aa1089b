/* Tests of the computed default days off (exact dates and names) and of the official-days CSV
 * parser. */
#include "base/base.h"

#include <setjmp.h>
#include <stdarg.h>
#include <cmocka.h>

#include "base/civil.h"
#include "domain/holidays.h"

/* An expected day off: its date and its name. */
struct want {
	const char *date;
	const char *name;
};

static int64_t date_of(const char *s)
{
	int64_t day = 0;
	assert_int_equal(civil_parse_date(s, strlen(s), &day), MC_OK);
	return day;
}

static void expect_defaults(int year, const struct want *w, size_t nw)
{
	struct hol_day got[HOL_MAX_DEFAULTS];
	size_t n = 0;
	assert_int_equal(hol_defaults(year, got, MC_ARRAY_LEN(got), &n), MC_OK);
	for (size_t i = 0; i < n && i < nw; i++) {
		char date[16];
		civil_format_date(got[i].day, date);
		assert_string_equal(date, w[i].date);
		assert_string_equal(got[i].name, w[i].name);
		assert_false(got[i].working);
		assert_int_equal(got[i].status, 0);
	}
	assert_int_equal(n, nw);
}

static bool has_day(int year, const char *date)
{
	struct hol_day got[HOL_MAX_DEFAULTS];
	size_t n = 0;
	assert_int_equal(hol_defaults(year, got, MC_ARRAY_LEN(got), &n), MC_OK);
	for (size_t i = 0; i < n; i++)
		if (got[i].day == date_of(date))
			return true;
	return false;
}

/* 2027: Tết runs from Friday 5/2 to Tuesday 9/2 with mùng 1 and 2 on the weekend, so Wednesday
 * 10/2 and Thursday 11/2 are compensation days; 1/5 is a Saturday (off Monday 3/5); 2/9 is a
 * Thursday, paired with 3/9. */
static void test_defaults_2027(void **state)
{
	MC_UNUSED(state);
	static const struct want w[] = {
		{"2027-01-01", "Tết Dương lịch"},
		{"2027-02-05", "Tết Nguyên đán (29 tháng Chạp)"},
		{"2027-02-06", "Tết Nguyên đán (mùng 1)"},
		{"2027-02-07", "Tết Nguyên đán (mùng 2)"},
		{"2027-02-08", "Tết Nguyên đán (mùng 3)"},
		{"2027-02-09", "Tết Nguyên đán (mùng 4)"},
		{"2027-02-10", "Nghỉ bù Tết Nguyên đán (6/2/2027 là thứ Bảy)"},
		{"2027-02-11", "Nghỉ bù Tết Nguyên đán (7/2/2027 là Chủ nhật)"},
		{"2027-04-16", "Giỗ Tổ Hùng Vương (10/3 âm lịch)"},
		{"2027-04-30", "Ngày Chiến thắng"},
		{"2027-05-01", "Quốc tế Lao động"},
		{"2027-05-03", "Nghỉ bù Quốc tế Lao động (1/5/2027 là thứ Bảy)"},
		{"2027-09-02", "Quốc khánh"},
		{"2027-09-03", "Quốc khánh (ngày liền kề)"},
		{"2027-11-24", "Ngày Văn hóa Việt Nam"},
	};
	expect_defaults(2027, w, MC_ARRAY_LEN(w));
}

/* 2026: Hùng Kings day is Sunday 26/4, so Monday 27/4 is off; 2/9 is a Wednesday, paired with
 * 1/9; 24/11 is a day off from 2026 on. */
static void test_defaults_2026(void **state)
{
	MC_UNUSED(state);
	static const struct want w[] = {
		{"2026-01-01", "Tết Dương lịch"},
		{"2026-02-16", "Tết Nguyên đán (29 tháng Chạp)"},
		{"2026-02-17", "Tết Nguyên đán (mùng 1)"},
		{"2026-02-18", "Tết Nguyên đán (mùng 2)"},
		{"2026-02-19", "Tết Nguyên đán (mùng 3)"},
		{"2026-02-20", "Tết Nguyên đán (mùng 4)"},
		{"2026-04-26", "Giỗ Tổ Hùng Vương (10/3 âm lịch)"},
		{"2026-04-27", "Nghỉ bù Giỗ Tổ Hùng Vương (26/4/2026 là Chủ nhật)"},
		{"2026-04-30", "Ngày Chiến thắng"},
		{"2026-05-01", "Quốc tế Lao động"},
		{"2026-09-01", "Quốc khánh (ngày liền kề)"},
		{"2026-09-02", "Quốc khánh"},
		{"2026-11-24", "Ngày Văn hóa Việt Nam"},
	};
	expect_defaults(2026, w, MC_ARRAY_LEN(w));
}

/* 2023: Hùng Kings day on Saturday 29/4 and 30/4 on Sunday make one block with 1/5, so Tuesday 2/5
 * and Wednesday 3/5 are off (as the government decided that year); 1/1 on a Sunday gives Monday
 * 2/1; Tết's last day is 30 tháng Chạp. */
static void test_defaults_2023(void **state)
{
	MC_UNUSED(state);
	static const struct want w[] = {
		{"2023-01-01", "Tết Dương lịch"},
		{"2023-01-02", "Nghỉ bù Tết Dương lịch (1/1/2023 là Chủ nhật)"},
		{"2023-01-21", "Tết Nguyên đán (30 tháng Chạp)"},
		{"2023-01-22", "Tết Nguyên đán (mùng 1)"},
		{"2023-01-23", "Tết Nguyên đán (mùng 2)"},
		{"2023-01-24", "Tết Nguyên đán (mùng 3)"},
		{"2023-01-25", "Tết Nguyên đán (mùng 4)"},
		{"2023-01-26", "Nghỉ bù Tết Nguyên đán (21/1/2023 là thứ Bảy)"},
		{"2023-01-27", "Nghỉ bù Tết Nguyên đán (22/1/2023 là Chủ nhật)"},
		{"2023-04-29", "Giỗ Tổ Hùng Vương (10/3 âm lịch)"},
		{"2023-04-30", "Ngày Chiến thắng"},
		{"2023-05-01", "Quốc tế Lao động"},
		{"2023-05-02", "Nghỉ bù Giỗ Tổ Hùng Vương (29/4/2023 là thứ Bảy)"},
		{"2023-05-03", "Nghỉ bù Ngày Chiến thắng (30/4/2023 là Chủ nhật)"},
		{"2023-09-01", "Quốc khánh (ngày liền kề)"},
		{"2023-09-02", "Quốc khánh"},
		{"2023-09-04", "Nghỉ bù Quốc khánh (2/9/2023 là thứ Bảy)"},
	};
	expect_defaults(2023, w, MC_ARRAY_LEN(w));
}

/* The day next to 2/9 is 3/9 when 2/9 is a Sunday, Monday or Thursday, else 1/9. */
static void test_national_day_pairing(void **state)
{
	MC_UNUSED(state);
	/* Sunday 2029: 3/9 and, for the Sunday, Tuesday 4/9. */
	assert_true(has_day(2029, "2029-09-03"));
	assert_true(has_day(2029, "2029-09-04"));
	assert_false(has_day(2029, "2029-09-01"));
	/* Monday 2030 and Thursday 2027: 3/9. */
	assert_true(has_day(2030, "2030-09-03"));
	assert_false(has_day(2030, "2030-09-01"));
	assert_true(has_day(2027, "2027-09-03"));
	assert_false(has_day(2027, "2027-09-01"));
	/* Tuesday 2025, Wednesday 2026, Friday 2022: 1/9. */
	assert_true(has_day(2025, "2025-09-01"));
	assert_false(has_day(2025, "2025-09-03"));
	assert_true(has_day(2026, "2026-09-01"));
	assert_true(has_day(2022, "2022-09-01"));
	assert_false(has_day(2022, "2022-09-03"));
	/* Saturday 2028: Friday 1/9 and, for the Saturday, Monday 4/9. */
	assert_true(has_day(2028, "2028-09-01"));
	assert_true(has_day(2028, "2028-09-04"));
	assert_false(has_day(2028, "2028-09-03"));
}

static void test_culture_day(void **state)
{
	MC_UNUSED(state);
	assert_false(has_day(2025, "2025-11-24"));
	assert_true(has_day(2026, "2026-11-24"));
	/* Saturday 24/11/2029 gives Monday 26/11. */
	assert_true(has_day(2029, "2029-11-26"));
}

static void test_defaults_errors(void **state)
{
	MC_UNUSED(state);
	struct hol_day got[HOL_MAX_DEFAULTS];
	size_t n = 0;
	assert_int_equal(hol_defaults(1900, got, MC_ARRAY_LEN(got), &n), MC_EINVAL);
	assert_int_equal(hol_defaults(2101, got, MC_ARRAY_LEN(got), &n), MC_EINVAL);
	assert_int_equal(hol_defaults(2027, got, 3, &n), MC_ETOOBIG);
	assert_int_equal(n, 15);
	/* Every year of the range is computable and fits. */
	for (int y = HOL_FIRST_YEAR; y <= HOL_LAST_YEAR; y++)
		assert_int_equal(hol_defaults(y, got, MC_ARRAY_LEN(got), &n), MC_OK);
}

/* Reads a whole file into a NUL-terminated buffer the caller frees. */
static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 4096, n = 0, got;
	char *buf = xmalloc(cap);
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

static void test_parse_official_file(void **state)
{
	MC_UNUSED(state);
	char path[1024];
	const char *source = getenv("MOTCUA_SOURCE_DIR");
	snprintf(path, sizeof(path), "%s/data/official_days_2025_2026.csv", source ? source : ".");
	size_t len = 0;
	char *text = read_file(path, &len);
	if (!text)
		fail_msg("cannot read %s (set MOTCUA_SOURCE_DIR)", path);
	struct hol_day days[64];
	size_t n = 0, bad = 99;
	assert_int_equal(hol_parse_official_csv(text, len, days, MC_ARRAY_LEN(days), &n, &bad), MC_OK);
	free(text);
	assert_int_equal(bad, 0);
	assert_int_equal(n, 27);
	assert_int_equal(days[0].day, date_of("2025-01-01"));
	assert_string_equal(days[0].name, "Tết Dương lịch");
	assert_int_equal(days[0].status, 'C');
	for (size_t i = 1; i < n; i++)
		assert_true(days[i - 1].day < days[i].day);
	size_t working = 0;
	for (size_t i = 0; i < n; i++) {
		if (!days[i].working)
			continue;
		working++;
		assert_true(days[i].day == date_of("2025-04-26") || days[i].day == date_of("2026-08-22"));
	}
	assert_int_equal(working, 2);
}

static enum mc_err parse(const char *text, struct hol_day *days, size_t cap, size_t *n,
			 size_t *bad)
{
	return hol_parse_official_csv(text, strlen(text), days, cap, n, bad);
}

static void test_parse_forms(void **state)
{
	MC_UNUSED(state);
	struct hol_day days[8];
	size_t n = 0, bad = 99;
	/* CRLF, blank lines, a quoted name with a comma and a quote, no final newline, unsorted. */
	const char *text = "# comment\r\n\r\ndate,kind,name,status\r\n"
			   "2027-02-10,off,\"Nghỉ bù, \"\"Tết\"\"\",M\r\n"
			   "2027-01-01,off,Tết Dương lịch,C";
	assert_int_equal(parse(text, days, MC_ARRAY_LEN(days), &n, &bad), MC_OK);
	assert_int_equal(n, 2);
	assert_int_equal(days[0].day, date_of("2027-01-01"));
	assert_string_equal(days[1].name, "Nghỉ bù, \"Tết\"");
	assert_int_equal(days[1].status, 'M');
	/* A header alone is an empty list. */
	assert_int_equal(parse("date,kind,name,status\n", days, 8, &n, &bad), MC_OK);
	assert_int_equal(n, 0);
}

static void test_parse_bad_lines(void **state)
{
	MC_UNUSED(state);
	static const struct {
		const char *text;
		enum mc_err err;
		size_t line;
	} cases[] = {
		{"# c\ndate,kind,name,status\n2027-01-01,off,A,C\n2027-01-02,holiday,B,C\n", MC_EINVAL, 4},
		{"date,kind,name,status\n2027-02-30,off,A,C\n", MC_EINVAL, 2},
		{"date,kind,name,status\n2027-01-01,off,,C\n", MC_EINVAL, 2},
		{"date,kind,name,status\n2027-01-01,off,A,X\n", MC_EINVAL, 2},
		{"date,kind,name,status\n2027-01-01,off,A,C,extra\n", MC_EINVAL, 2},
		{"date,kind,name,status\n2027-01-01,off,A,C,\n", MC_EINVAL, 2},
		{"date,kind,name,status\n2027-01-01,off,A\n", MC_EINVAL, 2},
		{"date,kind,name,status\n2027-01-01,off,\"A,C\n", MC_EINVAL, 2},
		{"date,kind,name,status\n2027-01-01,off,A,C\n\n2027-01-01,off,B,C\n", MC_EINVAL, 4},
		{"date,kind,name,status\n2027-01-01,off,\xff\xfe,C\n", MC_EINVAL, 2},
		{"2027-01-01,off,A,C\n", MC_EINVAL, 1},
		{"# only a comment\n", MC_EINVAL, 2},
		{"", MC_EINVAL, 1},
		{"date,kind,name,status\n2027-01-01,off,A,C\n2027-01-02,off,B,C\n2027-01-03,off,C,C\n",
		 MC_ETOOBIG, 4},
	};
	struct hol_day days[2];
	for (size_t i = 0; i < MC_ARRAY_LEN(cases); i++) {
		size_t n = 0, bad = 0;
		assert_int_equal(parse(cases[i].text, days, MC_ARRAY_LEN(days), &n, &bad),
				 cases[i].err);
		assert_int_equal(bad, cases[i].line);
	}
	/* A name longer than HOL_NAME_MAX - 1 bytes. */
	char text[256];
	char name[HOL_NAME_MAX + 1];
	memset(name, 'a', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	snprintf(text, sizeof(text), "date,kind,name,status\n2027-01-01,off,%s,C\n", name);
	size_t n = 0, bad = 0;
	assert_int_equal(parse(text, days, 2, &n, &bad), MC_EINVAL);
	assert_int_equal(bad, 2);
	/* Not NUL-terminated: the parser reads exactly len bytes. */
	const char *cut = "date,kind,name,status\n2027-01-01,off,A,C\n2027-01-0";
	assert_int_equal(hol_parse_official_csv(cut, strlen(cut) - 9, days, 2, &n, &bad), MC_OK);
	assert_int_equal(n, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults_2027),
		cmocka_unit_test(test_defaults_2026),
		cmocka_unit_test(test_defaults_2023),
		cmocka_unit_test(test_national_day_pairing),
		cmocka_unit_test(test_culture_day),
		cmocka_unit_test(test_defaults_errors),
		cmocka_unit_test(test_parse_official_file),
		cmocka_unit_test(test_parse_forms),
		cmocka_unit_test(test_parse_bad_lines),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
