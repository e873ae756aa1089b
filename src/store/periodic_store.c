/* SQL of the periodic reports (store/periodic_store.h). */
#include "base/base.h"

#include <string.h>

#include "store/periodic_store.h"

/* $1 from, $2 to, $3 units (JSON array or NULL), $4 unit or NULL. A dossier's level is its
 * resolver's: communes and wards (commune_pc) or the city (departments, the city's committee and
 * the rest). Carried over: received before the period and not decided before it; being resolved:
 * received by its end and not decided by then (a dossier waiting for a supplement has its clock
 * stopped: in time). Stopped and refused dossiers are not counted. */
static const char SQL_FIGURES[] =
	"SELECT CASE WHEN r.kind = 'commune_pc' THEN 'commune' ELSE 'city' END, "
	"coalesce(p.field, ''), "
	"coalesce(sum(d.received_at < $1), 0), "
	"coalesce(sum(d.received_at >= $1 AND d.channel = 'online'), 0), "
	"coalesce(sum(d.received_at >= $1 AND d.channel <> 'online'), 0), "
	"coalesce(sum(d.decided_at <= $2 AND d.timeliness = 'early'), 0), "
	"coalesce(sum(d.decided_at <= $2 AND d.timeliness = 'on_time'), 0), "
	"coalesce(sum(d.decided_at <= $2 AND d.timeliness = 'late'), 0), "
	"coalesce(sum((d.decided_at IS NULL OR d.decided_at > $2) AND (d.status = "
	"'awaiting_supplement' OR coalesce(d.extended_due_at, d.due_at) >= $2)), 0), "
	"coalesce(sum((d.decided_at IS NULL OR d.decided_at > $2) AND d.status <> "
	"'awaiting_supplement' AND coalesce(d.extended_due_at, d.due_at) < $2), 0) "
	"FROM dossiers d JOIN units r ON r.code = d.resolver_unit LEFT JOIN procedures p ON "
	"p.code = d.procedure_code AND p.version = d.procedure_version "
	"WHERE d.received_at <= $2 AND (d.decided_at IS NULL OR d.decided_at >= $1) AND "
	"d.status NOT IN ('stopped', 'refused') "
	"AND ($3 IS NULL OR EXISTS (SELECT 1 FROM dossier_units u WHERE u.dossier_id = d.id AND "
	"u.unit IN (SELECT value FROM json_each($3)))) AND ($4 IS NULL OR EXISTS (SELECT 1 FROM "
	"dossier_units u WHERE u.dossier_id = d.id AND u.unit = $4)) "
	"GROUP BY CASE WHEN r.kind = 'commune_pc' THEN 'commune' ELSE 'city' END, "
	"coalesce(p.field, '')";

static const char *text0(struct db_stmt *st, int c)
{
	const char *s = db_col_text(st, c);
	return s ? s : "";
}

enum mc_err periodicstore_figures(struct db *db, int64_t from, int64_t to, const char *units_json,
				  const char *unit,
				  void (*fn)(const struct periodic_row *r, void *arg), void *arg)
{
	bool row;
	enum mc_err err;
	struct db_stmt *st = db_prepare(db, SQL_FIGURES);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, from);
	db_bind_int(st, 2, to);
	db_bind_text(st, 3, units_json, SIZE_MAX);
	db_bind_text(st, 4, unit, SIZE_MAX);
	while (!(err = db_step(st, &row)) && row) {
		struct periodic_row r = {
			.level = text0(st, 0),
			.field = text0(st, 1),
			.carried = db_col_int0(st, 2),
			.online = db_col_int0(st, 3),
			.direct = db_col_int0(st, 4),
			.early = db_col_int0(st, 5),
			.on_time = db_col_int0(st, 6),
			.late = db_col_int0(st, 7),
			.open_within = db_col_int0(st, 8),
			.open_overdue = db_col_int0(st, 9),
		};
		fn(&r, arg);
	}
	return err;
}

#define COLS                                                                                       \
	"id, kind, scope, year, number, version, period_from, period_to, issued_at, issued_by"

static void read_issue(struct db_stmt *st, struct arena *a, struct periodic_issue *o)
{
	*o = (struct periodic_issue){0};
	o->id = db_col_int(st, 0);
	o->kind = arena_strdup(a, text0(st, 1));
	o->scope = arena_strdup(a, text0(st, 2));
	o->year = db_col_int(st, 3);
	o->number = db_col_int(st, 4);
	o->version = db_col_int(st, 5);
	o->from = db_col_int(st, 6);
	o->to = db_col_int(st, 7);
	o->issued_at = db_col_int(st, 8);
	o->issued_by = arena_strdup(a, text0(st, 9));
}

