/* SQL of the housekeeping sweeps (sweep_store.h). Rows go by rowid in batches: a flood's hundred
 * thousand failed logins never hold the write lock for long. */
#include "base/base.h"

#include "store/sweep_store.h"

static enum mc_err run_batch(struct db *db, const char *sql, int64_t bound, int64_t *n)
{
	struct db_stmt *st = db_prepare(db, sql);
	*n = 0;
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, bound);
	db_bind_int(st, 2, SWEEP_BATCH);
	enum mc_err err = db_run(st);
	if (!err)
		*n = db_changes(db);
	return err;
}

static const char SQL_SWEEP_SESSIONS[] =
	"DELETE FROM sessions WHERE rowid IN (SELECT rowid FROM sessions WHERE expires_at <= $1 "
	"LIMIT $2)";

enum mc_err sweep_sessions(struct db *db, int64_t now, int64_t *n)
{
	return run_batch(db, SQL_SWEEP_SESSIONS, now, n);
}

static const char SQL_SWEEP_FAILURES[] =
	"DELETE FROM login_failures WHERE id IN (SELECT id FROM login_failures WHERE at <= $1 "
	"LIMIT $2)";

enum mc_err sweep_login_failures(struct db *db, int64_t before, int64_t *n)
{
	return run_batch(db, SQL_SWEEP_FAILURES, before, n);
}

static const char SQL_SWEEP_IDEM[] =
	"DELETE FROM idempotency_keys WHERE rowid IN (SELECT rowid FROM idempotency_keys "
	"WHERE created_at <= $1 LIMIT $2)";

enum mc_err sweep_idempotency_keys(struct db *db, int64_t before, int64_t *n)
{
	return run_batch(db, SQL_SWEEP_IDEM, before, n);
}

/* A small table (one row per VNeID login under way, each taken within minutes): no batches. */
static const char SQL_SWEEP_OIDC_PENDING[] = "DELETE FROM oidc_pending WHERE created_at <= $1";

enum mc_err sweep_oidc_pending(struct db *db, int64_t before, int64_t *n)
{
	struct db_stmt *st = db_prepare(db, SQL_SWEEP_OIDC_PENDING);
	*n = 0;
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, before);
	enum mc_err err = db_run(st);
	if (!err)
		*n = db_changes(db);
	return err;
}

static const char SQL_CLAIM[] =
	"INSERT INTO job_runs (name, started_at) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET "
	"started_at = excluded.started_at WHERE job_runs.started_at <= $3";

enum mc_err sweep_claim(struct db *db, const char *name, int64_t now, int64_t since, bool *mine)
{
	struct db_stmt *st = db_prepare(db, SQL_CLAIM);
	*mine = false;
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, name, SIZE_MAX);
	db_bind_int(st, 2, now);
	db_bind_int(st, 3, since);
	enum mc_err err = db_run(st);
	if (!err)
		*mine = db_changes(db) == 1;
	return err;
}
