/* SQL for feedback and feedback_open. */
#include "base/base.h"

#include "base/arena.h"
#include "store/feedback_store.h"

/* The row is created with one taken, or gains one while fewer than $2 are taken: the check and
 * the write are one statement on the row, so two submissions cannot both pass it. */
static const char SQL_TAKE[] =
	"INSERT INTO feedback_open (dossier_code, open) VALUES ($1, 1) "
	"ON CONFLICT (dossier_code) DO UPDATE SET open = feedback_open.open + 1 "
	"WHERE feedback_open.open < $2 RETURNING open";

enum mc_err fbstore_take_open(struct db *db, const char *dossier, int64_t max)
{
	bool row;
	struct db_stmt *st = db_prepare(db, SQL_TAKE);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, dossier, SIZE_MAX);
	db_bind_int(st, 2, max);
	enum mc_err err = db_step(st, &row);
	if (err)
		return err;
	err = db_run(st);
	return err ? err : row ? MC_OK : MC_ECONFLICT;
}

static const char SQL_FREE[] =
	"UPDATE feedback_open SET open = open - 1 WHERE dossier_code = $1 AND open > 0";

enum mc_err fbstore_free_open(struct db *db, const char *dossier)
{
	struct db_stmt *st = db_prepare(db, SQL_FREE);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, dossier, SIZE_MAX);
	return db_run(st);
}

static const char SQL_INSERT[] =
	"INSERT INTO feedback (code, secret, kind, about, dossier_code, point_code, officer, "
	"officer_name, content, contact_name, contact_phone, contact_email, consent, submitted_by, "
	"unit, received_at, due_at, status, late, published) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, "
	"$9, $10, $11, $12, $13, $14, $15, $16, $17, 'open', 0, 0) RETURNING id";

static void bind_opt(struct db_stmt *st, int n, const char *s)
{
	db_bind_text(st, n, s && s[0] ? s : NULL, SIZE_MAX);
}

enum mc_err fbstore_insert(struct db *db, struct feedback *f)
{
	struct db_stmt *st = db_prepare_insert(db, SQL_INSERT);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, f->code, SIZE_MAX);
	db_bind_text(st, 2, f->secret, SIZE_MAX);
	db_bind_text(st, 3, f->kind, SIZE_MAX);
	db_bind_text(st, 4, f->about, SIZE_MAX);
	bind_opt(st, 5, f->dossier);
	bind_opt(st, 6, f->point);
	bind_opt(st, 7, f->officer);
	bind_opt(st, 8, f->officer_name);
	db_bind_text(st, 9, f->content, SIZE_MAX);
	db_bind_text(st, 10, f->contact_name, SIZE_MAX);
	bind_opt(st, 11, f->contact_phone);
	bind_opt(st, 12, f->contact_email);
	db_bind_int(st, 13, f->consent ? 1 : 0);
	bind_opt(st, 14, f->submitted_by);
	db_bind_text(st, 15, f->unit, SIZE_MAX);
	db_bind_int(st, 16, f->received_at);
	db_bind_int(st, 17, f->due_at);
	return db_insert_id(st, &f->id);
}

#define FEEDBACK_COLUMNS                                                                           \
	"id, code, secret, kind, about, dossier_code, point_code, officer, officer_name, content, "\
	"contact_name, contact_phone, contact_email, consent, submitted_by, unit, received_at, "   \
	"due_at, status, answer, answered_at, answered_by, late, published "

static void read_feedback(struct db_stmt *st, struct arena *a, struct feedback *f)
{
	memset(f, 0, sizeof(*f));
	f->id = db_col_int(st, 0);
	db_col_copy(st, 1, f->code, sizeof(f->code));
	db_col_copy(st, 2, f->secret, sizeof(f->secret));
	db_col_copy(st, 3, f->kind, sizeof(f->kind));
	db_col_copy(st, 4, f->about, sizeof(f->about));
	db_col_copy(st, 5, f->dossier, sizeof(f->dossier));
	db_col_copy(st, 6, f->point, sizeof(f->point));
	db_col_copy(st, 7, f->officer, sizeof(f->officer));
	db_col_copy(st, 8, f->officer_name, sizeof(f->officer_name));
	f->content = arena_strdup(a, db_col_text(st, 9));
	db_col_copy(st, 10, f->contact_name, sizeof(f->contact_name));
	db_col_copy(st, 11, f->contact_phone, sizeof(f->contact_phone));
	db_col_copy(st, 12, f->contact_email, sizeof(f->contact_email));
	f->consent = db_col_int(st, 13) != 0;
	db_col_copy(st, 14, f->submitted_by, sizeof(f->submitted_by));
	db_col_copy(st, 15, f->unit, sizeof(f->unit));
	f->received_at = db_col_int(st, 16);
	f->due_at = db_col_int(st, 17);
	db_col_copy(st, 18, f->status, sizeof(f->status));
	f->answer = db_col_null(st, 19) ? NULL : arena_strdup(a, db_col_text(st, 19));
	f->answered_at = db_col_int0(st, 20);
	db_col_copy(st, 21, f->answered_by, sizeof(f->answered_by));
	f->late = db_col_int(st, 22) != 0;
	f->published = db_col_int(st, 23) != 0;
}

