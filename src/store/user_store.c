/* SQL for users, user_roles, sessions and login_failures (the sweeps of what expired are
 * store/sweep_store.c's). */
#include "base/base.h"

#include "store/user_store.h"

static const char *nullable(const char *s)
{
	return s && *s ? s : NULL;
}

static const char SQL_INSERT_USER[] =
	"INSERT INTO users (username, password_hash, full_name, id_number, phone, email, active, "
	"created_at, search_key, login, identity, verify_code) "
	"VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $8, $9, $10, $11) RETURNING id";

enum mc_err userstore_insert(struct db *db, struct user *u, const char *search_key, int64_t now)
{
	struct db_stmt *st = db_prepare_insert(db, SQL_INSERT_USER);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, u->username, SIZE_MAX);
	db_bind_text(st, 2, u->password_hash, SIZE_MAX);
	db_bind_text(st, 3, u->full_name, SIZE_MAX);
	db_bind_text(st, 4, nullable(u->id_number), SIZE_MAX);
	db_bind_text(st, 5, nullable(u->phone), SIZE_MAX);
	db_bind_text(st, 6, nullable(u->email), SIZE_MAX);
	db_bind_int(st, 7, now);
	db_bind_text(st, 8, search_key, SIZE_MAX);
	db_bind_text(st, 9, nullable(u->login), SIZE_MAX);
	db_bind_text(st, 10, nullable(u->identity), SIZE_MAX);
	db_bind_text(st, 11, nullable(u->verify_code), SIZE_MAX);
	int64_t id = 0;
	enum mc_err err = db_insert_id(st, &id);
	if (!err) {
		u->id = id;
		u->created_at = now;
		u->active = true;
	}
	return err;
}

static const char SQL_ADD_ROLE[] =
	"INSERT INTO user_roles (user_id, role, unit_code) VALUES ($1, $2, $3)";

enum mc_err userstore_add_role(struct db *db, int64_t user_id, const struct user_role *r)
{
	struct db_stmt *st = db_prepare(db, SQL_ADD_ROLE);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, user_id);
	db_bind_text(st, 2, r->role, SIZE_MAX);
	db_bind_text(st, 3, nullable(r->unit), SIZE_MAX);
	return db_run(st);
}

static const char SQL_CLEAR_ROLES[] = "DELETE FROM user_roles WHERE user_id = $1";

enum mc_err userstore_clear_roles(struct db *db, int64_t user_id)
{
	struct db_stmt *st = db_prepare(db, SQL_CLEAR_ROLES);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, user_id);
	return db_run(st);
}

static const char SQL_UPDATE_USER[] =
	"UPDATE users SET full_name = $2, search_key = $3, active = $4 WHERE id = $1";

enum mc_err userstore_update(struct db *db, int64_t user_id, const char *full_name,
			   const char *search_key, bool active)
{
	struct db_stmt *st = db_prepare(db, SQL_UPDATE_USER);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, user_id);
	db_bind_text(st, 2, full_name, SIZE_MAX);
	db_bind_text(st, 3, search_key, SIZE_MAX);
	db_bind_int(st, 4, active ? 1 : 0);
	return db_run(st);
}

static const char SQL_SET_PASSWORD[] = "UPDATE users SET password_hash = $2 WHERE id = $1";

enum mc_err userstore_set_password(struct db *db, int64_t user_id, const char *password_hash)
{
	struct db_stmt *st = db_prepare(db, SQL_SET_PASSWORD);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, user_id);
	db_bind_text(st, 2, password_hash, SIZE_MAX);
	return db_run(st);
}

static const char SQL_SET_KEY[] = "UPDATE users SET search_key = $2 WHERE id = $1";

enum mc_err userstore_set_key(struct db *db, int64_t user_id, const char *search_key)
{
	struct db_stmt *st = db_prepare(db, SQL_SET_KEY);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, user_id);
	db_bind_text(st, 2, search_key, SIZE_MAX);
	return db_run(st);
}

