/* SQL for users, user_roles, sessions and login_failures. */
#include "base/base.h"

#include "store/user_store.h"

static const char *nullable(const char *s)
{
	return s && *s ? s : NULL;
}

static const char SQL_INSERT_USER[] =
	"INSERT INTO users (username, password_hash, full_name, id_number, phone, email, active, "
	"created_at) VALUES ($1, $2, $3, $4, $5, $6, 1, $7)";

enum mc_err usstore_insert(struct db *db, struct user *u, int64_t now)
{
	struct db_stmt *st = db_prepare(db, SQL_INSERT_USER);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, u->username, SIZE_MAX);
	db_bind_text(st, 2, u->password_hash, SIZE_MAX);
	db_bind_text(st, 3, u->full_name, SIZE_MAX);
	db_bind_text(st, 4, nullable(u->id_number), SIZE_MAX);
	db_bind_text(st, 5, nullable(u->phone), SIZE_MAX);
	db_bind_text(st, 6, nullable(u->email), SIZE_MAX);
	db_bind_int(st, 7, now);
	enum mc_err err = db_run(st);
	if (!err)
		u->id = db_last_id(db);
	return err;
}

static const char SQL_ADD_ROLE[] =
	"INSERT INTO user_roles (user_id, role, unit_code) VALUES ($1, $2, $3)";

enum mc_err usstore_add_role(struct db *db, int64_t user_id, const struct user_role *r)
{
	struct db_stmt *st = db_prepare(db, SQL_ADD_ROLE);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, user_id);
	db_bind_text(st, 2, r->role, SIZE_MAX);
	db_bind_text(st, 3, nullable(r->unit), SIZE_MAX);
	return db_run(st);
}

static const char SQL_ROLES[] =
	"SELECT role, unit_code FROM user_roles WHERE user_id = $1 ORDER BY rowid";

static enum mc_err load_roles(struct db *db, struct user *u)
{
	bool row;
	enum mc_err err;
	struct db_stmt *st = db_prepare(db, SQL_ROLES);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, u->id);
	u->nroles = 0;
	while (!(err = db_step(st, &row)) && row) {
		if (u->nroles == USER_ROLES_MAX)
			continue;
		struct user_role *r = &u->roles[u->nroles++];
		db_col_copy(st, 0, r->role, sizeof(r->role));
		db_col_copy(st, 1, r->unit, sizeof(r->unit));
	}
	return err;
}

#define USER_COLUMNS "id, username, full_name, id_number, phone, email, password_hash, active "

static enum mc_err read_user(struct db *db, struct db_stmt *st, struct user *out)
{
	bool row;
	enum mc_err err = db_step(st, &row);
	if (err)
		return err;
	if (!row)
		return MC_ENOTFOUND;
	memset(out, 0, sizeof(*out));
	out->id = db_col_int(st, 0);
	db_col_copy(st, 1, out->username, sizeof(out->username));
	db_col_copy(st, 2, out->full_name, sizeof(out->full_name));
	db_col_copy(st, 3, out->id_number, sizeof(out->id_number));
	db_col_copy(st, 4, out->phone, sizeof(out->phone));
	db_col_copy(st, 5, out->email, sizeof(out->email));
	db_col_copy(st, 6, out->password_hash, sizeof(out->password_hash));
	out->active = db_col_int(st, 7) != 0;
	err = db_run(st);
	return err ? err : load_roles(db, out);
}

static const char SQL_USER_BY_NAME[] = "SELECT " USER_COLUMNS "FROM users WHERE username = $1";

enum mc_err usstore_by_name(struct db *db, const char *username, struct user *out)
{
	struct db_stmt *st = db_prepare(db, SQL_USER_BY_NAME);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, username, SIZE_MAX);
	return read_user(db, st, out);
}

static const char SQL_USER_BY_ID[] = "SELECT " USER_COLUMNS "FROM users WHERE id = $1";

enum mc_err usstore_by_id(struct db *db, int64_t id, struct user *out)
{
	struct db_stmt *st = db_prepare(db, SQL_USER_BY_ID);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, id);
	return read_user(db, st, out);
}

static const char SQL_SESSION_INSERT[] =
	"INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)";

enum mc_err usstore_session_insert(struct db *db, const unsigned char hash[TOKEN_HASH_LEN],
				   int64_t user_id, int64_t now, int64_t expires_at)
{
	struct db_stmt *st = db_prepare(db, SQL_SESSION_INSERT);
	if (!st)
		return MC_EDB;
	db_bind_blob(st, 1, hash, TOKEN_HASH_LEN);
	db_bind_int(st, 2, user_id);
	db_bind_int(st, 3, now);
	db_bind_int(st, 4, expires_at);
	return db_run(st);
}

static const char SQL_SESSION_FIND[] =
	"SELECT user_id, expires_at FROM sessions WHERE token_hash = $1 AND expires_at > $2";

enum mc_err usstore_session_find(struct db *db, const unsigned char hash[TOKEN_HASH_LEN],
				 int64_t now, int64_t *user_id, int64_t *expires_at)
{
	bool row;
	struct db_stmt *st = db_prepare(db, SQL_SESSION_FIND);
	if (!st)
		return MC_EDB;
	db_bind_blob(st, 1, hash, TOKEN_HASH_LEN);
	db_bind_int(st, 2, now);
	enum mc_err err = db_step(st, &row);
	if (err)
		return err;
	if (!row)
		return MC_ENOTFOUND;
	*user_id = db_col_int(st, 0);
	*expires_at = db_col_int(st, 1);
	return db_run(st);
}

static const char SQL_SESSION_DELETE[] = "DELETE FROM sessions WHERE token_hash = $1";

enum mc_err usstore_session_delete(struct db *db, const unsigned char hash[TOKEN_HASH_LEN])
{
	struct db_stmt *st = db_prepare(db, SQL_SESSION_DELETE);
	if (!st)
		return MC_EDB;
	db_bind_blob(st, 1, hash, TOKEN_HASH_LEN);
	return db_run(st);
}

static const char SQL_FAILURE_ADD[] = "INSERT INTO login_failures (username, at) VALUES ($1, $2)";

enum mc_err usstore_failure_add(struct db *db, const char *username, int64_t at)
{
	struct db_stmt *st = db_prepare(db, SQL_FAILURE_ADD);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, username, SIZE_MAX);
	db_bind_int(st, 2, at);
	return db_run(st);
}

static const char SQL_FAILURES[] =
	"SELECT count(*), min(at) FROM login_failures WHERE username = $1 AND at > $2";

enum mc_err usstore_failures(struct db *db, const char *username, int64_t since, int64_t *count,
			     int64_t *oldest)
{
	bool row;
	struct db_stmt *st = db_prepare(db, SQL_FAILURES);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, username, SIZE_MAX);
	db_bind_int(st, 2, since);
	enum mc_err err = db_step(st, &row);
	if (err)
		return err;
	*count = row ? db_col_int(st, 0) : 0;
	*oldest = row && !db_col_null(st, 1) ? db_col_int(st, 1) : 0;
	return db_run(st);
}

static const char SQL_FAILURES_CLEAR[] = "DELETE FROM login_failures WHERE username = $1";

enum mc_err usstore_failures_clear(struct db *db, const char *username)
{
	struct db_stmt *st = db_prepare(db, SQL_FAILURES_CLEAR);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, username, SIZE_MAX);
	return db_run(st);
}
