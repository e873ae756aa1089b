/* The working calendar as a service: each year's effective days (the official list when loaded,
 * else the computed defaults, then the administrators' overrides), versions, overrides that cannot
 * touch the past (and move the due times of the open dossiers they touch), and lunar/solar
 * conversion. The shared day table and the due-time arithmetic are in svc/calendar_days.h, which
 * this header includes. */
#ifndef MC_CALENDAR_H
#define MC_CALENDAR_H

#include "svc/calendar_days.h"

const char *cal_source_name(enum cal_source s);

/* The effective days of a year that differ from the Monday-Friday rule, plus every override, sorted
 * by day; *version the year's version. MC_EINVAL (field "year") outside the supported years. */
enum mc_err calendar_year(struct svc_ctx *ctx, int year, struct cal_day *out, size_t cap,
			  size_t *n, int64_t *version);
/* Sets an override (admin); *recomputed (may be NULL) gets how many open dossiers' due times it
 * moved. MC_ECONFLICT for a day before today (ctx->now). */
enum mc_err calendar_override(struct svc_ctx *ctx, int64_t day, bool working, const char *name,
			      int64_t *version, size_t *recomputed);
/* Removes an override (admin). MC_ENOTFOUND when there is none; MC_ECONFLICT for a past day. */
enum mc_err calendar_override_delete(struct svc_ctx *ctx, int64_t day, int64_t *version);
/* Loads the embedded official lists into the database and marks their years official (init). */
enum mc_err calendar_seed_official(struct db *db, int64_t now, size_t *days);

#endif
