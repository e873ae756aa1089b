/* The counts behind the indicators (SQL only; svc/indicators.c computes the indicators). */
#ifndef MC_INDICATOR_STORE_H
#define MC_INDICATOR_STORE_H

#include "domain/report.h"
#include "store/db.h"

/* The counts of the period [from, to] over the dossiers involving one of units_json (a JSON array
 * of unit codes; NULL = all) and, when unit is not NULL, that unit. */
enum mc_err indicatorstore_counts(struct db *db, int64_t from, int64_t to, const char *units_json,
				  const char *unit, struct indicator_counts *out);

#endif
