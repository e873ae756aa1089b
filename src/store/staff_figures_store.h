/* Officers' figures over a period (SQL only; svc/staff_figures.c): each act credited to the account
 * that did it, read from the dossier's history (dossier_events) and its steps (done_by). */
#ifndef MC_STAFF_FIGURES_STORE_H
#define MC_STAFF_FIGURES_STORE_H

#include "domain/report_views.h"
#include "store/db.h"

/* Calls fn per staff account with an act in [from, to] on a dossier involving one of units_json
 * (NULL: all) and unit (NULL: all); only username's when it is not NULL. In no particular order. */
enum mc_err stafffigures_list(struct db *db, int64_t from, int64_t to, const char *units_json,
			      const char *unit, const char *username,
			      void (*fn)(const struct staff_row *r, void *arg), void *arg);

#endif
