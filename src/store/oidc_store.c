/* SQL for oidc_pending (migration 0014). The lifetime and the cap are svc/oidc.c's rules. */
#include "base/base.h"

#include "store/oidc_store.h"

static const char SQL_PRUNE[] = "DELETE FROM oidc_pending WHERE created_at < $1";
static const char SQL_COUNT[] = "SELECT count(*) FROM oidc_pending";

enum mc_err oidcstore_prune(struct db *db, int64_t before, int64_t *left)
{
	bool row = false;
	struct db_stmt *st = db_prepare(db, SQL_PRUNE);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, before);
	enum mc_err err = db_run(st);
	if (err)
		return err;
	st = db_prepare(db, SQL_COUNT);
	if (!st)
		return MC_EDB;
	err = db_step(st, &row);
	*left = !err && row ? db_col_int(st, 0) : 0;
	if (!err)
		err = db_run(st);
	return err;
}

static const char SQL_INSERT[] =
	"INSERT INTO oidc_pending (state_hash, nonce, verifier, return_to, created_at) "
	"VALUES ($1, $2, $3, $4, $5)";

enum mc_err oidcstore_insert(struct db *db, const unsigned char hash[OIDC_STATE_HASH_LEN],
			     const struct oidc_pending *p)
{
	struct db_stmt *st = db_prepare(db, SQL_INSERT);
	if (!st)
		return MC_EDB;
	db_bind_blob(st, 1, hash, OIDC_STATE_HASH_LEN);
	db_bind_text(st, 2, p->nonce, SIZE_MAX);
	db_bind_text(st, 3, p->verifier, SIZE_MAX);
	db_bind_text(st, 4, p->return_to[0] ? p->return_to : NULL, SIZE_MAX);
	db_bind_int(st, 5, p->created_at);
	return db_run(st);
}

static const char SQL_TAKE[] =
	"DELETE FROM oidc_pending WHERE state_hash = $1 "
	"RETURNING nonce, verifier, return_to, created_at";

enum mc_err oidcstore_take(struct db *db, const unsigned char hash[OIDC_STATE_HASH_LEN],
			   struct oidc_pending *out)
{
	bool row = false;
	struct db_stmt *st = db_prepare(db, SQL_TAKE);
	if (!st)
		return MC_EDB;
	db_bind_blob(st, 1, hash, OIDC_STATE_HASH_LEN);
	enum mc_err err = db_step(st, &row);
	if (err)
		return err;
	if (row) {
		db_col_copy(st, 0, out->nonce, sizeof(out->nonce));
		db_col_copy(st, 1, out->verifier, sizeof(out->verifier));
		db_col_copy(st, 2, out->return_to, sizeof(out->return_to));
		out->created_at = db_col_int(st, 3);
	}
	err = db_run(st); /* the delete completes only when the statement runs to its end */
	if (err)
		return err;
	return row ? MC_OK : MC_ENOTFOUND;
}
