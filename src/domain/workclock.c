/* The working clock: which days and hours are working time, due instants for the four duration
 * units, working time between instants, and timeliness. Days are skipped a week at a time through
 * per-week counts, never minute by minute. It does not know why a day is off (holidays.c computes
 * the defaults; the store loads the official lists) and does no I/O. */
#include "base/base.h"

#include "base/civil.h"
#include "domain/workclock.h"

/* Instants are clamped to about +-1.1 billion years so that no day arithmetic can overflow. */
#define INSTANT_LIMIT ((int64_t)1 << 55)

static const struct wc_period DEFAULT_PERIODS[2] = {{8 * 3600, 12 * 3600}, {13 * 3600, 17 * 3600}};

static int64_t clamp_instant(int64_t t)
{
	return t < -INSTANT_LIMIT ? -INSTANT_LIMIT : (t > INSTANT_LIMIT ? INSTANT_LIMIT : t);
}

static bool is_mon_fri(int64_t day)
{
	int wd = civil_weekday(day);
	return wd >= 1 && wd <= 5;
}

static int64_t table_end(const struct wc_calendar *c)
{
	return c->first_day + (int64_t)c->nweeks * 7;
}

static bool in_table(const struct wc_calendar *c, int64_t day)
{
	return day >= c->first_day && day < table_end(c);
}

static int64_t sum_periods(const struct wc_period *p, size_t n)
{
	int64_t total = 0;
	for (size_t i = 0; i < n; i++)
		total += p[i].end - p[i].start;
	return total;
}

void wc_calendar_init(struct wc_calendar *c)
{
	memset(c, 0, sizeof(*c));
	memcpy(c->periods, DEFAULT_PERIODS, sizeof(DEFAULT_PERIODS));
	c->nperiods = MC_ARRAY_LEN(DEFAULT_PERIODS);
	c->day_seconds = sum_periods(c->periods, c->nperiods);
	c->same_day_cutoff = 15 * 3600;
	c->first_day = civil_days(WC_FIRST_YEAR, 1, 1); /* a Monday */
	int64_t days = civil_days(WC_LAST_YEAR + 1, 1, 1) - c->first_day;
	c->nweeks = (size_t)((days + 6) / 7);
	c->working = xmalloc(c->nweeks * 7);
	c->week_count = xmalloc(c->nweeks);
	for (size_t w = 0; w < c->nweeks; w++) {
		/* The table starts on a Monday, so each week is five working days and a weekend. */
		memset(c->working + w * 7, 1, 5);
		memset(c->working + w * 7 + 5, 0, 2);
		c->week_count[w] = 5;
	}
}

void wc_calendar_release(struct wc_calendar *c)
{
	free(c->working);
	free(c->week_count);
	c->working = NULL;
	c->week_count = NULL;
	c->nweeks = 0;
}

enum mc_err wc_calendar_set_day(struct wc_calendar *c, int64_t day, bool working)
{
	if (!in_table(c, day))
		return MC_EINVAL;
	size_t i = (size_t)(day - c->first_day);
	uint8_t v = working ? 1 : 0;
	if (c->working[i] != v) {
		c->working[i] = v;
		if (working)
			c->week_count[i / 7]++;
		else
			c->week_count[i / 7]--;
	}
	return MC_OK;
}

enum mc_err wc_calendar_reset_year(struct wc_calendar *c, int year)
{
	if (year < WC_FIRST_YEAR || year > WC_LAST_YEAR)
		return MC_EINVAL;
	int64_t end = civil_days(year + 1, 1, 1);
	for (int64_t d = civil_days(year, 1, 1); d < end; d++)
		wc_calendar_set_day(c, d, is_mon_fri(d));
	return MC_OK;
}

enum mc_err wc_calendar_set_periods(struct wc_calendar *c, const struct wc_period *p, size_t n)
{
	if (n < 1 || n > WC_MAX_PERIODS)
		return MC_EINVAL;
	for (size_t i = 0; i < n; i++) {
		if (p[i].start < 0 || p[i].start >= p[i].end || p[i].end > CIVIL_DAY)
			return MC_EINVAL;
		if (i > 0 && p[i].start < p[i - 1].end)
			return MC_EINVAL;
	}
	memcpy(c->periods, p, n * sizeof(*p));
	c->nperiods = n;
	c->day_seconds = sum_periods(p, n);
	return MC_OK;
}

enum mc_err wc_calendar_set_cutoff(struct wc_calendar *c, int secs)
{
	if (secs < 0 || secs > CIVIL_DAY)
		return MC_EINVAL;
	c->same_day_cutoff = secs;
	return MC_OK;
}

bool wc_is_working_day(const struct wc_calendar *c, int64_t day)
{
	if (!in_table(c, day))
		return is_mon_fri(day);
	return c->working[day - c->first_day] != 0;
}

