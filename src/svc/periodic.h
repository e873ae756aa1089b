/* Periodic reports on receiving and resolving dossiers (docs/reports.md): monthly, quarterly and
 * yearly, per level (city, communes) and field, issued as versions that never change. */
#ifndef MC_PERIODIC_H
#define MC_PERIODIC_H

#include "store/periodic_store.h"
#include "svc/svc.h"

struct periodic_req {
	const char *kind;     /* "month", "quarter" or "year" */
	int64_t year, number; /* number: the month (1-12), the quarter (1-4), 1 for a year */
	const char *unit;     /* NULL: the whole city */
};

/* Issues the report: the figures of the period (up to now when it has not ended) and its XLSX and
 * PDF, kept as the next version; when the figures equal the latest version's, nothing is stored
 * and *created is false (out is that version). MC_EINVAL (fields kind, year, number), MC_EAUTH,
 * MC_EFORBIDDEN (not a manager of the unit, or of the Center for the city), MC_ECONFLICT (another
 * issue of the same report won the race). Slow: call from the slow pool. */
enum mc_err periodic_issue(struct svc_ctx *ctx, const struct periodic_req *q,
			   struct periodic_issue *out, bool *created);
/* One version (with its figures; with the bytes of file "xlsx" or "pdf" when not NULL).
 * MC_ENOTFOUND when it does not exist or the caller may not manage its scope. */
enum mc_err periodic_get(struct svc_ctx *ctx, int64_t id, const char *file,
			 struct periodic_issue *out);
/* The versions the caller may read: of unit (NULL: of every scope the caller manages), of one kind
 * and year when given. */
enum mc_err periodic_list(struct svc_ctx *ctx, const char *unit, const char *kind, int64_t year,
			  void (*fn)(const struct periodic_issue *r, void *arg), void *arg);

#endif
