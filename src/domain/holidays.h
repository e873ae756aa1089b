/* Days off and make-up working days of a year: the defaults computed from the Labor Code 2019
 * Art. 112 (PRODUCT.md "The clock") and the parser of the official list's CSV format. Days are
 * int64_t day counts since 1970-01-01 (see base/civil.h). All functions are pure and thread-safe. */
#ifndef MC_HOLIDAYS_H
#define MC_HOLIDAYS_H

#include "base/base.h"

/* More than the computed defaults of any year can hold (12 holidays and their compensation days). */
#define HOL_MAX_DEFAULTS 32
#define HOL_NAME_MAX 96
#define HOL_NAME_CHARS 90 /* characters of a day's name as the API takes it */
/* The years hol_defaults() computes: Tết of a year needs the lunar calendar of the year before. */
#define HOL_FIRST_YEAR 1901
#define HOL_LAST_YEAR 2100

/* One day of a year's list. working = false: a day off that would otherwise be a working day (or
 * a holiday that falls on a weekend); working = true: a make-up working day (ngày làm bù).
 * status is the source tag of an official list ('C' confirmed, 'S' one source, 'M' unconfirmed)
 * and 0 for computed defaults. The name is UTF-8 Vietnamese, NUL-terminated. */
struct hol_day {
	int64_t day;
	bool working;
	char status;
	char name[HOL_NAME_MAX];
};

/* Computes the default days off of a solar year (HOL_FIRST_YEAR..HOL_LAST_YEAR): 1/1; Tết (the last day of the lunar
 * year and mùng 1-4); Hùng Kings day (10/3 lunar); 30/4; 1/5; 2/9 with 3/9 when 2/9 is a Sunday,
 * Monday or Thursday, else 1/9; 24/11 from 2026 on; then, for every holiday on a Saturday or
 * Sunday, a compensation day off ("Nghỉ bù ...") on the next Monday-Friday day after its block of
 * consecutive holidays that is neither a holiday nor another compensation day. Two holidays on one
 * date make one day off whose name joins both. Writes at most cap days to out, sorted by day, and
 * their count to *n. MC_EINVAL for a year out of range; MC_ETOOBIG when cap is too small (*n is
 * then the count needed). */
enum mc_err hol_defaults(int year, struct hol_day *out, size_t cap, size_t *n);

/* Parses the official-days CSV (data/official_days_*.csv): UTF-8 text of len bytes, not
 * necessarily NUL-terminated; '\n' or "\r\n" line ends; blank lines and lines starting with '#'
 * are skipped; the first other line must be the header "date,kind,name,status"; every data line is
 * YYYY-MM-DD, "off" or "working", a non-empty name of at most HOL_NAME_MAX - 1 bytes (optionally in
 * double quotes, with "" for a quote), and a status C, S or M. Writes the days to out sorted by
 * day and their count to *n. On MC_EINVAL (a malformed line, a date listed twice, a missing
 * header) or MC_ETOOBIG (more than cap days), *bad_line is the 1-based number of the first bad
 * line (for a missing header, the line after the last); out and *n are then unspecified. */
enum mc_err hol_parse_official_csv(const char *text, size_t len, struct hol_day *out, size_t cap,
				   size_t *n, size_t *bad_line);

#endif