static const char SQL_ROLES[] =
	"SELECT role, unit_code FROM user_roles WHERE user_id = $1 ORDER BY rowid";

/* Adds the role in columns col (role) and col + 1 (unit) of the current row to u, if there is one
 * and u has room (USER_ROLES_MAX). */
static void role_row(struct db_stmt *st, int col, struct user *u)
{
	if (db_col_null(st, col) || u->nroles == USER_ROLES_MAX)
		return;
	struct user_role *r = &u->roles[u->nroles++];
	db_col_copy(st, col, r->role, sizeof(r->role));
	db_col_copy(st, col + 1, r->unit, sizeof(r->unit));
}

static enum mc_err load_roles(struct db *db, struct user *u)
{
	bool row;
	enum mc_err err;
	struct db_stmt *st = db_prepare_keyed(db, SQL_ROLES);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, u->id);
	u->nroles = 0;
	while (!(err = db_step(st, &row)) && row)
		role_row(st, 0, u);
	return err;
}

#define USER_COLUMNS                                                                               \
	"id, username, full_name, id_number, phone, email, password_hash, active, created_at, "    \
	"login, identity, verified_at, verified_via, verify_code "

/* Copies the USER_COLUMNS of the current row (roles not included). */
static void user_row(struct db_stmt *st, struct user *out)
{
	memset(out, 0, sizeof(*out));
	out->id = db_col_int(st, 0);
	db_col_copy(st, 1, out->username, sizeof(out->username));
	db_col_copy(st, 2, out->full_name, sizeof(out->full_name));
	db_col_copy(st, 3, out->id_number, sizeof(out->id_number));
	db_col_copy(st, 4, out->phone, sizeof(out->phone));
	db_col_copy(st, 5, out->email, sizeof(out->email));
	db_col_copy(st, 6, out->password_hash, sizeof(out->password_hash));
	out->active = db_col_int(st, 7) != 0;
	out->created_at = db_col_int(st, 8);
	db_col_copy(st, 9, out->login, sizeof(out->login));
	db_col_copy(st, 10, out->identity, sizeof(out->identity));
	out->verified_at = db_col_int0(st, 11);
	db_col_copy(st, 12, out->verified_via, sizeof(out->verified_via));
	db_col_copy(st, 13, out->verify_code, sizeof(out->verify_code));
}

static enum mc_err read_user(struct db *db, struct db_stmt *st, struct user *out)
{
	enum mc_err err = db_step_one(st);
	if (err)
		return err;
	user_row(st, out);
	err = db_run(st);
	return err ? err : load_roles(db, out);
}

static const char SQL_USER_BY_NAME[] = "SELECT " USER_COLUMNS "FROM users WHERE username = $1";

enum mc_err userstore_by_name(struct db *db, const char *username, struct user *out)
{
	struct db_stmt *st = db_prepare(db, SQL_USER_BY_NAME);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, username, SIZE_MAX);
	return read_user(db, st, out);
}

static const char SQL_USER_BY_ID[] = "SELECT " USER_COLUMNS "FROM users WHERE id = $1";

enum mc_err userstore_by_id(struct db *db, int64_t id, struct user *out)
{
	struct db_stmt *st = db_prepare_keyed(db, SQL_USER_BY_ID);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, id);
	return read_user(db, st, out);
}

static const char SQL_LOGIN_CANDIDATES[] =
	"SELECT " USER_COLUMNS "FROM users WHERE (username = $1 OR login = $1) AND active = 1 "
	"ORDER BY identity = 'verified' DESC, id DESC LIMIT $2";

enum mc_err userstore_login_candidates(struct db *db, const char *login, struct user *out, size_t cap,
				     size_t *n)
{
	bool row;
	enum mc_err err;
	struct db_stmt *st = db_prepare(db, SQL_LOGIN_CANDIDATES);
	*n = 0;
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, login, SIZE_MAX);
	db_bind_int(st, 2, (int64_t)cap);
	while (!(err = db_step(st, &row)) && row && *n < cap)
		user_row(st, &out[(*n)++]);
	for (size_t i = 0; !err && i < *n; i++)
		err = load_roles(db, &out[i]);
	return err;
}

