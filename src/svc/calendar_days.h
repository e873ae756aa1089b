/* The working-day table that due times are computed on (see calendar_days.c): a year's effective
 * days, the shared in-memory table of them (struct cal_cache, svc.h) loaded per year on first use,
 * and the arithmetic of due times and working seconds. The dossier use cases call it; the calendar's
 * own use cases (svc/calendar.h) change it. */
#ifndef MC_CALENDAR_DAYS_H
#define MC_CALENDAR_DAYS_H

#include "domain/holidays.h"
#include "domain/workclock.h"
#include "svc/svc.h"

#define CAL_FIRST_YEAR HOL_FIRST_YEAR
#define CAL_LAST_YEAR HOL_LAST_YEAR
#define CAL_MAX_DAYS 128 /* days listed for one year */
#define CAL_OVERRIDES_MAX 96

void cal_cache_init(struct cal_cache *c);
void cal_cache_release(struct cal_cache *c);
/* The generation of the calendar's data (svc/cache_gen.h): a change of the calendar calls
 * cal_cache_change inside its write transaction before it writes and cal_cache_changed (n changes)
 * once the transaction has ended; another instance's change calls cal_cache_changed_elsewhere.
 * svc_tx takes the stamp before a transaction begins. Thread-safe. */
uint64_t cal_cache_stamp(struct cal_cache *c);
void cal_cache_change(struct cal_cache *c);
void cal_cache_changed(struct cal_cache *c, int n);
void cal_cache_changed_elsewhere(struct cal_cache *c);

enum cal_source { CAL_COMPUTED, CAL_OFFICIAL, CAL_OVERRIDE };

struct cal_day {
	struct hol_day d;
	enum cal_source source;
};

/* Reads a year's effective days that differ from the Monday-Friday rule, plus every override,
 * sorted by day (at most cap), from the database in the caller's transaction; *version the year's
 * version. No permission check. */
enum mc_err calendar_days_effective(struct db *db, int year, struct cal_day *out, size_t cap,
				   size_t *n, int64_t *version);
/* The due instant of a duration from an instant, with the effective calendar. MC_EINVAL (fields
 * "value", "from") for a bad value or a result outside the supported years. */
enum mc_err calendar_due(struct svc_ctx *ctx, int64_t from, int64_t value, enum wc_unit unit,
			 int64_t *due);
/* Adds working seconds to an instant (pauses move due times by the paused working time). */
enum mc_err calendar_add_seconds(struct svc_ctx *ctx, int64_t from, int64_t seconds, int64_t *out);
/* Working seconds in [a, b). */
enum mc_err calendar_between(struct svc_ctx *ctx, int64_t a, int64_t b, int64_t *out);
/* The working seconds of a working day (the calendar's periods). */
int64_t calendar_day_seconds(struct svc_ctx *ctx);
/* True when t is inside a working period of a working day, its ends included (a due time at the
 * end of the day is a working time). MC_EINVAL outside the supported years. */
enum mc_err calendar_is_working_time(struct svc_ctx *ctx, int64_t t, bool *out);
/* The version of a year (1 when never changed), from the shared table when the year is loaded. */
enum mc_err calendar_version(struct svc_ctx *ctx, int year, int64_t *version);

#endif