int64_t wc_day_seconds(const struct wc_calendar *c)
{
	return c->day_seconds;
}

static const char *const UNIT_NAMES[] = {
	[WC_WORKING_HOURS] = "working_hours",
	[WC_WORKING_DAYS] = "working_days",
	[WC_CALENDAR_DAYS] = "calendar_days",
	[WC_SAME_DAY] = "same_day",
};

enum mc_err wc_unit_parse(const char *s, enum wc_unit *out)
{
	for (size_t i = 0; i < MC_ARRAY_LEN(UNIT_NAMES); i++) {
		if (strcmp(s, UNIT_NAMES[i]) == 0) {
			*out = (enum wc_unit)i;
			return MC_OK;
		}
	}
	return MC_EINVAL;
}

const char *wc_unit_name(enum wc_unit unit)
{
	if ((unsigned)unit >= MC_ARRAY_LEN(UNIT_NAMES))
		return "unknown";
	return UNIT_NAMES[unit];
}

/* The first working day after a day. It always exists: outside the table every week has five. */
static int64_t next_working_day(const struct wc_calendar *c, int64_t day)
{
	int64_t d = day + 1;
	for (;;) {
		if (in_table(c, d)) {
			size_t i = (size_t)(d - c->first_day);
			if (i % 7 == 0 && c->week_count[i / 7] == 0) {
				d += 7;
				continue;
			}
			if (c->working[i])
				return d;
		} else if (is_mon_fri(d)) {
			return d;
		}
		d++;
	}
}

/* The end of the last period: when a same-day or calendar-day duration falls due. */
static int last_end(const struct wc_calendar *c)
{
	return c->periods[c->nperiods - 1].end;
}

int64_t wc_next_working_moment(const struct wc_calendar *c, int64_t t)
{
	t = clamp_instant(t);
	int64_t day = civil_local_day(t);
	int s = civil_local_secs(t);
	if (wc_is_working_day(c, day)) {
		for (size_t i = 0; i < c->nperiods; i++) {
			if (s < c->periods[i].end)
				return civil_instant(day, s > c->periods[i].start ? s : c->periods[i].start);
		}
	}
	return civil_instant(next_working_day(c, day), c->periods[0].start);
}

/* The working seconds of a working day that lie in [from, to) (seconds since midnight). */
static int64_t overlap(const struct wc_calendar *c, int64_t from, int64_t to)
{
	int64_t total = 0;
	for (size_t i = 0; i < c->nperiods; i++) {
		int64_t a = from > c->periods[i].start ? from : c->periods[i].start;
		int64_t b = to < c->periods[i].end ? to : c->periods[i].end;
		if (b > a)
			total += b - a;
	}
	return total;
}

/* The earliest time of day at which `amount` working seconds (0 < amount <= overlap(from, end of
 * day)) have accumulated from `from` on: the end of a period rather than the start of the next. */
static int locate(const struct wc_calendar *c, int from, int64_t amount)
{
	for (size_t i = 0; i < c->nperiods; i++) {
		const struct wc_period *p = &c->periods[i];
		if (p->end <= from)
			continue;
		int a = from > p->start ? from : p->start;
		if (amount <= p->end - a)
			return a + (int)amount;
		amount -= p->end - a;
	}
	return last_end(c);
}

enum mc_err wc_add_seconds(const struct wc_calendar *c, int64_t from, int64_t seconds,
			   int64_t *due)
{
	if (seconds < 0)
		return MC_EINVAL;
	if (seconds == 0) {
		*due = from;
		return MC_OK;
	}
	int64_t t = wc_next_working_moment(c, from);
	int64_t day = civil_local_day(t);
	int s = civil_local_secs(t);
	if (!in_table(c, day))
		return MC_EINVAL;
	int64_t first = overlap(c, s, CIVIL_DAY);
	if (seconds <= first) {
		*due = civil_instant(day, locate(c, s, seconds));
		return MC_OK;
	}
	seconds -= first;
	int64_t w = c->day_seconds;
	for (day++;; day++) {
		if (!in_table(c, day))
			return MC_EINVAL;
		size_t i = (size_t)(day - c->first_day);
		/* Skip a whole week when the due instant lies beyond it; the strict comparison keeps
		 * the remainder positive, so the due instant is never the start of a period. */
		while (i % 7 == 0 && i / 7 < c->nweeks && c->week_count[i / 7] * w < seconds) {
			seconds -= c->week_count[i / 7] * w;
			i += 7;
		}
		day = c->first_day + (int64_t)i;
		if (!in_table(c, day))
			return MC_EINVAL;
		if (!c->working[i])
			continue;
		if (seconds <= w) {
			*due = civil_instant(day, locate(c, c->periods[0].start, seconds));
			return MC_OK;
		}
		seconds -= w;
	}
}

