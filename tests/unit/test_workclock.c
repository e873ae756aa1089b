/* Tests of the working clock with exact instants: the calendar holds the official days of
 * 2025-2026 (data/official_days_2025_2026.csv) and the computed defaults of 2027-2028. Property
 * tests draw thousands of cases from a fixed-seed xorshift generator. */
#include "base/base.h"

#include <setjmp.h>
#include <stdarg.h>
#include <cmocka.h>

#include "base/civil.h"
#include "domain/holidays.h"
#include "domain/workclock.h"

#define HOUR 3600
#define WDAY (8 * HOUR)

static int64_t T(const char *s)
{
	int64_t t = 0;
	if (civil_parse_time(s, strlen(s), &t) != MC_OK)
		fail_msg("bad instant in test: %s", s);
	return t;
}

static int64_t D(const char *s)
{
	int64_t day = 0;
	if (civil_parse_date(s, strlen(s), &day) != MC_OK)
		fail_msg("bad date in test: %s", s);
	return day;
}

/* Compares instants as RFC 3339 text so that a failure shows both readably. */
static void assert_instant(int64_t got, const char *want)
{
	char buf[32];
	civil_format_time(got, buf);
	assert_string_equal(buf, want);
}

static void assert_due(const struct wc_calendar *c, const char *from, int64_t value,
		       enum wc_unit unit, const char *want)
{
	int64_t due = 0;
	char got[32];
	assert_int_equal(wc_add(c, T(from), value, unit, &due), MC_OK);
	civil_format_time(due, got);
	if (strcmp(got, want) != 0)
		fail_msg("%s + %lld %s: got %s, want %s", from, (long long)value, wc_unit_name(unit),
			 got, want);
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

static void apply_days(struct wc_calendar *c, const struct hol_day *d, size_t n)
{
	for (size_t i = 0; i < n; i++)
		assert_int_equal(wc_calendar_set_day(c, d[i].day, d[i].working), MC_OK);
}

static void load_defaults(struct wc_calendar *c, int year)
{
	struct hol_day d[HOL_MAX_DEFAULTS];
	size_t n = 0;
	assert_int_equal(hol_defaults(year, d, MC_ARRAY_LEN(d), &n), MC_OK);
	assert_int_equal(wc_calendar_reset_year(c, year), MC_OK);
	apply_days(c, d, n);
}

static void load_official(struct wc_calendar *c)
{
	char path[1024];
	const char *source = getenv("MOTCUA_SOURCE_DIR");
	snprintf(path, sizeof(path), "%s/data/official_days_2025_2026.csv", source ? source : ".");
	size_t len = 0, n = 0, bad = 0;
	char *text = read_file(path, &len);
	if (!text)
		fail_msg("cannot read %s (set MOTCUA_SOURCE_DIR)", path);
	struct hol_day d[64];
	assert_int_equal(hol_parse_official_csv(text, len, d, MC_ARRAY_LEN(d), &n, &bad), MC_OK);
	free(text);
	assert_int_equal(wc_calendar_reset_year(c, 2025), MC_OK);
	assert_int_equal(wc_calendar_reset_year(c, 2026), MC_OK);
	apply_days(c, d, n);
}

static int setup_calendar(void **state)
{
	struct wc_calendar *c = xmalloc(sizeof(*c));
	wc_calendar_init(c);
	load_official(c);
	load_defaults(c, 2027);
	load_defaults(c, 2028);
	*state = c;
	return 0;
}

static int teardown_calendar(void **state)
{
	struct wc_calendar *c = *state;
	wc_calendar_release(c);
	free(c);
	return 0;
}

/* Tết 2027 (computed): off Friday 5/2 to Thursday 11/2. Thursday 4/2 10:00 + 3 working days is
 * the third working day after, at 10:00; from 16:30 it is 16:30 of that day. */
static void test_tet_2027(void **state)
{
	const struct wc_calendar *c = *state;
	assert_false(wc_is_working_day(c, D("2027-02-05")));
	assert_false(wc_is_working_day(c, D("2027-02-11")));
	assert_true(wc_is_working_day(c, D("2027-02-12")));
	assert_due(c, "2027-02-04T10:00:00+07:00", 3, WC_WORKING_DAYS, "2027-02-16T10:00:00+07:00");
	assert_due(c, "2027-02-04T16:30:00+07:00", 3, WC_WORKING_DAYS, "2027-02-16T16:30:00+07:00");
	assert_due(c, "2027-02-04T16:00:00+07:00", 1, WC_WORKING_HOURS, "2027-02-04T17:00:00+07:00");
	assert_due(c, "2027-02-04T16:00:00+07:00", 2, WC_WORKING_HOURS, "2027-02-12T09:00:00+07:00");
}

static void test_friday_afternoon(void **state)
{
	const struct wc_calendar *c = *state;
	assert_due(c, "2026-03-06T16:30:00+07:00", 4, WC_WORKING_HOURS, "2026-03-09T11:30:00+07:00");
	assert_due(c, "2026-03-06T16:30:00+07:00", 3, WC_WORKING_DAYS, "2026-03-11T16:30:00+07:00");
	/* The same instant written in UTC. */
	assert_due(c, "2026-03-06T09:30:00Z", 4, WC_WORKING_HOURS, "2026-03-09T11:30:00+07:00");
}

static void test_received_on_saturday(void **state)
{
	const struct wc_calendar *c = *state;
	assert_due(c, "2026-03-07T10:00:00+07:00", 1, WC_WORKING_DAYS, "2026-03-09T17:00:00+07:00");
	assert_due(c, "2026-03-07T10:00:00+07:00", 2, WC_WORKING_HOURS, "2026-03-09T10:00:00+07:00");
	assert_due(c, "2026-03-07T10:00:00+07:00", 1, WC_SAME_DAY, "2026-03-09T17:00:00+07:00");
}

static void test_same_day(void **state)
{
	const struct wc_calendar *c = *state;
	assert_due(c, "2026-03-10T14:59:00+07:00", 1, WC_SAME_DAY, "2026-03-10T17:00:00+07:00");
	assert_due(c, "2026-03-10T15:00:00+07:00", 1, WC_SAME_DAY, "2026-03-10T17:00:00+07:00");
	assert_due(c, "2026-03-10T15:00:01+07:00", 1, WC_SAME_DAY, "2026-03-11T17:00:00+07:00");
	assert_due(c, "2026-03-10T15:01:00+07:00", 1, WC_SAME_DAY, "2026-03-11T17:00:00+07:00");
	/* Lunch moves to 13:00, which is before the cutoff; after 17:00 moves to 08:00 next day. */
	assert_due(c, "2026-03-10T12:30:00+07:00", 1, WC_SAME_DAY, "2026-03-10T17:00:00+07:00");
	assert_due(c, "2026-03-10T17:30:00+07:00", 1, WC_SAME_DAY, "2026-03-11T17:00:00+07:00");
	/* Friday after the cutoff: Monday. Before Hùng Kings Monday 27/4/2026: Tuesday. */
	assert_due(c, "2026-03-06T15:01:00+07:00", 1, WC_SAME_DAY, "2026-03-09T17:00:00+07:00");
	assert_due(c, "2026-04-24T15:30:00+07:00", 1, WC_SAME_DAY, "2026-04-28T17:00:00+07:00");
	int64_t due = 0;
	assert_int_equal(wc_add(c, T("2026-03-10T10:00:00+07:00"), 2, WC_SAME_DAY, &due), MC_EINVAL);
	assert_int_equal(wc_add(c, T("2026-03-10T10:00:00+07:00"), 0, WC_SAME_DAY, &due), MC_EINVAL);
}

/* 2026: 30/4 and 1/5 (Thursday, Friday) off; 2025: 30/4 to 2/5 off with Saturday 26/4 worked;
 * 2026: 31/8 to 2/9 off; 2027 (computed): 2/9 and 3/9 off. */
static void test_holiday_blocks(void **state)
{
	const struct wc_calendar *c = *state;
	assert_due(c, "2026-04-29T14:00:00+07:00", 2, WC_WORKING_DAYS, "2026-05-05T14:00:00+07:00");
	assert_due(c, "2025-04-25T16:00:00+07:00", 2, WC_WORKING_DAYS, "2025-04-28T16:00:00+07:00");
	assert_due(c, "2026-08-28T09:00:00+07:00", 2, WC_WORKING_DAYS, "2026-09-04T09:00:00+07:00");
	assert_due(c, "2027-09-01T10:00:00+07:00", 1, WC_WORKING_DAYS, "2027-09-06T10:00:00+07:00");
}

static void test_makeup_saturday(void **state)
{
	const struct wc_calendar *c = *state;
	assert_true(wc_is_working_day(c, D("2026-08-22")));
	assert_false(wc_is_working_day(c, D("2026-08-29")));
	assert_due(c, "2026-08-21T16:00:00+07:00", 2, WC_WORKING_HOURS, "2026-08-22T09:00:00+07:00");
	assert_instant(wc_next_working_moment(c, T("2026-08-22T07:00:00+07:00")),
		       "2026-08-22T08:00:00+07:00");
	assert_int_equal(wc_between(c, T("2026-08-21T00:00:00+07:00"), T("2026-08-24T00:00:00+07:00")),
			 2 * WDAY);
}

/* Hùng Kings day 2026 is Sunday 26/4: Monday 27/4 is off. */
static void test_hung_kings_on_sunday(void **state)
{
	const struct wc_calendar *c = *state;
	assert_false(wc_is_working_day(c, D("2026-04-26")));
	assert_false(wc_is_working_day(c, D("2026-04-27")));
	assert_due(c, "2026-04-24T16:00:00+07:00", 2, WC_WORKING_HOURS, "2026-04-28T09:00:00+07:00");
}

static void test_between(void **state)
{
	const struct wc_calendar *c = *state;
	/* Friday 10:00 to Tuesday 10:30 across a weekend and Monday 27/4/2026 off. */
	assert_int_equal(wc_between(c, T("2026-04-24T10:00:00+07:00"), T("2026-04-28T10:30:00+07:00")),
			 8 * HOUR + 30 * 60);
	/* Across lunch. */
	assert_int_equal(wc_between(c, T("2026-03-06T11:00:00+07:00"), T("2026-03-06T14:00:00+07:00")),
			 2 * HOUR);
	/* Across a weekend. */
	assert_int_equal(wc_between(c, T("2026-03-06T15:00:00+07:00"), T("2026-03-09T09:00:00+07:00")),
			 3 * HOUR);
	/* A whole ordinary week, and a whole year: 2026 has 249 working days in the official list. */
	assert_int_equal(wc_between(c, T("2026-03-09T00:00:00+07:00"), T("2026-03-16T00:00:00+07:00")),
			 5 * WDAY);
	assert_int_equal(wc_between(c, T("2026-01-01T00:00:00+07:00"), T("2027-01-01T00:00:00+07:00")),
			 249 * WDAY);
	assert_int_equal(wc_between(c, T("2026-03-09T10:00:00+07:00"), T("2026-03-09T10:00:00+07:00")), 0);
	assert_int_equal(wc_between(c, T("2026-03-10T10:00:00+07:00"), T("2026-03-09T10:00:00+07:00")), 0);
	/* Outside the table the Monday-Friday rule applies. */
	assert_int_equal(wc_between(c, T("2200-01-05T00:00:00+07:00"), T("2200-01-12T00:00:00+07:00")),
			 5 * WDAY);
}

static void test_day_is_eight_hours(void **state)
{
	const struct wc_calendar *c = *state;
	assert_int_equal(wc_day_seconds(c), WDAY);
	assert_due(c, "2026-03-09T08:00:00+07:00", 1, WC_WORKING_DAYS, "2026-03-09T17:00:00+07:00");
	assert_due(c, "2026-03-09T08:00:00+07:00", 8, WC_WORKING_HOURS, "2026-03-09T17:00:00+07:00");
	assert_due(c, "2026-03-09T08:00:00+07:00", 24, WC_WORKING_HOURS, "2026-03-11T17:00:00+07:00");
	assert_due(c, "2026-03-10T10:00:00+07:00", 1, WC_WORKING_DAYS, "2026-03-11T10:00:00+07:00");
	/* Ends of periods, never starts. */
	assert_due(c, "2026-03-09T08:00:00+07:00", 4, WC_WORKING_HOURS, "2026-03-09T12:00:00+07:00");
	assert_due(c, "2026-03-09T13:00:00+07:00", 4, WC_WORKING_HOURS, "2026-03-09T17:00:00+07:00");
	assert_due(c, "2026-03-09T12:00:00+07:00", 4, WC_WORKING_HOURS, "2026-03-09T17:00:00+07:00");
}

static void test_calendar_days(void **state)
{
	const struct wc_calendar *c = *state;
	assert_due(c, "2026-03-02T10:00:00+07:00", 2, WC_CALENDAR_DAYS, "2026-03-04T17:00:00+07:00");
	/* Lands on a Saturday: the next working day. */
	assert_due(c, "2026-03-04T10:00:00+07:00", 3, WC_CALENDAR_DAYS, "2026-03-09T17:00:00+07:00");
	/* Lands on 30/4/2026: 1/5 off, then the weekend. */
	assert_due(c, "2026-04-27T10:00:00+07:00", 3, WC_CALENDAR_DAYS, "2026-05-04T17:00:00+07:00");
	/* The local date counts: 23:30 on Monday, and 01:00 on Tuesday (18:00Z on Monday). */
	assert_due(c, "2026-03-02T23:30:00+07:00", 1, WC_CALENDAR_DAYS, "2026-03-03T17:00:00+07:00");
	assert_due(c, "2026-03-02T18:00:00Z", 1, WC_CALENDAR_DAYS, "2026-03-04T17:00:00+07:00");
	/* Received on a Saturday; counting starts on Sunday. */
	assert_due(c, "2026-03-07T10:00:00+07:00", 1, WC_CALENDAR_DAYS, "2026-03-09T17:00:00+07:00");
}

static void test_next_working_moment(void **state)
{
	const struct wc_calendar *c = *state;
	static const char *const cases[][2] = {
		{"2026-03-10T12:00:00+07:00", "2026-03-10T13:00:00+07:00"},
		{"2026-03-10T17:00:00+07:00", "2026-03-11T08:00:00+07:00"},
		{"2026-03-10T07:59:00+07:00", "2026-03-10T08:00:00+07:00"},
		{"2026-03-10T10:00:00+07:00", "2026-03-10T10:00:00+07:00"},
		{"2026-03-10T11:59:59+07:00", "2026-03-10T11:59:59+07:00"},
		{"2026-03-10T08:00:00+07:00", "2026-03-10T08:00:00+07:00"},
		{"2026-03-07T10:00:00+07:00", "2026-03-09T08:00:00+07:00"},
		{"2026-03-06T17:00:00+07:00", "2026-03-09T08:00:00+07:00"},
		{"2027-02-04T17:00:00+07:00", "2027-02-12T08:00:00+07:00"},
	};
	for (size_t i = 0; i < MC_ARRAY_LEN(cases); i++)
		assert_instant(wc_next_working_moment(c, T(cases[i][0])), cases[i][1]);
}

static void test_classify(void **state)
{
	MC_UNUSED(state);
	int64_t due = T("2026-03-11T16:30:00+07:00");
	assert_int_equal(wc_classify(T("2026-03-10T23:59:59+07:00"), due), WC_EARLY);
	assert_int_equal(wc_classify(T("2026-03-11T00:00:00+07:00"), due), WC_ON_TIME);
	assert_int_equal(wc_classify(due, due), WC_ON_TIME);
	assert_int_equal(wc_classify(due + 1, due), WC_LATE);
	assert_int_equal(wc_classify(T("2026-03-12T09:00:00+07:00"), due), WC_LATE);
	assert_string_equal(wc_timeliness_name(WC_EARLY), "early");
	assert_string_equal(wc_timeliness_name(WC_ON_TIME), "on_time");
	assert_string_equal(wc_timeliness_name(WC_LATE), "late");
}

static void test_units(void **state)
{
	MC_UNUSED(state);
	static const char *const names[] = {"working_hours", "working_days", "calendar_days",
					    "same_day"};
	for (size_t i = 0; i < MC_ARRAY_LEN(names); i++) {
		enum wc_unit u;
		assert_int_equal(wc_unit_parse(names[i], &u), MC_OK);
		assert_int_equal(u, (enum wc_unit)i);
		assert_string_equal(wc_unit_name(u), names[i]);
	}
	enum wc_unit u;
	assert_int_equal(wc_unit_parse("Working_hours", &u), MC_EINVAL);
	assert_int_equal(wc_unit_parse("hours", &u), MC_EINVAL);
	assert_int_equal(wc_unit_parse("", &u), MC_EINVAL);
}

static void test_add_errors(void **state)
{
	const struct wc_calendar *c = *state;
	int64_t due = 0, from = T("2026-03-10T10:00:00+07:00");
	assert_int_equal(wc_add(c, from, 0, WC_WORKING_DAYS, &due), MC_OK);
	assert_int_equal(due, from);
	assert_int_equal(wc_add(c, T("2026-03-07T10:00:00+07:00"), 0, WC_WORKING_HOURS, &due), MC_OK);
	assert_instant(due, "2026-03-07T10:00:00+07:00");
	assert_int_equal(wc_add(c, from, 0, WC_CALENDAR_DAYS, &due), MC_OK);
	assert_int_equal(due, from);
	assert_int_equal(wc_add(c, from, -1, WC_WORKING_HOURS, &due), MC_EINVAL);
	assert_int_equal(wc_add(c, from, WC_MAX_VALUE + 1, WC_WORKING_HOURS, &due), MC_EINVAL);
	assert_int_equal(wc_add(c, from, 1, (enum wc_unit)9, &due), MC_EINVAL);
	assert_int_equal(wc_add(c, T("2100-12-30T10:00:00+07:00"), 30, WC_WORKING_DAYS, &due),
			 MC_EINVAL);
	assert_int_equal(wc_add(c, T("2100-12-30T10:00:00+07:00"), 30, WC_CALENDAR_DAYS, &due),
			 MC_EINVAL);
	assert_int_equal(wc_add(c, T("1899-12-29T10:00:00+07:00"), 1, WC_WORKING_DAYS, &due),
			 MC_EINVAL);
	assert_int_equal(wc_add(c, from, WC_MAX_VALUE, WC_WORKING_DAYS, &due), MC_EINVAL);
	assert_int_equal(wc_add_seconds(c, from, -1, &due), MC_EINVAL);
	assert_int_equal(wc_add(c, INT64_MAX, 1, WC_WORKING_DAYS, &due), MC_EINVAL);
	assert_int_equal(wc_add(c, INT64_MIN, 1, WC_CALENDAR_DAYS, &due), MC_EINVAL);
	assert_int_equal(wc_between(c, INT64_MIN, INT64_MAX) > 0, true);
}

static void test_pause_shift(void **state)
{
	const struct wc_calendar *c = *state;
	int64_t out = 0;
	/* Paused Monday 16:00 to Tuesday 09:00: 2 working hours; the due time moves by them. */
	assert_int_equal(wc_pause_shift(c, T("2026-03-11T16:30:00+07:00"), T("2026-03-09T16:00:00+07:00"),
					T("2026-03-10T09:00:00+07:00"), &out),
			 MC_OK);
	assert_instant(out, "2026-03-12T09:30:00+07:00");
	/* A pause over a weekend only moves nothing. */
	assert_int_equal(wc_pause_shift(c, T("2026-03-11T16:30:00+07:00"), T("2026-03-07T09:00:00+07:00"),
					T("2026-03-08T20:00:00+07:00"), &out),
			 MC_OK);
	assert_instant(out, "2026-03-11T16:30:00+07:00");
}

static void test_configuration(void **state)
{
	MC_UNUSED(state);
	struct wc_calendar c;
	wc_calendar_init(&c);
	static const struct wc_period bad[][2] = {
		{{9 * HOUR, 8 * HOUR}, {13 * HOUR, 17 * HOUR}},
		{{8 * HOUR, 12 * HOUR}, {11 * HOUR, 17 * HOUR}},
		{{-1, 12 * HOUR}, {13 * HOUR, 17 * HOUR}},
		{{8 * HOUR, 12 * HOUR}, {13 * HOUR, 86401}},
		{{8 * HOUR, 8 * HOUR}, {13 * HOUR, 17 * HOUR}},
	};
	for (size_t i = 0; i < MC_ARRAY_LEN(bad); i++)
		assert_int_equal(wc_calendar_set_periods(&c, bad[i], 2), MC_EINVAL);
	struct wc_period five[5] = {{1, 2}, {3, 4}, {5, 6}, {7, 8}, {9, 10}};
	assert_int_equal(wc_calendar_set_periods(&c, five, 5), MC_EINVAL);
	assert_int_equal(wc_calendar_set_periods(&c, five, 0), MC_EINVAL);
	assert_int_equal(wc_day_seconds(&c), WDAY);
	/* 07:30-11:30 and 13:30-17:00: a working day is 7.5 hours; the cutoff stays 15:00. */
	struct wc_period p[2] = {{7 * HOUR + 1800, 11 * HOUR + 1800}, {13 * HOUR + 1800, 17 * HOUR}};
	assert_int_equal(wc_calendar_set_periods(&c, p, 2), MC_OK);
	assert_due(&c, "2026-03-09T07:30:00+07:00", 1, WC_WORKING_DAYS, "2026-03-09T17:00:00+07:00");
	assert_due(&c, "2026-03-09T12:00:00+07:00", 1, WC_WORKING_HOURS, "2026-03-09T14:30:00+07:00");
	assert_due(&c, "2026-03-09T15:00:01+07:00", 1, WC_SAME_DAY, "2026-03-10T17:00:00+07:00");
	assert_int_equal(wc_calendar_set_cutoff(&c, 16 * HOUR), MC_OK);
	assert_due(&c, "2026-03-09T15:30:00+07:00", 1, WC_SAME_DAY, "2026-03-09T17:00:00+07:00");
	assert_int_equal(wc_calendar_set_cutoff(&c, -1), MC_EINVAL);
	assert_int_equal(wc_calendar_set_cutoff(&c, 86401), MC_EINVAL);
	/* Day overrides, a reset, and the bounds of the table. */
	assert_int_equal(wc_calendar_set_day(&c, D("2026-03-14"), true), MC_OK);
	assert_true(wc_is_working_day(&c, D("2026-03-14")));
	assert_int_equal(wc_calendar_set_day(&c, D("2026-03-10"), false), MC_OK);
	assert_due(&c, "2026-03-09T16:00:00+07:00", 2, WC_WORKING_HOURS, "2026-03-11T08:30:00+07:00");
	assert_int_equal(wc_calendar_reset_year(&c, 2026), MC_OK);
	assert_false(wc_is_working_day(&c, D("2026-03-14")));
	assert_true(wc_is_working_day(&c, D("2026-03-10")));
	assert_int_equal(wc_calendar_set_day(&c, D("1899-12-31"), true), MC_EINVAL);
	assert_int_equal(wc_calendar_set_day(&c, D("2101-01-03"), true), MC_EINVAL);
	assert_int_equal(wc_calendar_reset_year(&c, 2101), MC_EINVAL);
	assert_false(wc_is_working_day(&c, D("2101-01-08") + 1)); /* a Sunday outside */
	assert_true(wc_is_working_day(&c, D("1899-12-29")));      /* a Friday outside */
	wc_calendar_release(&c);
	wc_calendar_release(&c);
}

/* A fixed-seed xorshift64 generator: the property tests are deterministic. */
static uint64_t next_random(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static int64_t random_instant(uint64_t *s)
{
	int64_t lo = T("2025-01-01T00:00:00+07:00"), hi = T("2028-10-01T00:00:00+07:00");
	return lo + (int64_t)(next_random(s) % (uint64_t)(hi - lo));
}

/* Monotonic in the duration; between(x, add(x, d)) == d; the due instant is the earliest: one
 * second before it, a second of work is still missing. */
static void test_properties(void **state)
{
	const struct wc_calendar *c = *state;
	uint64_t s = 0x9e3779b97f4a7c15u;
	for (int i = 0; i < 20000; i++) {
		int64_t x = random_instant(&s);
		if (i % 2 == 0)
			x = wc_next_working_moment(c, x);
		enum wc_unit unit = (next_random(&s) & 1) ? WC_WORKING_DAYS : WC_WORKING_HOURS;
		int64_t d1 = (int64_t)(next_random(&s) % 40), d2 = d1 + (int64_t)(next_random(&s) % 40);
		int64_t due1 = 0, due2 = 0;
		assert_int_equal(wc_add(c, x, d1, unit, &due1), MC_OK);
		assert_int_equal(wc_add(c, x, d2, unit, &due2), MC_OK);
		assert_true(due1 <= due2);
		int64_t want = d1 * (unit == WC_WORKING_DAYS ? WDAY : HOUR);
		assert_int_equal(wc_between(c, x, due1), want);
		if (d1 > 0) {
			assert_int_equal(wc_between(c, x, due1 - 1), want - 1);
			int secs = civil_local_secs(due1);
			assert_true(secs != 8 * HOUR && secs != 13 * HOUR);
		}
		if (unit == WC_WORKING_DAYS) {
			int64_t by_hours = 0;
			assert_int_equal(wc_add(c, x, d1 * 8, WC_WORKING_HOURS, &by_hours), MC_OK);
			assert_int_equal(by_hours, due1);
		}
		int64_t y = random_instant(&s), z = random_instant(&s);
		if (y > z) {
			int64_t tmp = y;
			y = z;
			z = tmp;
		}
		int64_t m = y + (z - y) / 3;
		assert_int_equal(wc_between(c, y, m) + wc_between(c, m, z), wc_between(c, y, z));
		int64_t n = wc_next_working_moment(c, y);
		assert_true(n >= y);
		assert_int_equal(wc_next_working_moment(c, n), n);
		assert_int_equal(wc_between(c, y, n), 0);
	}
}

/* Calendar and same-day dues are monotonic in the reception instant and always end a working
 * day. */
static void test_properties_day_units(void **state)
{
	const struct wc_calendar *c = *state;
	uint64_t s = 0x2545f4914f6cdd1du;
	for (int i = 0; i < 5000; i++) {
		int64_t x = random_instant(&s), y = x + (int64_t)(next_random(&s) % (3 * CIVIL_DAY));
		int64_t v = 1 + (int64_t)(next_random(&s) % 60);
		int64_t a = 0, b = 0;
		assert_int_equal(wc_add(c, x, v, WC_CALENDAR_DAYS, &a), MC_OK);
		assert_int_equal(wc_add(c, y, v, WC_CALENDAR_DAYS, &b), MC_OK);
		assert_true(a <= b);
		assert_true(a > x);
		assert_int_equal(civil_local_secs(a), 17 * HOUR);
		assert_true(wc_is_working_day(c, civil_local_day(a)));
		assert_int_equal(wc_add(c, x, 1, WC_SAME_DAY, &a), MC_OK);
		assert_int_equal(wc_add(c, y, 1, WC_SAME_DAY, &b), MC_OK);
		assert_true(a <= b);
		assert_true(a > x);
		assert_true(wc_is_working_day(c, civil_local_day(a)));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tet_2027),
		cmocka_unit_test(test_friday_afternoon),
		cmocka_unit_test(test_received_on_saturday),
		cmocka_unit_test(test_same_day),
		cmocka_unit_test(test_holiday_blocks),
		cmocka_unit_test(test_makeup_saturday),
		cmocka_unit_test(test_hung_kings_on_sunday),
		cmocka_unit_test(test_between),
		cmocka_unit_test(test_day_is_eight_hours),
		cmocka_unit_test(test_calendar_days),
		cmocka_unit_test(test_next_working_moment),
		cmocka_unit_test(test_classify),
		cmocka_unit_test(test_units),
		cmocka_unit_test(test_add_errors),
		cmocka_unit_test(test_pause_shift),
		cmocka_unit_test(test_configuration),
		cmocka_unit_test(test_properties),
		cmocka_unit_test(test_properties_day_units),
	};
	return cmocka_run_group_tests(tests, setup_calendar, teardown_calendar);
}
