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
	"DELETE FROM login_failures WHERE rowid IN (SELECT rowid FROM login_failures WHERE at <= $1 "
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

/* The table exists only once the identity provider's migration ran: look before preparing. */
static const char SQL_HAS_CREATED_AT[] =
	"SELECT count(*) FROM pragma_table_info($1) WHERE name = 'created_at'";

static enum mc_err has_created_at(struct db *db, const char *table, bool *yes)
{
	bool row;
	struct db_stmt *st = db_prepare(db, SQL_HAS_CREATED_AT);
	*yes = false;
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, table, SIZE_MAX);
	enum mc_err err = db_step(st, &row);
	if (!err && row)
		*yes = db_col_int(st, 0) > 0;
	return err ? err : db_run(st);
}

/* Small tables (one row per login under way, each taken within minutes): no batches. */
static const char SQL_SWEEP_OIDC_PENDING[] = "DELETE FROM oidc_pending WHERE created_at <= $1";
static const char SQL_SWEEP_OIDC_LOGINS[] = "DELETE FROM oidc_logins WHERE created_at <= $1";

static enum mc_err run_all(struct db *db, const char *sql, int64_t before, int64_t *n)
{
	struct db_stmt *st = db_prepare(db, sql);
	*n = 0;
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, before);
	enum mc_err err = db_run(st);
	if (!err)
		*n = db_changes(db);
	return err;
}

enum mc_err sweep_oidc_pending(struct db *db, int64_t before, int64_t *n)
{
	bool pending = false, logins = false;
	int64_t a = 0, b = 0;
	enum mc_err err = has_created_at(db, "oidc_pending", &pending);
	if (!err)
		err = has_created_at(db, "oidc_logins", &logins);
	if (!err && pending)
		err = run_all(db, SQL_SWEEP_OIDC_PENDING, before, &a);
	if (!err && logins)
		err = run_all(db, SQL_SWEEP_OIDC_LOGINS, before, &b);
	*n = a + b;
	return err;
}
