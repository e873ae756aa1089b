/* The Vietnamese lunisolar calendar (âm lịch), lunar years 1900 to 2100.
 *
 * Months begin on the local day of the astronomical new moon; month 11 is the month that holds
 * the winter solstice; a period from one month 11 to the next that has 13 months takes as its leap
 * month the first month without a major solar term (trung khí). Local days are UTC+7 from
 * 1968-01-01 on and UTC+8 before: Vietnam's calendar was computed for UTC+8 until the decree of
 * 8 August 1967. Days are int64_t day counts since 1970-01-01 (see base/civil.h). All functions
 * are pure and thread-safe. */
#ifndef MC_LUNAR_H
#define MC_LUNAR_H

#include "base/base.h"

#define LUNAR_FIRST_YEAR 1900
#define LUNAR_LAST_YEAR 2100

/* A lunar date: day 1..30, month 1..12, lunar year, and whether the month is the leap month that
 * repeats the number of the month before it (tháng nhuận). */
struct lunar_date {
	int day;
	int month;
	int year;
	bool leap;
};

/* Converts a solar day (days since 1970-01-01) into its lunar date. MC_EINVAL when the lunar year
 * falls outside LUNAR_FIRST_YEAR..LUNAR_LAST_YEAR; *out is then left unchanged. */
enum mc_err lunar_from_solar(int64_t day, struct lunar_date *out);

/* Converts a lunar date into a solar day. MC_EINVAL when the year is out of range, the month is not
 * 1..12, the leap flag names a leap month the year does not have, or the day is not 1..29 or 1..30
 * as the month's length allows; *day is then left unchanged. */
enum mc_err lunar_to_solar(const struct lunar_date *in, int64_t *day);

/* The number of the leap month of a lunar year (1..12), 0 when the year has none or is out of
 * range. A leap month 11 or 12 counts for the lunar year it is numbered in, even though it lies in
 * the next solar year's winter. */
int lunar_leap_month(int year);

/* The length (29 or 30) of a lunar month, or 0 when the month does not exist. */
int lunar_month_length(int year, int month, bool leap);

#endif
