/* SQL of the national portal sync (portal_store.h). */
#include "base/base.h"

#include "store/portal_store.h"

static const char SQL_PORTAL_ID[] = "SELECT id FROM subscriptions WHERE kind = 'portal'";
static const char SQL_PORTAL_UPDATE[] =
	"UPDATE subscriptions SET url = $2, paused = 0 WHERE id = $1";
static const char SQL_PORTAL_INSERT[] =
	"INSERT INTO subscriptions (url, events, unit, secret, paused, created_at, created_by, kind) "
	"VALUES ($1, '[\"dossier.created\",\"dossier.status_changed\"]', NULL, '', 0, $2, 'system', "
	"'portal') RETURNING id";

enum mc_err psync_portal_enable(struct db *db, const char *url, int64_t at, int64_t *id)
{
	struct db_stmt *st = db_prepare(db, SQL_PORTAL_ID);
	if (!st)
		return MC_EDB;
	enum mc_err err = db_step_one(st);
	if (!err) {
		*id = db_col_int(st, 0);
		if ((err = db_run(st)))
			return err;
		if (!(st = db_prepare(db, SQL_PORTAL_UPDATE)))
			return MC_EDB;
		db_bind_int(st, 1, *id);
		db_bind_text(st, 2, url, SIZE_MAX);
		return db_run(st);
	}
	if (err != MC_ENOTFOUND)
		return err;
	if (!(st = db_prepare_insert(db, SQL_PORTAL_INSERT)))
		return MC_EDB;
	db_bind_text(st, 1, url, SIZE_MAX);
	db_bind_int(st, 2, at);
	return db_insert_id(st, id);
}

static const char SQL_PORTAL_PAUSE[] = "UPDATE subscriptions SET paused = 1 WHERE kind = 'portal'";

enum mc_err psync_portal_pause(struct db *db)
{
	struct db_stmt *st = db_prepare(db, SQL_PORTAL_PAUSE);
	return st ? db_run(st) : MC_EDB;
}

static const char *col_text(struct db_stmt *st, struct arena *a, int col)
{
	const char *t = db_col_text(st, col);
	return t ? arena_strndup(a, t, db_col_len(st, col)) : NULL;
}

static const char SQL_GET[] =
	"SELECT state, updated_at, error, receipt FROM portal_sync WHERE dossier_code = $1";

enum mc_err psync_get(struct db *db, struct arena *a, const char *code, struct dossier_sync *out)
{
	memset(out, 0, sizeof(*out));
	struct db_stmt *st = db_prepare(db, SQL_GET);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, code, SIZE_MAX);
	enum mc_err err = db_step_one(st);
	if (err == MC_ENOTFOUND)
		return MC_OK;
	if (err)
		return err;
	db_col_copy(st, 0, out->state, sizeof(out->state));
	out->at = db_col_int(st, 1);
	out->error = col_text(st, a, 2);
	out->receipt = col_text(st, a, 3);
	return db_run(st);
}

/* What psync_refresh would derive once a message is added: a dead one still makes it failed,
 * else it is pending (an error of an older pending message stays). One statement: it runs in
 * every intake. */
static const char SQL_ENQUEUED[] =
	"INSERT INTO portal_sync (dossier_code, state, updated_at) VALUES ($1, 'pending', $2) "
	"ON CONFLICT (dossier_code) DO UPDATE SET state = CASE WHEN portal_sync.state = 'failed' "
	"THEN 'failed' ELSE 'pending' END, updated_at = $2 "
	"RETURNING state, updated_at, error, receipt";

enum mc_err psync_enqueued(struct db *db, struct arena *a, const char *code, int64_t at,
			   struct dossier_sync *out)
{
	struct db_stmt *st = db_prepare(db, SQL_ENQUEUED);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, code, SIZE_MAX);
	db_bind_int(st, 2, at);
	enum mc_err err = db_step_one(st);
	if (err)
		return err;
	memset(out, 0, sizeof(*out));
	db_col_copy(st, 0, out->state, sizeof(out->state));
	out->at = db_col_int(st, 1);
	out->error = col_text(st, a, 2);
	out->receipt = col_text(st, a, 3);
	return db_run(st);
}

