/* The working calendar as a service: each year's effective days (the official list when loaded,
 * else the computed defaults, then the administrators' overrides), versions, overrides that cannot
 * touch the past, due-time computation, and lunar/solar conversion. A shared in-memory day table
 * (struct cal_cache) serves due-time computation; it is loaded per year on first use and reloaded
 * when that year changes. */
#ifndef MC_CALENDAR_H
#define MC_CALENDAR_H

#include "domain/holidays.h"
#include "domain/workclock.h"
#include "svc/svc.h"

#define CAL_FIRST_YEAR HOL_FIRST_YEAR
#define CAL_LAST_YEAR HOL_LAST_YEAR
#define CAL_MAX_DAYS 128 /* days listed for one year */
#define CAL_OVERRIDES_MAX 96

void cal_cache_init(struct cal_cache *c);
void cal_cache_release(struct cal_cache *c);

enum cal_source { CAL_COMPUTED, CAL_OFFICIAL, CAL_OVERRIDE };

struct cal_day {
	struct hol_day d;
	enum cal_source source;
};

const char *cal_source_name(enum cal_source s);

/* The effective days of a year that differ from the Monday-Friday rule, plus every override, sorted
 * by day; *version the year's version. MC_EINVAL (field "year") outside the supported years. */
enum mc_err calendar_year(struct svc_ctx *ctx, int year, struct cal_day *out, size_t cap,
			  size_t *n, int64_t *version);
/* Sets an override (admin). MC_ECONFLICT for a day before today (ctx->now). */
enum mc_err calendar_override(struct svc_ctx *ctx, int64_t day, bool working, const char *name,
			      int64_t *version);
/* Removes an override (admin). MC_ENOTFOUND when there is none; MC_ECONFLICT for a past day. */
enum mc_err calendar_override_delete(struct svc_ctx *ctx, int64_t day, int64_t *version);
/* The due instant of a duration from an instant, with the effective calendar. MC_EINVAL (fields
 * "value", "from") for a bad value or a result outside the supported years. */
enum mc_err calendar_due(struct svc_ctx *ctx, int64_t from, int64_t value, enum wc_unit unit,
			 int64_t *due);
/* Adds working seconds to an instant (pauses move due times by the paused working time). */
enum mc_err calendar_add_seconds(struct svc_ctx *ctx, int64_t from, int64_t seconds, int64_t *out);
/* Working seconds in [a, b). */
enum mc_err calendar_between(struct svc_ctx *ctx, int64_t a, int64_t b, int64_t *out);
/* The version of a year (1 when never changed). */
enum mc_err calendar_version(struct svc_ctx *ctx, int year, int64_t *version);
/* Loads the embedded official lists into the database and marks their years official (init). */
enum mc_err calendar_seed_official(struct db *db, int64_t now, size_t *days);

#endif
