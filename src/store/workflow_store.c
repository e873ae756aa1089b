/* SQL for delegations, send-backs and opinions (store/workflow_store.h). */
#include "base/base.h"

#include "store/workflow_store.h"

static const char *dup_col(struct arena *a, struct db_stmt *st, int col)
{
	const char *s = db_col_text(st, col);
	return s ? arena_strndup(a, s, db_col_len(st, col)) : NULL;
}

static void bind_opt_int(struct db_stmt *st, int n, int64_t v)
{
	if (v)
		db_bind_int(st, n, v);
	else
		db_bind_null(st, n);
}

static void bind_opt_text(struct db_stmt *st, int n, const char *s)
{
	db_bind_text(st, n, s && *s ? s : NULL, SIZE_MAX);
}

/* Delegations. */

#define DELEGATION_COLUMNS                                                                         \
	"id, procedure_code, unit, delegating_unit, delegating_name, decision_number, "            \
	"decision_date, valid_from, valid_to, ended_at, ended_by, created_at, created_by "

static void read_delegation(struct arena *a, struct db_stmt *st, struct delegation *g)
{
	memset(g, 0, sizeof(*g));
	g->id = db_col_int(st, 0);
	db_col_copy(st, 1, g->procedure_code, sizeof(g->procedure_code));
	db_col_copy(st, 2, g->unit, sizeof(g->unit));
	db_col_copy(st, 3, g->delegating_unit, sizeof(g->delegating_unit));
	g->delegating_name = dup_col(a, st, 4);
	g->decision_number = dup_col(a, st, 5);
	db_col_copy(st, 6, g->decision_date, sizeof(g->decision_date));
	g->valid_from = db_col_int0(st, 7);
	g->valid_to = db_col_int0(st, 8);
	g->ended_at = db_col_int0(st, 9);
	g->ended_by = dup_col(a, st, 10);
	g->created_at = db_col_int0(st, 11);
	g->created_by = dup_col(a, st, 12);
}

static const char SQL_DELEGATION_INSERT[] =
	"INSERT INTO delegations (procedure_code, unit, delegating_unit, delegating_name, "
	"decision_number, decision_date, valid_from, valid_to, created_at, created_by) "
	"VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id";

enum mc_err wstore_delegation_insert(struct db *db, struct delegation *g)
{
	struct db_stmt *st = db_prepare_insert(db, SQL_DELEGATION_INSERT);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, g->procedure_code, SIZE_MAX);
	bind_opt_text(st, 2, g->unit);
	bind_opt_text(st, 3, g->delegating_unit);
	db_bind_text(st, 4, g->delegating_name, SIZE_MAX);
	db_bind_text(st, 5, g->decision_number, SIZE_MAX);
	db_bind_text(st, 6, g->decision_date, SIZE_MAX);
	db_bind_int(st, 7, g->valid_from);
	bind_opt_int(st, 8, g->valid_to);
	db_bind_int(st, 9, g->created_at);
	db_bind_text(st, 10, g->created_by, SIZE_MAX);
	return db_insert_id(st, &g->id);
}

static const char SQL_DELEGATION_GET[] =
	"SELECT " DELEGATION_COLUMNS "FROM delegations WHERE id = $1";

enum mc_err wstore_delegation_get(struct db *db, struct arena *a, int64_t id, struct delegation *out)
{
	struct db_stmt *st = db_prepare(db, SQL_DELEGATION_GET);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, id);
	enum mc_err err = db_step_one(st);
	if (err)
		return err;
	read_delegation(a, st, out);
	return db_run(st);
}

static enum mc_err each_delegation(struct db_stmt *st, struct arena *a,
				   void (*fn)(const struct delegation *g, void *arg), void *arg)
{
	bool row;
	enum mc_err err;
	struct delegation g;
	while (!(err = db_step(st, &row)) && row) {
		read_delegation(a, st, &g);
		fn(&g, arg);
	}
	return err;
}

static const char SQL_DELEGATIONS[] =
	"SELECT " DELEGATION_COLUMNS "FROM delegations WHERE ($1 IS NULL OR procedure_code = $1) "
	"AND ($2 = 0 OR id < $2) ORDER BY id DESC LIMIT $3";

enum mc_err wstore_delegations(struct db *db, struct arena *a, const char *procedure, int64_t before,
			       size_t limit, void (*fn)(const struct delegation *g, void *arg),
			       void *arg)
{
	struct db_stmt *st = db_prepare(db, SQL_DELEGATIONS);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, procedure, SIZE_MAX);
	db_bind_int(st, 2, before);
	db_bind_int(st, 3, (int64_t)limit);
	return each_delegation(st, a, fn, arg);
}

static const char SQL_DELEGATIONS_FOR[] =
	"SELECT " DELEGATION_COLUMNS "FROM delegations WHERE procedure_code = $1 "
	"AND (unit IS NULL OR unit = $2) ORDER BY id DESC LIMIT 100";