#define OF_DOSSIER "FROM outbox_messages m WHERE m.subscription_id = $2 AND m.stream = $1 "
static const char SQL_REFRESH[] =
	"UPDATE portal_sync SET state = CASE WHEN EXISTS (SELECT 1 " OF_DOSSIER
	"AND m.state = 'dead') THEN 'failed' WHEN EXISTS (SELECT 1 " OF_DOSSIER
	"AND m.state = 'pending') THEN 'pending' ELSE 'acknowledged' END, "
	"error = coalesce((SELECT m.last_error " OF_DOSSIER "AND m.state = 'dead' ORDER BY m.id "
	"LIMIT 1), (SELECT m.last_error " OF_DOSSIER "AND m.state = 'pending' ORDER BY m.id LIMIT 1)), "
	"receipt = coalesce(CAST($4 AS TEXT), receipt), updated_at = $3 WHERE dossier_code = $1";

enum mc_err psync_refresh(struct db *db, struct arena *a, const char *code, int64_t sub,
			  int64_t at, const char *receipt, struct dossier_sync *out)
{
	struct db_stmt *st = db_prepare(db, SQL_REFRESH);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, code, SIZE_MAX);
	db_bind_int(st, 2, sub);
	db_bind_int(st, 3, at);
	db_bind_text(st, 4, receipt, SIZE_MAX);
	enum mc_err err = db_run(st);
	return !err && out ? psync_get(db, a, code, out) : err;
}

static const char SQL_MESSAGE[] =
	"SELECT m.stream, m.subscription_id FROM outbox_messages m JOIN subscriptions s "
	"ON s.id = m.subscription_id WHERE m.id = $1 AND s.kind = 'portal'";

enum mc_err psync_message(struct db *db, struct arena *a, int64_t id, const char **code,
			  int64_t *sub)
{
	struct db_stmt *st = db_prepare(db, SQL_MESSAGE);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, id);
	enum mc_err err = db_step_one(st);
	if (err)
		return err;
	*code = col_text(st, a, 0);
	*sub = db_col_int(st, 1);
	return db_run(st);
}

static const char SQL_COUNTS[] =
	"SELECT p.state, count(*) FROM portal_sync p JOIN dossiers d ON d.code = p.dossier_code "
	"WHERE ($1 IS NULL OR EXISTS (SELECT 1 FROM dossier_units u WHERE u.dossier_id = d.id "
	"AND u.unit IN (SELECT value FROM json_each($1)))) GROUP BY p.state";

enum mc_err psync_counts(struct db *db, const char *units_json, int64_t counts[3])
{
	static const char *const states[] = {"pending", "acknowledged", "failed"};
	bool row;
	struct db_stmt *st = db_prepare(db, SQL_COUNTS);
	counts[0] = counts[1] = counts[2] = 0;
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, units_json, SIZE_MAX);
	enum mc_err err;
	while (!(err = db_step(st, &row)) && row)
		for (size_t i = 0; i < 3; i++)
			if (strcmp(db_col_text(st, 0), states[i]) == 0)
				counts[i] = db_col_int(st, 1);
	return err;
}

/* The dossiers the portal never heard of, oldest first from a cursor: each row is one probe of
 * portal_sync's primary key. */
static const char SQL_UNSENT[] =
	"SELECT d.id, d.code, d.status, d.receiving_unit, d.resolver_unit FROM dossiers d "
	"WHERE d.id > $1 AND NOT EXISTS (SELECT 1 FROM portal_sync p WHERE p.dossier_code = d.code) "
	"ORDER BY d.id LIMIT $2";

enum mc_err psync_unsent(struct db *db, struct arena *a, int64_t after, size_t limit,
			 struct psync_unsent *out, size_t *n, bool *more)
{
	bool row;
	struct db_stmt *st = db_prepare(db, SQL_UNSENT);
	*n = 0;
	*more = false;
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, after);
	db_bind_int(st, 2, (int64_t)limit + 1);
	enum mc_err err;
	while (!(err = db_step(st, &row)) && row) {
		if (*n == limit) {
			*more = true;
			continue;
		}
		struct psync_unsent *u = &out[(*n)++];
		u->id = db_col_int(st, 0);
		u->code = col_text(st, a, 1);
		u->status = col_text(st, a, 2);
		u->receiving_unit = col_text(st, a, 3);
		u->resolver_unit = col_text(st, a, 4);
	}
	return err;
}
