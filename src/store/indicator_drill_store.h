/* The dossiers behind an indicator's numerator or denominator (SQL only; the same conditions as
 * store/indicator_store.c counts, one statement whose condition a bound key picks). */
#ifndef MC_INDICATOR_DRILL_STORE_H
#define MC_INDICATOR_DRILL_STORE_H

#include "domain/report_views.h"
#include "store/db.h"

/* True when key ("<indicator id>/numerator" or "/denominator") has a drill-down. */
bool indicatordrill_known(const char *key);
/* Calls fn for each dossier of key in [from, to] over the dossiers involving one of units_json
 * (NULL: all) and unit (NULL: all), in id order after after_id, at most limit of them. */
enum mc_err indicatordrill_list(struct db *db, const char *key, int64_t from, int64_t to,
				const char *units_json, const char *unit, int64_t after_id,
				size_t limit,
				void (*fn)(const struct indicator_dossier *d, void *arg), void *arg);

#endif
