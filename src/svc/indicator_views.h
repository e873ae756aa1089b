/* Views over the indicators (docs/indicators.md): the trend per calendar month, the dossiers behind
 * a numerator or denominator, and the table as XLSX or PDF. Same callers and scope as
 * indicators_compute. */
#ifndef MC_INDICATOR_VIEWS_H
#define MC_INDICATOR_VIEWS_H

#include "base/buf.h"
#include "domain/report_views.h"
#include "svc/indicators.h"

#define TREND_MONTHS_MAX 24

struct indicator_month {
	int year, month;
	int64_t from, to; /* the part of the period in this month */
	struct indicator items[INDICATORS_MAX];
	size_t n;
};


/* The indicators of each calendar month that [from, to] touches (at most TREND_MONTHS_MAX: more is
 * MC_EINVAL naming "from"). months must hold TREND_MONTHS_MAX. */
enum mc_err indicators_trend(struct svc_ctx *ctx, int64_t from, int64_t to, const char *unit,
			     struct indicator_month *months, size_t *n);

/* The dossiers behind part ("numerator" or "denominator") of indicator id, after after_id, at most
 * limit. MC_ENOTFOUND for an indicator without a drill-down. */
enum mc_err indicators_dossiers(struct svc_ctx *ctx, const char *id, const char *part,
				int64_t from, int64_t to, const char *unit, int64_t after_id,
				size_t limit,
				void (*fn)(const struct indicator_dossier *d, void *arg), void *arg);

/* The indicator table as XLSX into xlsx_path (created or replaced) or, when xlsx_path is NULL, as
 * PDF appended to pdf_out. Slow: call from the slow pool. */
enum mc_err indicators_export(struct svc_ctx *ctx, int64_t from, int64_t to, const char *unit,
			      const char *xlsx_path, struct buf *pdf_out);

/* Governing and issuing unit names for a report's header: unit's parent and unit, or the city and
 * the Center when unit is NULL. Names in the arena. */
void report_header_units(struct svc_ctx *ctx, const char *unit, const char **governing,
			 const char **issuing);

/* The local date of t as "dd/mm/yyyy", in the arena. */
const char *report_vn_date(struct arena *a, int64_t t);

#endif
