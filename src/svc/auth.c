/* Login, sessions and account creation. Tokens: 32 bytes from the OS's random generator, shown to
 * the client once, stored as BLAKE2b-256. Throttling counts failures per username and per client
 * address in the database so that it holds across server instances. */
#include "base/base.h"

#include <sodium.h>

#include "base/civil.h"
#include "domain/idnum.h"
#include "domain/password.h"
#include "domain/text.h"
#include "store/unit_store.h"
#include "svc/audit.h"
#include "svc/auth.h"
#include "svc/perm.h"
#include "svc/session_cache.h"
#include "store/db.h"
#include "store/user_store.h"

#define CITY_PC_KIND "city_pc"
#define CENTER_KIND "center"

enum mc_err auth_hash_password(const struct svc_config *cfg, const char *password, char out[160])
{
	if (crypto_pwhash_str(out, password, strlen(password), cfg->pwhash_ops, cfg->pwhash_mem) != 0)
		return MC_EINTERNAL;
	return MC_OK;
}

static void token_hash(const char *token, size_t len, unsigned char out[TOKEN_HASH_LEN])
{
	crypto_generichash(out, TOKEN_HASH_LEN, (const unsigned char *)token, len, NULL, 0);
}

/* MC_ETOOMANY when count failures since the window began reach max; retry_after from the oldest. */
static enum mc_err over_limit(struct svc_ctx *ctx, int64_t count, int64_t oldest, int64_t max)
{
	if (count < max)
		return MC_OK;
	ctx->retry_after = oldest + ctx->state->cfg.login_window - ctx->real_now;
	if (ctx->retry_after < 1)
		ctx->retry_after = 1;
	return MC_ETOOMANY;
}

/* Both limits are read for every login, whatever the username, so that neither the answer nor
 * its time depends on whether an account exists. */
static enum mc_err throttled(struct svc_ctx *ctx, const char *username)
{
	int64_t count = 0, oldest = 0, acount = 0, aoldest = 0;
	const struct svc_config *cfg = &ctx->state->cfg;
	int64_t since = ctx->real_now - cfg->login_window;
	enum mc_err err = userstore_failures(ctx->db, username, since, &count, &oldest);
	if (!err && ctx->client_addr)
		err = userstore_addr_failures(ctx->db, ctx->client_addr, since, &acount, &aoldest);
	if (!err)
		err = over_limit(ctx, acount, aoldest, cfg->login_ip_max);
	if (!err)
		err = over_limit(ctx, count, oldest, cfg->login_max_failures);
	return err;
}

static enum mc_err failure_tx(struct svc_ctx *ctx, void *arg)
{
	return userstore_failure_add(ctx->db, arg);
}

static enum mc_err record_failure(struct svc_ctx *ctx, const char *username)
{
	const struct svc_config *cfg = &ctx->state->cfg;
	struct login_failure lf = {
		.username = username,
		.addr = ctx->client_addr,
		.at = ctx->real_now,
		.since = ctx->real_now - cfg->login_window,
		.user_cap = cfg->login_max_failures,
		.addr_cap = cfg->login_ip_max,
	};
	enum mc_err err = svc_write(ctx, failure_tx, &lf);
	return err ? err : MC_EAUTH;
}

struct session_args {
	const struct auth_session *session;
	const unsigned char *hash; /* of its token */
};

static enum mc_err open_session_tx(struct svc_ctx *ctx, void *arg)
{
	struct session_args *a = arg;
	const struct user *u = &a->session->user;
	enum mc_err err = userstore_failures_clear(ctx->db, u->login[0] ? u->login : u->username);
	if (!err)
		err = userstore_session_insert(ctx->db, a->hash, u->id, ctx->real_now,
					     a->session->expires_at);
	if (!err)
		err = audit_append_as(ctx->db, ctx->real_now, u->username, NULL, "login", "user",
				      "{}");
	return err;
}

enum mc_err auth_open_session(struct svc_ctx *ctx, struct auth_session *out)
{
	unsigned char raw[32], hash[TOKEN_HASH_LEN];
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(out->token, sizeof(out->token), raw, sizeof(raw),
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof(raw));
	token_hash(out->token, strlen(out->token), hash);
	out->expires_at = ctx->real_now + ctx->state->cfg.token_ttl;
	struct session_args a = {out, hash};
	return svc_write(ctx, open_session_tx, &a);
}

/* Logins that look like an ID number may belong to several citizen accounts (one verified, up to
 * CITIZEN_UNVERIFIED_MAX unverified ones): the password is checked against each, and always against
 * AUTH_LOGIN_CANDIDATES hashes (padded with the dummy hash), so that neither the answer nor its time
 * tells how many accounts an ID number has. */
