/* Aggregates of dossiers for the statistics the city is judged by (SQL only): from the dossier rows
 * with GROUP BY (any period, a scope of units), or from the day cells that triggers maintain in the
 * dossiers' own transactions (migration 0012; whole days, all units). */
#ifndef MC_REPORT_STORE_H
#define MC_REPORT_STORE_H

#include "store/db.h"
#include "domain/report.h"


/* Calls fn per group for the period [from, to]; units_json (a JSON array of unit codes) limits
 * to dossiers involving those units, NULL = all. */
enum mc_err reportstore_summary(struct db *db, enum report_group g, int64_t from, int64_t to,
			   const char *units_json, void (*fn)(const struct report_row *r, void *arg),
			   void *arg);

/* The same rows for all units from the day cells of the local days [from_day, to_day] (the periods'
 * counts) and the open dossiers (in progress as of `to`); groups listed when a dossier of theirs was
 * submitted by `to`. Equal to reportstore_summary(units_json NULL) when the period is whole days up to
 * now. */
enum mc_err reportstore_summary_cells(struct db *db, enum report_group g, int64_t from_day,
				 int64_t to_day, int64_t to,
				 void (*fn)(const struct report_row *r, void *arg), void *arg);
/* True when every receiving unit that has dossiers is in units_json: every dossier then involves
 * those units (it was received at one of them), and the scoped report is the city-wide one. */
enum mc_err reportstore_covers_all_receiving(struct db *db, const char *units_json, bool *all);

#endif