static const char SQL_LATEST[] = "SELECT " COLS ", figures FROM periodic_reports WHERE kind = $1 "
				 "AND year = $2 AND number = $3 AND scope = $4 "
				 "ORDER BY version DESC LIMIT 1";

enum mc_err periodicstore_latest(struct db *db, struct arena *a, const char *kind, int64_t year,
				 int64_t number, const char *scope, struct periodic_issue *out)
{
	struct db_stmt *st = db_prepare(db, SQL_LATEST);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, kind, SIZE_MAX);
	db_bind_int(st, 2, year);
	db_bind_int(st, 3, number);
	db_bind_text(st, 4, scope, SIZE_MAX);
	enum mc_err err = db_step_one(st);
	if (err)
		return err;
	read_issue(st, a, out);
	out->figures = arena_strdup(a, text0(st, 10));
	return db_run(st);
}

static const char SQL_INSERT[] =
	"INSERT INTO periodic_reports (kind, year, number, scope, version, period_from, period_to, "
	"issued_at, issued_by, figures, xlsx, pdf) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, "
	"$11, $12) RETURNING id";

enum mc_err periodicstore_insert(struct db *db, struct periodic_issue *in, const void *xlsx,
				 size_t xlsx_len, const void *pdf, size_t pdf_len)
{
	struct db_stmt *st = db_prepare_insert(db, SQL_INSERT);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, in->kind, SIZE_MAX);
	db_bind_int(st, 2, in->year);
	db_bind_int(st, 3, in->number);
	db_bind_text(st, 4, in->scope, SIZE_MAX);
	db_bind_int(st, 5, in->version);
	db_bind_int(st, 6, in->from);
	db_bind_int(st, 7, in->to);
	db_bind_int(st, 8, in->issued_at);
	db_bind_text(st, 9, in->issued_by, SIZE_MAX);
	db_bind_text(st, 10, in->figures, SIZE_MAX);
	db_bind_blob(st, 11, xlsx, xlsx_len);
	db_bind_blob(st, 12, pdf, pdf_len);
	return db_insert_id(st, &in->id);
}

static const char SQL_GET[] = "SELECT " COLS ", figures, CASE $2 WHEN 'xlsx' THEN xlsx WHEN 'pdf' "
			      "THEN pdf END FROM periodic_reports WHERE id = $1";

enum mc_err periodicstore_get(struct db *db, struct arena *a, int64_t id, const char *file,
			      struct periodic_issue *out)
{
	struct db_stmt *st = db_prepare(db, SQL_GET);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, file ? file : "", SIZE_MAX);
	enum mc_err err = db_step_one(st);
	if (err)
		return err;
	read_issue(st, a, out);
	out->figures = arena_strdup(a, text0(st, 10));
	if (file && !db_col_null(st, 11)) {
		out->file_len = db_col_len(st, 11);
		void *copy = arena_alloc(a, out->file_len ? out->file_len : 1);
		if (out->file_len)
			memcpy(copy, db_col_blob(st, 11), out->file_len);
		out->file = copy;
	}
	return db_run(st);
}

static const char SQL_LIST[] =
	"SELECT " COLS " FROM periodic_reports WHERE ($1 IS NULL OR scope IN (SELECT value FROM "
	"json_each($1))) AND ($2 IS NULL OR kind = $2) AND ($3 = 0 OR year = $3) "
	"ORDER BY period_from DESC, kind, scope, version DESC LIMIT 1000";

enum mc_err periodicstore_list(struct db *db, struct arena *a, const char *scopes_json,
			       const char *kind, int64_t year,
			       void (*fn)(const struct periodic_issue *r, void *arg), void *arg)
{
	bool row;
	enum mc_err err;
	struct db_stmt *st = db_prepare(db, SQL_LIST);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, scopes_json, SIZE_MAX);
	db_bind_text(st, 2, kind, SIZE_MAX);
	db_bind_int(st, 3, year);
	while (!(err = db_step(st, &row)) && row) {
		struct periodic_issue r;
		read_issue(st, a, &r);
		fn(&r, arg);
	}
	return err;
}