static const char SQL_GET[] = "SELECT " FEEDBACK_COLUMNS "FROM feedback WHERE code = $1";

enum mc_err fbstore_get(struct db *db, struct arena *a, const char *code, struct feedback *out)
{
	struct db_stmt *st = db_prepare(db, SQL_GET);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, code, SIZE_MAX);
	enum mc_err err = db_step_one(st);
	if (err)
		return err;
	read_feedback(st, a, out);
	return db_run(st);
}

static const char SQL_ASSIGN[] =
	"UPDATE feedback SET unit = $2 WHERE id = $1 AND status = 'open'";

enum mc_err fbstore_assign(struct db *db, int64_t id, const char *unit)
{
	struct db_stmt *st = db_prepare(db, SQL_ASSIGN);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, unit, SIZE_MAX);
	enum mc_err err = db_run(st);
	if (!err && db_changes(db) != 1)
		err = MC_ECONFLICT;
	return err;
}

static const char SQL_ANSWER[] =
	"UPDATE feedback SET status = 'answered', answer = $2, answered_at = $3, answered_by = $4, "
	"late = $5, published = $6 WHERE id = $1 AND status = 'open'";

enum mc_err fbstore_answer(struct db *db, const struct feedback *f)
{
	struct db_stmt *st = db_prepare(db, SQL_ANSWER);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, f->id);
	db_bind_text(st, 2, f->answer, SIZE_MAX);
	db_bind_int(st, 3, f->answered_at);
	db_bind_text(st, 4, f->answered_by, SIZE_MAX);
	db_bind_int(st, 5, f->late ? 1 : 0);
	db_bind_int(st, 6, f->published ? 1 : 0);
	enum mc_err err = db_run(st);
	if (!err && db_changes(db) != 1)
		err = MC_ECONFLICT;
	return err;
}

static enum mc_err each(struct db_stmt *st, struct arena *a,
			void (*fn)(const struct feedback *f, void *arg), void *arg)
{
	bool row;
	enum mc_err err;
	struct feedback f;
	while (!(err = db_step(st, &row)) && row) {
		read_feedback(st, a, &f);
		fn(&f, arg);
	}
	return err;
}

static const char SQL_LIST[] =
	"SELECT " FEEDBACK_COLUMNS "FROM feedback WHERE ($1 IS NULL OR unit IN (SELECT value FROM "
	"json_each($1))) AND ($2 IS NULL OR status = $2) ORDER BY due_at, code LIMIT $3";

enum mc_err fbstore_list(struct db *db, struct arena *a, const char *units_json,
			 const char *status, size_t limit,
			 void (*fn)(const struct feedback *f, void *arg), void *arg)
{
	struct db_stmt *st = db_prepare(db, SQL_LIST);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, units_json, SIZE_MAX);
	db_bind_text(st, 2, status, SIZE_MAX);
	db_bind_int(st, 3, (int64_t)limit);
	return each(st, a, fn, arg);
}

static const char SQL_PUBLISHED[] =
	"SELECT " FEEDBACK_COLUMNS "FROM feedback WHERE published = 1 AND ($1 IS NULL OR unit = $1) "
	"ORDER BY answered_at DESC, code LIMIT $2 OFFSET $3";

enum mc_err fbstore_published(struct db *db, struct arena *a, const char *unit, size_t offset,
			      size_t limit, void (*fn)(const struct feedback *f, void *arg),
			      void *arg)
{
	struct db_stmt *st = db_prepare(db, SQL_PUBLISHED);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, unit, SIZE_MAX);
	db_bind_int(st, 2, (int64_t)limit);
	db_bind_int(st, 3, (int64_t)offset);
	return each(st, a, fn, arg);
}
