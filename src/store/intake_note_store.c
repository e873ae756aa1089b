/* SQL for intake_notes. */
#include "base/base.h"

#include "store/intake_note_store.h"

static const char SQL_INSERT[] =
	"INSERT INTO intake_notes (kind, number, unit, procedure, applicant_kind, applicant_name, "
	"applicant_id, missing, text, created_at, created_by) "
	"VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)";

enum mc_err instore_insert(struct db *db, const struct intake_note *n)
{
	struct db_stmt *st = db_prepare(db, SQL_INSERT);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, n->kind, SIZE_MAX);
	db_bind_text(st, 2, n->number, SIZE_MAX);
	db_bind_text(st, 3, n->unit, SIZE_MAX);
	db_bind_text(st, 4, n->procedure, SIZE_MAX);
	db_bind_text(st, 5, n->applicant_kind, SIZE_MAX);
	db_bind_text(st, 6, n->applicant_name, SIZE_MAX);
	db_bind_text(st, 7, n->applicant_id, SIZE_MAX);
	db_bind_text(st, 8, n->missing_json, SIZE_MAX);
	db_bind_text(st, 9, n->text, SIZE_MAX);
	db_bind_int(st, 10, n->created_at);
	db_bind_text(st, 11, n->created_by, SIZE_MAX);
	return db_run(st);
}

static const char SQL_GET[] =
	"SELECT kind, number, unit, procedure, applicant_kind, applicant_name, applicant_id, missing, "
	"text, created_at, created_by FROM intake_notes WHERE number = $1";

static const char *dup(struct arena *a, struct db_stmt *st, int col)
{
	const char *s = db_col_text(st, col);
	return s ? arena_strdup(a, s) : NULL;
}

enum mc_err instore_get(struct db *db, struct arena *a, const char *number, struct intake_note *out)
{
	struct db_stmt *st = db_prepare(db, SQL_GET);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, number, SIZE_MAX);
	enum mc_err err = db_step_one(st);
	if (err)
		return err;
	memset(out, 0, sizeof(*out));
	snprintf(out->kind, sizeof(out->kind), "%s", db_col_text(st, 0));
	snprintf(out->number, sizeof(out->number), "%s", db_col_text(st, 1));
	out->unit = dup(a, st, 2);
	out->procedure = dup(a, st, 3);
	out->applicant_kind = dup(a, st, 4);
	out->applicant_name = dup(a, st, 5);
	out->applicant_id = dup(a, st, 6);
	out->missing_json = dup(a, st, 7);
	out->text = dup(a, st, 8);
	out->created_at = db_col_int(st, 9);
	out->created_by = dup(a, st, 10);
	return db_run(st);
}
