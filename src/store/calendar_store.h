/* The calendar tables (SQL only): year versions and flags, official lists, overrides. */
#ifndef MC_CALENDAR_STORE_H
#define MC_CALENDAR_STORE_H

#include "domain/holidays.h"
#include "store/db.h"

struct cal_year_row {
	int year;
	int64_t version; /* 1 when the year has no row yet */
	bool official;
};

enum mc_err calstore_year(struct db *db, int year, struct cal_year_row *out);
/* Creates or updates the year's row; bumps the version when bump is true. */
enum mc_err calstore_touch_year(struct db *db, int year, bool official, bool bump, int64_t now);
/* Inserts an official day (replacing one of the same date). */
enum mc_err calstore_official_put(struct db *db, int year, const struct hol_day *d);
/* Reads the official days of a year, sorted. */
enum mc_err calstore_official(struct db *db, int year, struct hol_day *out, size_t cap, size_t *n);
enum mc_err calstore_override_put(struct db *db, int year, const struct hol_day *d, int64_t now,
				  const char *by);
/* MC_ENOTFOUND when the day has no override. */
enum mc_err calstore_override_delete(struct db *db, int64_t day);
enum mc_err calstore_overrides(struct db *db, int year, struct hol_day *out, size_t cap,
			       size_t *n);

#endif
