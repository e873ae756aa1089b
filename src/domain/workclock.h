/* Working time in Vietnam's time zone (UTC+7), exactly as PRODUCT.md "The clock" states: working
 * periods of the day, a table of working and non-working days, due instants for the four duration
 * units, working time between two instants, and the timeliness of a decision.
 *
 * Instants are int64_t seconds since 1970-01-01T00:00:00Z; days are int64_t day counts since
 * 1970-01-01 (base/civil.h); times of day are seconds since local midnight. A calendar is built
 * once with wc_calendar_init() and the setters, then only read: the reading functions take a const
 * calendar and are thread-safe as long as nobody changes it at the same time. */
#ifndef MC_WORKCLOCK_H
#define MC_WORKCLOCK_H

#include "base/base.h"

#define WC_FIRST_YEAR 1900 /* the day table starts on Monday 1900-01-01 */
#define WC_LAST_YEAR 2100  /* and covers whole weeks up to the end of this year */
#define WC_MAX_PERIODS 4
#define WC_MAX_VALUE 1000000 /* the largest duration value wc_add() accepts */

/* A working period of the day, [start, end) in seconds since local midnight. */
struct wc_period {
	int start;
	int end;
};

/* The working calendar. Members are private: use the functions below. */
struct wc_calendar {
	struct wc_period periods[WC_MAX_PERIODS];
	size_t nperiods;
	int same_day_cutoff; /* seconds since midnight; see wc_add() with WC_SAME_DAY */
	int64_t day_seconds; /* the sum of the periods: the length of one working day */
	int64_t first_day;   /* the first day of the table, a Monday */
	size_t nweeks;
	uint8_t *working;    /* one byte per day: 1 working, 0 off */
	uint8_t *week_count; /* working days per week of the table */
};

/* Duration units. They are never silently converted into one another. */
enum wc_unit {
	WC_WORKING_HOURS,
	WC_WORKING_DAYS,
	WC_CALENDAR_DAYS,
	WC_SAME_DAY,
};

enum wc_timeliness {
	WC_EARLY,
	WC_ON_TIME,
	WC_LATE,
};

/* Initializes a calendar: Monday to Friday are working days everywhere, the periods are
 * [08:00, 12:00) and [13:00, 17:00), the same-day cutoff is 15:00:00. Allocates the day table
 * (about 84 KB, aborting when memory runs out); release it with wc_calendar_release(). */
void wc_calendar_init(struct wc_calendar *c);

/* Frees the day table. Accepts a calendar that was zeroed or already released. */
void wc_calendar_release(struct wc_calendar *c);

/* Marks a day as working or not. MC_EINVAL for a day outside the table (WC_FIRST_YEAR to
 * WC_LAST_YEAR), where the Monday-Friday rule always applies. */
enum mc_err wc_calendar_set_day(struct wc_calendar *c, int64_t day, bool working);

/* Returns every day of a solar year (WC_FIRST_YEAR..WC_LAST_YEAR) to the Monday-Friday rule, as
 * before loading that year's list. MC_EINVAL for a year out of range. */
enum mc_err wc_calendar_reset_year(struct wc_calendar *c, int year);

/* Replaces the working periods: 1 to WC_MAX_PERIODS periods, each 0 <= start < end <= 86400, in
 * order and not overlapping (one may end where the next starts). The periods are copied.
 * MC_EINVAL otherwise, leaving the calendar unchanged. */
enum mc_err wc_calendar_set_periods(struct wc_calendar *c, const struct wc_period *p, size_t n);

/* Sets the same-day cutoff (0..86400 seconds since midnight; 15:00:00 by default). MC_EINVAL
 * otherwise. */
enum mc_err wc_calendar_set_cutoff(struct wc_calendar *c, int secs);

/* True when a day is a working day: from the table, or by the Monday-Friday rule outside it. */
bool wc_is_working_day(const struct wc_calendar *c, int64_t day);

/* The length of one working day in seconds: the sum of the periods (28800 by default). */
int64_t wc_day_seconds(const struct wc_calendar *c);

/* Parses "working_hours", "working_days", "calendar_days" or "same_day". MC_EINVAL otherwise. */
enum mc_err wc_unit_parse(const char *s, enum wc_unit *out);

/* The name of a unit as wc_unit_parse() reads it; "unknown" for a value out of the enum. */
const char *wc_unit_name(enum wc_unit unit);

/* The instant itself if it lies in a working period of a working day, else the start of the next
 * working period (12:00 gives 13:00, 17:00 gives 08:00 of the next working day). */
int64_t wc_next_working_moment(const struct wc_calendar *c, int64_t t);

/* Computes the due instant of a duration received at `from`:
 * - WC_WORKING_HOURS / WC_WORKING_DAYS: starting at the next working moment, the earliest instant
 *   at which the working time accumulated equals the duration (1 working day = one day of the
 *   periods, 8 hours by default, never 24 hours). The due instant may be the end of a period
 *   (12:00, 17:00) but never the start of one.
 * - WC_SAME_DAY (value must be 1): the end of the last period of the day of the next working
 *   moment, or of the next working day when that moment is after the cutoff.
 * - WC_CALENDAR_DAYS (Civil Code 2015 Art. 147-148): the end of the last period of the local date
 *   of `from` plus value days, moved to the next working day when that date is not one.
 * A value of 0 (any unit but WC_SAME_DAY) gives `from` itself. MC_EINVAL for a negative value or
 * one above WC_MAX_VALUE, a same-day value other than 1, an unknown unit, or a computation that
 * would leave the day table. */
enum mc_err wc_add(const struct wc_calendar *c, int64_t from, int64_t value, enum wc_unit unit,
		   int64_t *due);

/* Adds a number of working seconds to `from` as wc_add() adds working hours. 0 gives `from`.
 * MC_EINVAL for a negative amount or a result outside the day table. */
enum mc_err wc_add_seconds(const struct wc_calendar *c, int64_t from, int64_t seconds,
			   int64_t *due);

/* The working seconds in [a, b): 0 when b <= a. Days outside the table follow the Monday-Friday
 * rule. */
int64_t wc_between(const struct wc_calendar *c, int64_t a, int64_t b);

/* Moves a due instant by the working time between paused_from and paused_to (a supplement pause):
 * *out = wc_add_seconds(due, wc_between(paused_from, paused_to)). MC_EINVAL as wc_add_seconds(). */
enum mc_err wc_pause_shift(const struct wc_calendar *c, int64_t due, int64_t paused_from,
			   int64_t paused_to, int64_t *out);

/* Classifies a finish instant against a due instant: early before 00:00 (UTC+7) of the due
 * instant's date, on time from then until the due instant inclusive, late after it. */
enum wc_timeliness wc_classify(int64_t finished, int64_t due);

/* "early", "on_time" or "late"; "unknown" for a value out of the enum. */
const char *wc_timeliness_name(enum wc_timeliness t);

#endif