enum mc_err auth_login(struct svc_ctx *ctx, const char *username, const char *password,
		       struct auth_session *out)
{
	memset(out, 0, sizeof(*out));
	enum mc_err err = throttled(ctx, username);
	if (err)
		return err;
	size_t n = 0;
	struct user *cands = xcalloc(AUTH_LOGIN_CANDIDATES, sizeof(*cands));
	err = userstore_login_candidates(ctx->db, username, cands, AUTH_LOGIN_CANDIDATES, &n);
	if (err) {
		free(cands);
		return err;
	}
	bool id_shaped = strlen(username) == 12 && strspn(username, "0123456789") == 12;
	size_t rounds = id_shaped ? AUTH_LOGIN_CANDIDATES : 1;
	size_t match = SIZE_MAX;
	for (size_t i = 0; i < rounds; i++) {
		const char *hash = i < n ? cands[i].password_hash : ctx->state->dummy_hash;
		bool ok = crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
		if (ok && i < n && match == SIZE_MAX)
			match = i;
	}
	if (match != SIZE_MAX)
		out->user = cands[match];
	for (size_t i = 0; i < n; i++)
		sodium_memzero(cands[i].password_hash, sizeof(cands[i].password_hash));
	free(cands);
	if (match == SIZE_MAX)
		return record_failure(ctx, username);
	err = auth_open_session(ctx, out);
	sodium_memzero(out->user.password_hash, sizeof(out->user.password_hash));
	return err;
}

struct session_change {
	const unsigned char *hash; /* of the session's token */
	bool end;
};

static enum mc_err session_write_tx(struct svc_ctx *ctx, void *arg)
{
	struct session_change *c = arg;
	return c->end ? userstore_session_delete(ctx->db, c->hash)
		      : userstore_session_touch(ctx->db, c->hash, ctx->real_now);
}

/* A write of the session row (its end, or its last use). */
static enum mc_err session_write(struct svc_ctx *ctx, const unsigned char hash[TOKEN_HASH_LEN],
				 bool end)
{
	struct session_change c = {hash, end};
	return svc_write(ctx, session_write_tx, &c);
}

/* A staff session (counter PCs are shared) ends after staff_idle seconds unused; its last use is
 * written at most every staff_idle / 10 seconds (1 to 60), so most requests write nothing.
 * Citizens keep the token's lifetime. */
static enum mc_err staff_idle_check(struct svc_ctx *ctx, const struct user *u,
				    const unsigned char hash[TOKEN_HASH_LEN], int64_t last_active)
{
	int64_t idle = ctx->state->cfg.staff_idle;
	if (idle <= 0 || perm_has_role(u, "citizen"))
		return MC_OK;
	int64_t unused = ctx->real_now - last_active;
	if (unused >= idle) {
		enum mc_err err = session_write(ctx, hash, true);
		return err ? err : MC_EAUTH;
	}
	int64_t every = idle / 10 < 1 ? 1 : idle / 10 > 60 ? 60 : idle / 10;
	return unused >= every ? session_write(ctx, hash, false) : MC_OK;
}

enum mc_err auth_resolve(struct svc_ctx *ctx, const char *token, size_t len, struct user *out,
			 int64_t *expires_at)
{
	unsigned char hash[TOKEN_HASH_LEN];
	int64_t last_active;
	if (len == 0 || len > 256)
		return MC_EAUTH;
	token_hash(token, len, hash);
	/* The session cache (svc/session_cache.h), with the epoch taken before the read: only
	 * outside a transaction, whose snapshot could be older than the epoch. */
	struct session_cache *cache = db_in_tx(ctx->db) ? NULL : ctx->state->sessions;
	uint64_t epoch = cache ? db_auth_epoch(ctx->db) : 0;
	enum mc_err err = MC_OK;
	if (!session_cache_get(cache, hash, epoch, ctx->real_now, out, expires_at, &last_active)) {
		err = userstore_session_user(ctx->db, hash, ctx->real_now, out, expires_at,
					     &last_active);
		sodium_memzero(out->password_hash, sizeof(out->password_hash));
		if (!err)
			session_cache_put(cache, hash, epoch, out, *expires_at, last_active);
	}
	if (err == MC_ENOTFOUND || (!err && !out->active))
		return MC_EAUTH;
	if (!err)
		err = staff_idle_check(ctx, out, hash, last_active);
	return err;
}