enum mc_err wstore_delegations_for(struct db *db, struct arena *a, const char *procedure,
				   const char *unit,
				   void (*fn)(const struct delegation *g, void *arg), void *arg)
{
	struct db_stmt *st = db_prepare(db, SQL_DELEGATIONS_FOR);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, procedure, SIZE_MAX);
	db_bind_text(st, 2, unit, SIZE_MAX);
	return each_delegation(st, a, fn, arg);
}

static const char SQL_DELEGATION_END[] =
	"UPDATE delegations SET ended_at = $2, ended_by = $3 WHERE id = $1 AND ended_at IS NULL";

enum mc_err wstore_delegation_end(struct db *db, int64_t id, int64_t at, const char *by)
{
	struct db_stmt *st = db_prepare(db, SQL_DELEGATION_END);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, at);
	db_bind_text(st, 3, by, SIZE_MAX);
	enum mc_err err = db_run(st);
	return err ? err : db_changes(db) == 1 ? MC_OK : MC_ECONFLICT;
}

static const char SQL_SET_DELEGATION[] = "UPDATE dossiers SET delegation_id = $2 WHERE id = $1";

enum mc_err wstore_set_dossier_delegation(struct db *db, int64_t dossier_id, int64_t delegation_id)
{
	struct db_stmt *st = db_prepare(db, SQL_SET_DELEGATION);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, dossier_id);
	bind_opt_int(st, 2, delegation_id);
	return db_run(st);
}

static const char SQL_DOSSIER_DELEGATION[] = "SELECT delegation_id FROM dossiers WHERE id = $1";

enum mc_err wstore_dossier_delegation(struct db *db, int64_t dossier_id, int64_t *delegation_id)
{
	struct db_stmt *st = db_prepare(db, SQL_DOSSIER_DELEGATION);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, dossier_id);
	enum mc_err err = db_step_one(st);
	if (err)
		return err;
	*delegation_id = db_col_int0(st, 0);
	return db_run(st);
}

/* Send-backs. */

static const char SQL_SENDBACK_INSERT[] =
	"INSERT INTO dossier_sendbacks (dossier_id, at, actor, from_step, to_step, unit, reason, "
	"from_due_at, timeliness, to_due_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";

enum mc_err wstore_sendback_insert(struct db *db, int64_t dossier_id, const struct sendback *b)
{
	struct db_stmt *st = db_prepare(db, SQL_SENDBACK_INSERT);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, dossier_id);
	db_bind_int(st, 2, b->at);
	db_bind_text(st, 3, b->actor, SIZE_MAX);
	db_bind_int(st, 4, b->from_step);
	db_bind_int(st, 5, b->to_step);
	db_bind_text(st, 6, b->unit, SIZE_MAX);
	db_bind_text(st, 7, b->reason, SIZE_MAX);
	bind_opt_int(st, 8, b->from_due_at);
	db_bind_text(st, 9, b->timeliness, SIZE_MAX);
	db_bind_int(st, 10, b->to_due_at);
	return db_run(st);
}

static const char SQL_SENDBACKS[] =
	"SELECT at, actor, from_step, to_step, unit, reason, from_due_at, timeliness, to_due_at "
	"FROM dossier_sendbacks WHERE dossier_id = $1 ORDER BY id";

enum mc_err wstore_sendbacks(struct db *db, struct arena *a, int64_t dossier_id,
			     void (*fn)(const struct sendback *b, void *arg), void *arg)
{
	struct db_stmt *st = db_prepare(db, SQL_SENDBACKS);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, dossier_id);
	bool row;
	enum mc_err err;
	while (!(err = db_step(st, &row)) && row) {
		struct sendback b = {
			.at = db_col_int(st, 0),
			.actor = dup_col(a, st, 1),
			.from_step = db_col_int(st, 2),
			.to_step = db_col_int(st, 3),
			.unit = dup_col(a, st, 4),
			.reason = dup_col(a, st, 5),
			.from_due_at = db_col_int0(st, 6),
			.timeliness = dup_col(a, st, 7),
			.to_due_at = db_col_int0(st, 8),
		};
		fn(&b, arg);
	}
	return err;
}

/* Opinions. */

#define OPINION_COLUMNS                                                                            \
	"o.id, o.step, o.unit, o.question, o.asked_at, o.asked_by, o.due_days, o.due_at, "         \
	"o.answered_at, o.answered_by, o.agree, o.answer, o.timeliness "

static void read_opinion(struct arena *a, struct db_stmt *st, struct dossier_opinion *o)
{
	memset(o, 0, sizeof(*o));
	o->id = db_col_int(st, 0);
	o->step = db_col_int(st, 1);
	db_col_copy(st, 2, o->unit, sizeof(o->unit));
	o->question = dup_col(a, st, 3);
	o->asked_at = db_col_int(st, 4);
	o->asked_by = dup_col(a, st, 5);
	o->due_days = db_col_int(st, 6);
	o->due_at = db_col_int(st, 7);
	o->answered_at = db_col_int0(st, 8);
	o->answered_by = dup_col(a, st, 9);
	o->agree = db_col_int0(st, 10) == 1;
	o->answer = dup_col(a, st, 11);
	db_col_copy(st, 12, o->timeliness, sizeof(o->timeliness));
}

