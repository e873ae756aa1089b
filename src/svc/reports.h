/* Statistics (PRODUCT.md "Statistics the city is judged by"): per receiving unit, resolver unit,
 * procedure or officer over a period, restricted to the dossiers the caller may see. */
#ifndef MC_REPORTS_H
#define MC_REPORTS_H

#include "base/buf.h"
#include "domain/report.h"
#include "svc/svc.h"

/* MC_EINVAL (field group_by) for an unknown grouping; MC_EFORBIDDEN for citizens. */
enum mc_err reports_group_parse(const char *s, enum report_group *out);
enum mc_err reports_summary(struct svc_ctx *ctx, enum report_group g, int64_t from, int64_t to,
			    void (*fn)(const struct report_row *r, void *arg), void *arg);
/* Whether figures of [from, to] for the scope units (a JSON array of unit codes; NULL: city-wide)
 * may be summed from the maintained day cells: city-wide (or a scope that covers every receiving
 * unit) and whole local days (from a midnight, to the end of a day or now). The reports' summary
 * and the fee figures use it. */
enum mc_err reports_use_cells(struct svc_ctx *ctx, const char *units, int64_t from, int64_t to,
			      bool *cells);
/* The display name of a group key (a unit's name; else the key). */
const char *reports_key_name(struct svc_ctx *ctx, enum report_group g, const struct report_row *r);
/* Adds every count of row to total (the totals of a summary). */
void reports_add(struct report_row *total, const struct report_row *row);
/* The summary as a table (one row per group, at most 20000, then the total row): XLSX into a file
 * of the caller (xlsx_path, created or replaced), or CSV (UTF-8 with a BOM) into csv_out. The
 * errors of reports_summary, then the renderer's. Slow: call from the slow pool. */
enum mc_err reports_summary_table(struct svc_ctx *ctx, enum report_group g, int64_t from,
				  int64_t to, const char *xlsx_path, struct buf *csv_out);

#endif