static const char SQL_VERIFIED_OF[] = "SELECT " USER_COLUMNS
	"FROM users WHERE id_number = $1 AND identity = 'verified' AND active = 1";

enum mc_err userstore_verified_of(struct db *db, const char *id_number, struct user *out)
{
	struct db_stmt *st = db_prepare(db, SQL_VERIFIED_OF);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, id_number, SIZE_MAX);
	return read_user(db, st, out);
}

static const char SQL_UNVERIFIED_OF[] =
	"SELECT id FROM users WHERE id_number = $1 AND identity = 'unverified' AND active = 1 "
	"ORDER BY id LIMIT $2";

enum mc_err userstore_unverified_of(struct db *db, const char *id_number, int64_t *ids, size_t cap,
				  size_t *n)
{
	bool row;
	enum mc_err err;
	struct db_stmt *st = db_prepare(db, SQL_UNVERIFIED_OF);
	*n = 0;
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, id_number, SIZE_MAX);
	db_bind_int(st, 2, (int64_t)cap);
	while (!(err = db_step(st, &row)) && row && *n < cap)
		ids[(*n)++] = db_col_int(st, 0);
	return err;
}

static const char SQL_BY_VERIFY_CODE[] = "SELECT " USER_COLUMNS
	"FROM users WHERE id_number = $1 AND verify_code = $2 AND identity = 'unverified' "
	"AND active = 1";

enum mc_err userstore_by_verify_code(struct db *db, const char *id_number, const char *code,
				   struct user *out)
{
	struct db_stmt *st = db_prepare(db, SQL_BY_VERIFY_CODE);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, id_number, SIZE_MAX);
	db_bind_text(st, 2, code, SIZE_MAX);
	return read_user(db, st, out);
}

static const char SQL_SET_VERIFIED[] =
	"UPDATE users SET identity = 'verified', verified_at = $2, verified_via = $3, "
	"verified_by = $4, verified_unit = $5, verified_paper = $6, oidc_subject = $7, "
	"verify_code = NULL WHERE id = $1";

enum mc_err userstore_set_verified(struct db *db, int64_t user_id, const struct user_verification *v)
{
	struct db_stmt *st = db_prepare(db, SQL_SET_VERIFIED);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, user_id);
	db_bind_int(st, 2, v->at);
	db_bind_text(st, 3, v->via, SIZE_MAX);
	db_bind_text(st, 4, v->by, SIZE_MAX);
	db_bind_text(st, 5, v->unit, SIZE_MAX);
	db_bind_text(st, 6, v->paper, SIZE_MAX);
	db_bind_text(st, 7, v->subject, SIZE_MAX);
	return db_run(st);
}

static const char SQL_CLOSE[] = "UPDATE users SET active = 0, verify_code = NULL WHERE id = $1";

enum mc_err userstore_close(struct db *db, int64_t user_id)
{
	struct db_stmt *st = db_prepare(db, SQL_CLOSE);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, user_id);
	return db_run(st);
}

/* The password hash is not read: a list never needs it. */
static const char SQL_LIST_USERS[] =
	"SELECT u.id, u.username, u.full_name, u.id_number, u.phone, u.email, '', u.active, "
	"u.created_at, u.login, u.identity, u.verified_at, u.verified_via, NULL FROM users u "
	"WHERE ($1 IS NULL OR instr(u.search_key, $1) > 0) "
	"AND ($2 IS NULL OR u.username > $2) "
	"AND (($3 IS NULL AND $4 IS NULL) OR EXISTS (SELECT 1 FROM user_roles r "
	"WHERE r.user_id = u.id AND ($3 IS NULL OR r.role = $3) AND ($4 IS NULL OR r.unit_code = $4))) "
	"AND ($6 < 0 OR u.active = $6) "
	"ORDER BY u.username LIMIT $5";