static enum mc_err add_same_day(const struct wc_calendar *c, int64_t from, int64_t *due)
{
	int64_t t = wc_next_working_moment(c, from);
	int64_t day = civil_local_day(t);
	if (civil_local_secs(t) > c->same_day_cutoff)
		day = next_working_day(c, day);
	if (!in_table(c, day))
		return MC_EINVAL;
	*due = civil_instant(day, last_end(c));
	return MC_OK;
}

static enum mc_err add_calendar_days(const struct wc_calendar *c, int64_t from, int64_t days,
				     int64_t *due)
{
	int64_t day = civil_local_day(from) + days;
	if (!in_table(c, civil_local_day(from)) || !in_table(c, day))
		return MC_EINVAL;
	if (!wc_is_working_day(c, day))
		day = next_working_day(c, day);
	if (!in_table(c, day))
		return MC_EINVAL;
	*due = civil_instant(day, last_end(c));
	return MC_OK;
}

enum mc_err wc_add(const struct wc_calendar *c, int64_t from, int64_t value, enum wc_unit unit,
		   int64_t *due)
{
	if (value < 0 || value > WC_MAX_VALUE)
		return MC_EINVAL;
	from = clamp_instant(from);
	switch (unit) {
	case WC_WORKING_HOURS:
		return wc_add_seconds(c, from, value * 3600, due);
	case WC_WORKING_DAYS:
		return wc_add_seconds(c, from, value * c->day_seconds, due);
	case WC_SAME_DAY:
		if (value != 1)
			return MC_EINVAL;
		return add_same_day(c, from, due);
	case WC_CALENDAR_DAYS:
		if (value == 0) {
			*due = from;
			return MC_OK;
		}
		return add_calendar_days(c, from, value, due);
	}
	return MC_EINVAL;
}

/* Monday-to-Friday days in [d0, d1). */
static int64_t count_mon_fri(int64_t d0, int64_t d1)
{
	if (d1 <= d0)
		return 0;
	int64_t weeks = (d1 - d0) / 7;
	int64_t n = weeks * 5;
	for (int64_t d = d0 + weeks * 7; d < d1; d++)
		n += is_mon_fri(d);
	return n;
}

/* Working days of the table in [d0, d1), both inside the table. */
static int64_t count_table(const struct wc_calendar *c, int64_t d0, int64_t d1)
{
	size_t i = (size_t)(d0 - c->first_day);
	size_t end = (size_t)(d1 - c->first_day);
	int64_t n = 0;
	for (; i < end && i % 7 != 0; i++)
		n += c->working[i];
	for (; i + 7 <= end; i += 7)
		n += c->week_count[i / 7];
	for (; i < end; i++)
		n += c->working[i];
	return n;
}

/* Working days in [d0, d1), inside the table or not. */
static int64_t count_working_days(const struct wc_calendar *c, int64_t d0, int64_t d1)
{
	int64_t lo = c->first_day, hi = table_end(c);
	if (d1 <= d0)
		return 0;
	int64_t n = count_mon_fri(d0, d1 < lo ? d1 : lo) + count_mon_fri(d0 > hi ? d0 : hi, d1);
	int64_t m0 = d0 > lo ? d0 : lo, m1 = d1 < hi ? d1 : hi;
	if (m1 > m0)
		n += count_table(c, m0, m1);
	return n;
}

int64_t wc_between(const struct wc_calendar *c, int64_t a, int64_t b)
{
	a = clamp_instant(a);
	b = clamp_instant(b);
	if (b <= a)
		return 0;
	int64_t da = civil_local_day(a), db = civil_local_day(b);
	int sa = civil_local_secs(a), sb = civil_local_secs(b);
	if (da == db)
		return wc_is_working_day(c, da) ? overlap(c, sa, sb) : 0;
	int64_t total = count_working_days(c, da + 1, db) * c->day_seconds;
	if (wc_is_working_day(c, da))
		total += overlap(c, sa, CIVIL_DAY);
	if (wc_is_working_day(c, db))
		total += overlap(c, 0, sb);
	return total;
}

enum mc_err wc_pause_shift(const struct wc_calendar *c, int64_t due, int64_t paused_from,
			   int64_t paused_to, int64_t *out)
{
	return wc_add_seconds(c, due, wc_between(c, paused_from, paused_to), out);
}

enum wc_timeliness wc_classify(int64_t finished, int64_t due)
{
	due = clamp_instant(due);
	int64_t day_start = civil_instant(civil_local_day(due), 0);
	if (finished < day_start)
		return WC_EARLY;
	return finished <= due ? WC_ON_TIME : WC_LATE;
}

const char *wc_timeliness_name(enum wc_timeliness t)
{
	switch (t) {
	case WC_EARLY: return "early";
	case WC_ON_TIME: return "on_time";
	case WC_LATE: return "late";
	}
	return "unknown";
}