static const char SQL_OPINION_INSERT[] =
	"INSERT INTO dossier_opinions (dossier_id, step, unit, question, asked_at, asked_by, "
	"due_days, due_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id";

enum mc_err wstore_opinion_insert(struct db *db, int64_t dossier_id, struct dossier_opinion *o)
{
	struct db_stmt *st = db_prepare_insert(db, SQL_OPINION_INSERT);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, dossier_id);
	db_bind_int(st, 2, o->step);
	db_bind_text(st, 3, o->unit, SIZE_MAX);
	bind_opt_text(st, 4, o->question);
	db_bind_int(st, 5, o->asked_at);
	db_bind_text(st, 6, o->asked_by, SIZE_MAX);
	db_bind_int(st, 7, o->due_days);
	db_bind_int(st, 8, o->due_at);
	return db_insert_id(st, &o->id);
}

static const char SQL_OPINIONS[] =
	"SELECT " OPINION_COLUMNS "FROM dossier_opinions o WHERE o.dossier_id = $1 "
	"ORDER BY o.id DESC LIMIT $2";

enum mc_err wstore_opinions(struct db *db, struct arena *a, struct dossier *d)
{
	struct db_stmt *st = db_prepare(db, SQL_OPINIONS);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, d->id);
	db_bind_int(st, 2, DOSSIER_MAX_OPINIONS);
	struct dossier_opinion *tmp = arena_alloc(a, sizeof(*tmp) * DOSSIER_MAX_OPINIONS);
	size_t n = 0;
	bool row;
	enum mc_err err;
	while (!(err = db_step(st, &row)) && row && n < DOSSIER_MAX_OPINIONS)
		read_opinion(a, st, &tmp[n++]);
	if (err)
		return err;
	d->opinions = arena_alloc(a, sizeof(*d->opinions) * (n + 1));
	for (size_t i = 0; i < n; i++) /* oldest first */
		d->opinions[i] = tmp[n - 1 - i];
	d->nopinions = n;
	return MC_OK;
}

static const char SQL_OPINION_ANSWER[] =
	"UPDATE dossier_opinions SET answered_at = $3, answered_by = $4, agree = $5, answer = $6, "
	"timeliness = $7 WHERE id = $1 AND dossier_id = $2 AND answered_at IS NULL";

enum mc_err wstore_opinion_answer(struct db *db, int64_t dossier_id, const struct dossier_opinion *o)
{
	struct db_stmt *st = db_prepare(db, SQL_OPINION_ANSWER);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, o->id);
	db_bind_int(st, 2, dossier_id);
	db_bind_int(st, 3, o->answered_at);
	db_bind_text(st, 4, o->answered_by, SIZE_MAX);
	db_bind_int(st, 5, o->agree ? 1 : 0);
	db_bind_text(st, 6, o->answer, SIZE_MAX);
	db_bind_text(st, 7, o->timeliness, SIZE_MAX);
	enum mc_err err = db_run(st);
	return err ? err : db_changes(db) == 1 ? MC_OK : MC_ECONFLICT;
}

static const char SQL_OPINIONS_WAITING[] =
	"SELECT count(*) FROM dossier_opinions WHERE dossier_id = $1 AND step = $2 "
	"AND answered_at IS NULL";

enum mc_err wstore_opinions_waiting(struct db *db, int64_t dossier_id, int64_t step, int64_t *n)
{
	struct db_stmt *st = db_prepare(db, SQL_OPINIONS_WAITING);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, dossier_id);
	db_bind_int(st, 2, step);
	enum mc_err err = db_step_one(st);
	if (err)
		return err;
	*n = db_col_int(st, 0);
	return db_run(st);
}

static const char SQL_INBOX[] =
	"SELECT d.code, " OPINION_COLUMNS "FROM dossier_opinions o JOIN dossiers d ON d.id = "
	"o.dossier_id WHERE o.answered_at IS NULL AND ($1 IS NULL OR o.unit IN (SELECT value FROM "
	"json_each($1))) ORDER BY o.id LIMIT $2";

enum mc_err wstore_opinion_inbox(struct db *db, struct arena *a, const char *units_json, size_t limit,
				 void (*fn)(const char *code, const struct dossier_opinion *o,
					    void *arg),
				 void *arg)
{
	struct db_stmt *st = db_prepare(db, SQL_INBOX);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, units_json, SIZE_MAX);
	db_bind_int(st, 2, (int64_t)limit);
	bool row;
	enum mc_err err;
	struct dossier_opinion o;
	while (!(err = db_step(st, &row)) && row) {
		const char *code = dup_col(a, st, 0);
		/* the opinion's columns follow the code */
		memset(&o, 0, sizeof(o));
		o.id = db_col_int(st, 1);
		o.step = db_col_int(st, 2);
		db_col_copy(st, 3, o.unit, sizeof(o.unit));
		o.question = dup_col(a, st, 4);
		o.asked_at = db_col_int(st, 5);
		o.asked_by = dup_col(a, st, 6);
		o.due_days = db_col_int(st, 7);
		o.due_at = db_col_int(st, 8);
		fn(code, &o, arg);
	}
	return err;
}