enum mc_err userstore_list(struct db *db, const struct user_filter *f,
			 void (*fn)(const struct user *u, void *arg), void *arg)
{
	bool row;
	enum mc_err err;
	struct user *u = xmalloc(sizeof(*u));
	struct db_stmt *st = db_prepare(db, SQL_LIST_USERS);
	if (!st) {
		free(u);
		return MC_EDB;
	}
	db_bind_text(st, 1, f->search_key, SIZE_MAX);
	db_bind_text(st, 2, f->after_username, SIZE_MAX);
	db_bind_text(st, 3, f->role, SIZE_MAX);
	db_bind_text(st, 4, f->unit, SIZE_MAX);
	db_bind_int(st, 5, (int64_t)f->limit);
	db_bind_int(st, 6, f->active);
	while (!(err = db_step(st, &row)) && row) {
		user_row(st, u);
		err = load_roles(db, u);
		if (err)
			break;
		fn(u, arg);
	}
	free(u);
	return err;
}

static const char SQL_WITHOUT_KEY[] =
	"SELECT " USER_COLUMNS "FROM users WHERE search_key = '' ORDER BY id LIMIT $1";

enum mc_err userstore_without_key(struct db *db, struct user *out, size_t cap, size_t *n)
{
	bool row;
	enum mc_err err;
	struct db_stmt *st = db_prepare(db, SQL_WITHOUT_KEY);
	*n = 0;
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, (int64_t)cap);
	while (!(err = db_step(st, &row)) && row && *n < cap) {
		user_row(st, &out[*n]);
		out[(*n)++].password_hash[0] = '\0';
	}
	return err;
}

static const char SQL_SESSION_INSERT[] =
	"INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)";

enum mc_err userstore_session_insert(struct db *db, const unsigned char hash[TOKEN_HASH_LEN],
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

/* USER_COLUMNS of u, then the session's expiry and last use, then one role per row (none: one
 * row with NULL role), in the roles' order (load_roles). */
static const char SQL_SESSION_USER[] =
	"SELECT u.id, u.username, u.full_name, u.id_number, u.phone, u.email, u.password_hash, "
	"u.active, u.created_at, u.login, u.identity, u.verified_at, u.verified_via, u.verify_code, "
	"s.expires_at, max(s.created_at, s.last_seen), r.role, r.unit_code FROM sessions s "
	"JOIN users u ON u.id = s.user_id LEFT JOIN user_roles r ON r.user_id = u.id "
	"WHERE s.token_hash = $1 AND s.expires_at > $2 ORDER BY r.rowid";

enum mc_err userstore_session_user(struct db *db, const unsigned char hash[TOKEN_HASH_LEN],
				 int64_t now, struct user *out, int64_t *expires_at,
				 int64_t *last_active)
{
	bool row;
	enum mc_err err;
	struct db_stmt *st = db_prepare_keyed(db, SQL_SESSION_USER);
	if (!st)
		return MC_EDB;
	db_bind_blob(st, 1, hash, TOKEN_HASH_LEN);
	db_bind_int(st, 2, now);
	bool found = false;
	while (!(err = db_step(st, &row)) && row) {
		if (!found) {
			user_row(st, out);
			*expires_at = db_col_int(st, 14);
			*last_active = db_col_int(st, 15);
			found = true;
		}
		role_row(st, 16, out);
	}
	return err ? err : found ? MC_OK : MC_ENOTFOUND;
}

static const char SQL_SESSION_TOUCH[] = "UPDATE sessions SET last_seen = $2 WHERE token_hash = $1";

enum mc_err userstore_session_touch(struct db *db, const unsigned char hash[TOKEN_HASH_LEN],
				  int64_t now)
{
	struct db_stmt *st = db_prepare_keyed(db, SQL_SESSION_TOUCH);
	if (!st)
		return MC_EDB;
	db_bind_blob(st, 1, hash, TOKEN_HASH_LEN);
	db_bind_int(st, 2, now);
	return db_run(st);
}

static const char SQL_SESSION_DELETE[] = "DELETE FROM sessions WHERE token_hash = $1";

enum mc_err userstore_session_delete(struct db *db, const unsigned char hash[TOKEN_HASH_LEN])
{
	struct db_stmt *st = db_prepare(db, SQL_SESSION_DELETE);
	if (!st)
		return MC_EDB;
	db_bind_blob(st, 1, hash, TOKEN_HASH_LEN);
	return db_run(st);
}

static const char SQL_SESSIONS_END[] = "DELETE FROM sessions WHERE user_id = $1";

enum mc_err userstore_sessions_end(struct db *db, int64_t user_id, int64_t *ended)
{
	struct db_stmt *st = db_prepare(db, SQL_SESSIONS_END);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, user_id);
	enum mc_err err = db_run(st);
	*ended = err ? 0 : db_changes(db);
	return err;
}

