/* Civil dates and instants in Vietnam's time (UTC+7, no daylight saving).
 *
 * An instant is int64_t seconds since 1970-01-01T00:00:00Z. A date is int64_t days since
 * 1970-01-01 (the proleptic Gregorian calendar). A local time of day is seconds since local
 * midnight. All functions are pure and thread-safe. */
#ifndef MC_CIVIL_H
#define MC_CIVIL_H

#include "base/base.h"

#define CIVIL_TZ_OFFSET (7 * 3600) /* Asia/Ho_Chi_Minh */
#define CIVIL_DAY 86400

/* Days since 1970-01-01 of y-m-d; m in 1..12, d in 1..31 (not checked: see civil_valid). */
int64_t civil_days(int y, int m, int d);
/* The date of a day count. */
void civil_ymd(int64_t days, int *y, int *m, int *d);
/* Day of week of a day count: 0 = Sunday .. 6 = Saturday. */
int civil_weekday(int64_t days);
/* True when y-m-d names a real date of year 1..9999. */
bool civil_valid(int y, int m, int d);
int civil_days_in_month(int y, int m);

/* The local (UTC+7) date of an instant, and its seconds since local midnight. */
int64_t civil_local_day(int64_t t);
int civil_local_secs(int64_t t);
/* The instant of a local date at a local time of day (seconds since midnight). */
int64_t civil_instant(int64_t day, int secs);

/* Parses an RFC 3339 date-time with an offset ("Z" or "+hh:mm"; a space before the offset is read
 * as '+', since URL decoding turns '+' into ' '). Fractional seconds are truncated. A time without
 * an offset, or an impossible date or time, gives MC_EINVAL. */
enum mc_err civil_parse_time(const char *s, size_t len, int64_t *out);
/* Parses YYYY-MM-DD into a day count; MC_EINVAL when malformed or impossible. */
enum mc_err civil_parse_date(const char *s, size_t len, int64_t *out);
/* Formats an instant as "2026-11-26T09:30:00+07:00" (25 chars + NUL) into out[32]. */
void civil_format_time(int64_t t, char out[32]);
/* Formats a day count as "2026-11-26" into out[16]. */
void civil_format_date(int64_t day, char out[16]);

#endif