void auth_csrf(const char *token, size_t len, char out[32])
{
	unsigned char mac[16];
	crypto_generichash(mac, sizeof(mac), (const unsigned char *)"motcua-csrf-v1", 14,
			   (const unsigned char *)token, len > 64 ? 64 : len);
	sodium_bin2base64(out, 32, mac, sizeof(mac), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

static enum mc_err logout_tx(struct svc_ctx *ctx, void *arg)
{
	enum mc_err err = userstore_session_delete(ctx->db, arg);
	if (!err)
		err = audit_append(ctx, NULL, "logout", "user", "{}");
	return err;
}

enum mc_err auth_logout(struct svc_ctx *ctx, const char *token, size_t len)
{
	unsigned char hash[TOKEN_HASH_LEN];
	token_hash(token, len, hash);
	return svc_write(ctx, logout_tx, hash);
}

const char *auth_password_rule(const char *password, const char *username, const char *id_number,
			       const char **message_vi)
{
	const char *const personal[] = {username, id_number};
	switch (password_judge(password, personal, MC_ARRAY_LEN(personal))) {
	case PW_OK:
		return NULL;
	case PW_LENGTH:
		*message_vi = "mật khẩu phải có từ 10 đến 128 ký tự";
		return "must have 10 to 128 characters";
	case PW_PERSONAL:
		*message_vi = "mật khẩu không được chứa tên đăng nhập hoặc số định danh";
		return "must not contain the username or the ID number";
	case PW_COMMON:
		*message_vi = "mật khẩu này quá phổ biến, dễ bị đoán; hãy chọn mật khẩu khác";
		return "is one of the most common passwords; choose another";
	case PW_REPETITIVE:
		*message_vi = "mật khẩu quá đơn giản (lặp lại ký tự hoặc dãy liên tiếp như 1234567890)";
		return "is too simple: repeated characters or a run such as 1234567890";
	}
	*message_vi = "mật khẩu không hợp lệ";
	return "is not allowed";
}

bool auth_password_ok(struct problem *p, const char *field, const char *password,
		      const char *username, const char *id_number)
{
	const char *vi = NULL;
	const char *en = auth_password_rule(password, username, id_number, &vi);
	if (en)
		problem_add(p, field, en, vi);
	return en == NULL;
}

static bool username_ok(const char *s)
{
	size_t n = strlen(s);
	if (n < 3 || n > 64)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
			  (i > 0 && (c == '.' || c == '_' || c == '-'));
		if (!ok)
			return false;
	}
	return true;
}

void auth_check_contact(struct problem *p, const struct auth_new_user *in)
{
	if (in->phone && *in->phone && !text_phone_ok(in->phone))
		problem_add(p, "phone", "is not a phone number", "số điện thoại không hợp lệ");
	if (in->email && *in->email && !text_email_ok(in->email))
		problem_add(p, "email", "is not an e-mail address", "địa chỉ thư điện tử không hợp lệ");
}

void auth_check_name(struct problem *p, const char *full_name)
{
	size_t n = full_name ? text_length(full_name, strlen(full_name)) : 0;
	if (full_name && !text_allowed(full_name, strlen(full_name), TEXT_LINE))
		problem_add(p, "full_name",
			    "must be one line without control or bidirectional formatting characters",
			    "họ và tên không được chứa ký tự điều khiển hay ký tự định hướng văn bản");
	else if (n == 0 || n > 200)
		problem_add(p, "full_name", "must have 1 to 200 characters",
			    "họ và tên phải có từ 1 đến 200 ký tự");
}

/* Checks one staff role binding against the unit it binds to. */
static enum mc_err check_role(struct svc_ctx *ctx, size_t i, const struct user_role *r)
{
	struct unit u;
	char *field = arena_printf(ctx->arena, "roles[%zu].unit", i);
	if (!perm_role_valid(r->role) || strcmp(r->role, "citizen") == 0) {
		problem_add(ctx->problem, arena_printf(ctx->arena, "roles[%zu].role", i),
			    "must be a staff role: admin, center_manager, unit_manager, receiver, "
			    "processor or approver",
			    "vai trò không hợp lệ");
		return MC_OK;
	}
	enum mc_err err = unitstore_get(ctx->db, r->unit, ctx->now, &u);
	if (err == MC_ENOTFOUND) {
		problem_add(ctx->problem, field, "is not a known unit code", "mã đơn vị không tồn tại");
		return MC_OK;
	}
	if (err)
		return err;
	if (strcmp(r->role, "admin") == 0 && strcmp(u.kind, CITY_PC_KIND) != 0)
		problem_add(ctx->problem, field, "the admin role binds to the city PC",
			    "vai trò quản trị phải gắn với UBND thành phố");
	if (strcmp(r->role, "center_manager") == 0 && strcmp(u.kind, CENTER_KIND) != 0)
		problem_add(ctx->problem, field, "the center_manager role binds to the Center",
			    "vai trò quản lý Trung tâm phải gắn với Trung tâm PVHCC");
	return MC_OK;
}

enum mc_err auth_check_roles(struct svc_ctx *ctx, const struct user_role *roles, size_t n)
{
	if (n == 0)
		problem_add(ctx->problem, "roles", "must hold at least one role",
			    "phải có ít nhất một vai trò");
	for (size_t i = 0; i < n; i++) {
		enum mc_err err = check_role(ctx, i, &roles[i]);
		if (err)
			return err;
		for (size_t j = 0; j < i; j++)
			if (!strcmp(roles[i].role, roles[j].role) && !strcmp(roles[i].unit, roles[j].unit)) {
				problem_add(ctx->problem, arena_printf(ctx->arena, "roles[%zu]", i),
					    "repeats an earlier role at the same unit",
					    "vai trò này tại đơn vị này đã có ở trên");
				break;
			}
	}
	return MC_OK;
}

enum mc_err auth_user_key(const char *username, const char *full_name, char **out)
{
	char *name = NULL, *login = NULL;
	enum mc_err err = text_compact_key(full_name, strlen(full_name), &name);
	if (!err)
		err = text_compact_key(username, strlen(username), &login);
	if (!err) {
		size_t a = strlen(name), b = strlen(login);
		*out = xmalloc(a + b + 2);
		memcpy(*out, name, a);
		(*out)[a] = ' ';
		memcpy(*out + a + 1, login, b + 1);
	}
	free(name);
	free(login);
	return err;
}

enum mc_err auth_insert_account(struct db *db, struct user *u, int64_t now)
{
	char *key = NULL;
	enum mc_err err = auth_user_key(u->username, u->full_name, &key);
	if (!err)
		err = userstore_insert(db, u, key, now);
	free(key);
	return err;
}

struct insert_args {
	const struct auth_new_user *in;
	struct user *out;
	const char *action; /* of the audit event */
};

static enum mc_err insert_user_tx(struct svc_ctx *ctx, void *arg)
{
	struct insert_args *a = arg;
	struct user *out = a->out;
	enum mc_err err = auth_insert_account(ctx->db, out, ctx->real_now);
	for (size_t i = 0; !err && i < a->in->nroles; i++) {
		err = userstore_add_role(ctx->db, out->id, &a->in->roles[i]);
		out->roles[out->nroles++] = a->in->roles[i];
	}
	if (!err) {
		char *detail = arena_printf(ctx->arena, "{\"username\":\"%s\",\"roles\":%zu}",
					    out->username, out->nroles);
		err = audit_append(ctx, NULL, a->action,
				   arena_printf(ctx->arena, "user:%s", out->username), detail);
	}
	return err;
}

static enum mc_err insert_user(struct svc_ctx *ctx, const struct auth_new_user *in,
			       struct user *out, const char *action)
{
	memset(out, 0, sizeof(*out));
	snprintf(out->username, sizeof(out->username), "%s", in->username);
	snprintf(out->full_name, sizeof(out->full_name), "%s", in->full_name);
	snprintf(out->id_number, sizeof(out->id_number), "%s", in->id_number ? in->id_number : "");
	snprintf(out->phone, sizeof(out->phone), "%s", in->phone ? in->phone : "");
	snprintf(out->email, sizeof(out->email), "%s", in->email ? in->email : "");
	enum mc_err err = auth_hash_password(&ctx->state->cfg, in->password, out->password_hash);
	if (err)
		return err;
	struct insert_args a = {in, out, action};
	err = svc_write(ctx, insert_user_tx, &a);
	sodium_memzero(out->password_hash, sizeof(out->password_hash));
	if (err == MC_ECONFLICT)
		problem_add(ctx->problem, "username", "is already taken", "tên đăng nhập đã được dùng");
	return err;
}

enum mc_err auth_create_user(struct svc_ctx *ctx, const struct auth_new_user *in, struct user *out)
{
	enum mc_err err = perm_admin(ctx);
	if (err)
		return err;
	if (!username_ok(in->username))
		problem_add(ctx->problem, "username",
			    "must have 3 to 64 characters: a-z, 0-9, and . _ - after the first",
			    "tên đăng nhập phải có 3 đến 64 ký tự a-z, 0-9, . _ -");
	auth_password_ok(ctx->problem, "password", in->password, in->username, NULL);
	auth_check_name(ctx->problem, in->full_name);
	auth_check_contact(ctx->problem, in);
	err = auth_check_roles(ctx, in->roles, in->nroles);
	if (err)
		return err;
	if (ctx->problem->n)
		return MC_EINVAL;
	return insert_user(ctx, in, out, "create_user");
}