/* One failed login, unless the username or the address already has its cap of rows in the
 * window: a flood adds no rows once throttled, even from requests that raced past the check. */
static const char SQL_FAILURE_ADD[] =
	"INSERT INTO login_failures (username, addr, at) SELECT $1, $2, $3 "
	"WHERE (SELECT count(*) FROM login_failures WHERE username = $1 AND at > $4) < $5 "
	"AND ($2 IS NULL OR (SELECT count(*) FROM login_failures WHERE addr = $2 AND at > $4) < $6)";
static const char SQL_FAILURES_TRIM[] =
	"DELETE FROM login_failures WHERE (username = $1 OR addr = $2) AND at <= $3";

enum mc_err userstore_failure_add(struct db *db, const struct login_failure *f)
{
	struct db_stmt *st = db_prepare(db, SQL_FAILURES_TRIM);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, f->username, SIZE_MAX);
	db_bind_text(st, 2, f->addr, SIZE_MAX);
	db_bind_int(st, 3, f->since);
	enum mc_err err = db_run(st);
	if (err)
		return err;
	st = db_prepare(db, SQL_FAILURE_ADD);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, f->username, SIZE_MAX);
	db_bind_text(st, 2, f->addr, SIZE_MAX);
	db_bind_int(st, 3, f->at);
	db_bind_int(st, 4, f->since);
	db_bind_int(st, 5, f->user_cap);
	db_bind_int(st, 6, f->addr_cap);
	return db_run(st);
}

static enum mc_err count_since(struct db_stmt *st, int64_t *count, int64_t *oldest)
{
	bool row;
	enum mc_err err = db_step(st, &row);
	if (err)
		return err;
	*count = row ? db_col_int(st, 0) : 0;
	*oldest = row && !db_col_null(st, 1) ? db_col_int(st, 1) : 0;
	return db_run(st);
}

static const char SQL_FAILURES[] =
	"SELECT count(*), min(at) FROM login_failures WHERE username = $1 AND at > $2";

enum mc_err userstore_failures(struct db *db, const char *username, int64_t since, int64_t *count,
			     int64_t *oldest)
{
	struct db_stmt *st = db_prepare(db, SQL_FAILURES);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, username, SIZE_MAX);
	db_bind_int(st, 2, since);
	return count_since(st, count, oldest);
}

static const char SQL_ADDR_FAILURES[] =
	"SELECT count(*), min(at) FROM login_failures WHERE addr = $1 AND at > $2";

enum mc_err userstore_addr_failures(struct db *db, const char *addr, int64_t since, int64_t *count,
				  int64_t *oldest)
{
	struct db_stmt *st = db_prepare(db, SQL_ADDR_FAILURES);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, addr, SIZE_MAX);
	db_bind_int(st, 2, since);
	return count_since(st, count, oldest);
}

static const char SQL_FAILURES_CLEAR[] = "DELETE FROM login_failures WHERE username = $1";

enum mc_err userstore_failures_clear(struct db *db, const char *username)
{
	struct db_stmt *st = db_prepare(db, SQL_FAILURES_CLEAR);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, username, SIZE_MAX);
	return db_run(st);
}
