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
