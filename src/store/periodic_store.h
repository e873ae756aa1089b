/* Periodic reports (SQL only; svc/periodic.c): the figures of a period per level and field, and the
 * issued versions with their files (migration 0031). */
#ifndef MC_PERIODIC_STORE_H
#define MC_PERIODIC_STORE_H

#include "base/arena.h"
#include "domain/report_views.h"
#include "store/db.h"

/* Calls fn for each (level, field) with a dossier to count in [from, to], over the dossiers
 * involving one of units_json (NULL: all) and unit (NULL: all); in no particular order. */
enum mc_err periodicstore_figures(struct db *db, int64_t from, int64_t to, const char *units_json,
				  const char *unit,
				  void (*fn)(const struct periodic_row *r, void *arg), void *arg);

/* An issued version; strings and bytes in the arena of the call that read it. */
struct periodic_issue {
	int64_t id;
	const char *kind, *scope; /* scope "" for the whole city */
	int64_t year, number, version, from, to, issued_at;
	const char *issued_by, *figures;
	const void *file; /* the file asked for (periodicstore_file), else NULL */
	size_t file_len;
};

/* The latest version of a period and scope: MC_ENOTFOUND when none was issued. */
enum mc_err periodicstore_latest(struct db *db, struct arena *a, const char *kind, int64_t year,
				 int64_t number, const char *scope, struct periodic_issue *out);
/* Inserts a version (out->id set). MC_ECONFLICT when that version exists already. */
enum mc_err periodicstore_insert(struct db *db, struct periodic_issue *in, const void *xlsx,
				 size_t xlsx_len, const void *pdf, size_t pdf_len);
/* One version by id, with its figures; with the bytes of file ("xlsx" or "pdf") when not NULL. */
enum mc_err periodicstore_get(struct db *db, struct arena *a, int64_t id, const char *file,
			      struct periodic_issue *out);
/* The versions of scopes in scopes_json (NULL: all), optionally of one kind and year (NULL, 0:
 * any), newest period first then newest version; without figures. */
enum mc_err periodicstore_list(struct db *db, struct arena *a, const char *scopes_json,
			       const char *kind, int64_t year,
			       void (*fn)(const struct periodic_issue *r, void *arg), void *arg);

#endif
