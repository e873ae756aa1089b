/* Administrators' management of accounts. The search key of an account is its full name and its
 * username folded without diacritics, case, spaces or punctuation (auth_user_key), so that
 * "hoan kiem" finds "tiepnhan.hoankiem" and "Hoàng Văn Bình" is found by "hoang van". Creating
 * accounts stays in svc/auth.c; this module never sees a password hash it does not write. */
#include "base/base.h"

#include <jansson.h>
#include <sodium.h>

#include "domain/text.h"
#include "store/unit_store.h"
#include "svc/audit.h"
#include "svc/auth.h"
#include "svc/perm.h"
#include "svc/users.h"
#include "store/db.h"
#include "store/user_store.h"

struct list_pass {
	void (*fn)(const struct user *u, void *arg);
	void *arg;
	size_t left;
	bool more;
};

/* Passes at most `left` accounts on; one more row than asked tells that another page follows. */
static void list_one(const struct user *u, void *arg)
{
	struct list_pass *p = arg;
	if (p->left == 0) {
		p->more = true;
		return;
	}
	p->left--;
	p->fn(u, p->arg);
}

static enum mc_err check_query(struct svc_ctx *ctx, const struct users_query *q, char **key)
{
	struct unit u;
	if (q->role && !perm_role_valid(q->role))
		problem_add(ctx->problem, "role",
			    "must be admin, center_manager, unit_manager, receiver, processor, approver "
			    "or citizen",
			    "vai trò không hợp lệ");
	if (q->unit) {
		enum mc_err err = unitstore_get(ctx->db, q->unit, ctx->now, &u);
		if (err == MC_ENOTFOUND)
			problem_add(ctx->problem, "unit", "is not a known unit code",
				    "mã đơn vị không tồn tại");
		else if (err)
			return err;
	}
	if (q->q && text_compact_key(q->q, strlen(q->q), key) != MC_OK)
		problem_add(ctx->problem, "q", "is not valid text", "chuỗi tìm kiếm không hợp lệ");
	return ctx->problem->n ? MC_EINVAL : MC_OK;
}

enum mc_err users_list(struct svc_ctx *ctx, const struct users_query *q,
		       void (*fn)(const struct user *u, void *arg), void *arg, bool *more)
{
	char *key = NULL;
	*more = false;
	enum mc_err err = perm_admin(ctx);
	if (!err)
		err = check_query(ctx, q, &key);
	if (err) {
		free(key);
		return err;
	}
	struct user_filter f = {
		.search_key = key && *key ? key : NULL,
		.role = q->role,
		.unit = q->unit,
		.active = q->active,
		.after_username = q->after,
		.limit = q->limit + 1,
	};
	struct list_pass pass = {fn, arg, q->limit, false};
	err = userstore_list(ctx->db, &f, list_one, &pass);
	free(key);
	*more = pass.more;
	return err;
}

enum mc_err users_get(struct svc_ctx *ctx, const char *username, struct user *out)
{
	enum mc_err err = perm_admin(ctx);
	if (!err)
		err = userstore_by_name(ctx->db, username, out);
	sodium_memzero(out->password_hash, sizeof(out->password_hash));
	return err;
}

static bool has_binding(const struct user_role *roles, size_t n, const struct user_role *r)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(roles[i].role, r->role) && !strcmp(roles[i].unit, r->unit))
			return true;
	return false;
}

static bool same_roles(const struct user *u, const struct users_change *in)
{
	if (u->nroles != in->nroles)
		return false;
	for (size_t i = 0; i < in->nroles; i++)
		if (!has_binding(u->roles, u->nroles, &in->roles[i]))
			return false;
	return true;
}

static bool keeps_admin(const struct users_change *in)
{
	for (size_t i = 0; i < in->nroles; i++)
		if (!strcmp(in->roles[i].role, "admin"))
			return true;
	return false;
}

/* The checks that need no write: field errors (422), then the caller's own account (409). */
static enum mc_err check_change(struct svc_ctx *ctx, const struct user *cur,
				const struct users_change *in)
{
	if (in->full_name)
		auth_check_name(ctx->problem, in->full_name);
	if (in->password)
		auth_password_ok(ctx->problem, "password", in->password, cur->username,
				 cur->id_number[0] ? cur->id_number : NULL);
	if (in->set_roles && perm_has_role(cur, "citizen")) {
		problem_add(ctx->problem, "roles", "a citizen's account takes no staff roles",
			    "tài khoản công dân không được gán vai trò cán bộ");
	} else if (in->set_roles) {
		enum mc_err err = auth_check_roles(ctx, in->roles, in->nroles);
		if (err)
			return err;
	}
	if (ctx->problem->n)
		return MC_EINVAL;
	bool self = ctx->user && ctx->user->id == cur->id;
	if (self && in->set_active && !in->active) {
		problem_detail(ctx->problem, "you cannot deactivate your own account",
			       "Bạn không thể tự khóa tài khoản của chính mình.");
		return MC_ECONFLICT;
	}
	if (self && in->set_roles && !keeps_admin(in)) {
		problem_detail(ctx->problem, "you cannot remove your own admin role",
			       "Bạn không thể tự bỏ vai trò quản trị hệ thống của chính mình.");
		return MC_ECONFLICT;
	}
	return MC_OK;
}

static json_t *roles_json(const struct user_role *roles, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_pack("{s:s, s:s?}", "role", roles[i].role, "unit",
						   roles[i].unit[0] ? roles[i].unit : NULL));
	return a;
}

/* Appends an audit event on the account; takes detail. */
static enum mc_err audit_user(struct svc_ctx *ctx, const struct user *u, const char *action,
			      json_t *detail)
{
	char *text = json_dumps(detail, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(detail);
	enum mc_err err = audit_append(ctx, NULL, action,
				       arena_printf(ctx->arena, "user:%s", u->username), text);
	free(text);
	return err;
}

static enum mc_err write_roles(struct svc_ctx *ctx, const struct user *cur,
			       const struct users_change *in)
{
	enum mc_err err = userstore_clear_roles(ctx->db, cur->id);
	for (size_t i = 0; !err && i < in->nroles; i++)
		err = userstore_add_role(ctx->db, cur->id, &in->roles[i]);
	if (!err)
		err = audit_user(ctx, cur, "set_roles",
				 json_pack("{s:o, s:o}", "from", roles_json(cur->roles, cur->nroles),
					   "to", roles_json(in->roles, in->nroles)));
	return err;
}

static enum mc_err write_name_active(struct svc_ctx *ctx, const struct user *cur,
				     const struct users_change *in)
{
	const char *name = in->full_name ? in->full_name : cur->full_name;
	bool active = in->set_active ? in->active : cur->active;
	bool renamed = strcmp(name, cur->full_name) != 0;
	char *key = NULL;
	int64_t ended = 0;
	if (!renamed && active == cur->active)
		return MC_OK;
	enum mc_err err = auth_user_key(cur->username, name, &key);
	if (!err)
		err = userstore_update(ctx->db, cur->id, name, key, active);
	free(key);
	if (!err && renamed)
		err = audit_user(ctx, cur, "update_user",
				 json_pack("{s:{s:s, s:s}}", "full_name", "from", cur->full_name, "to",
					   name));
	if (!err && !active && cur->active)
		err = userstore_sessions_end(ctx->db, cur->id, &ended);
	if (!err && active != cur->active)
		err = audit_user(ctx, cur, active ? "reactivate_user" : "deactivate_user",
				 active ? json_object()
					: json_pack("{s:I}", "sessions_ended", (json_int_t)ended));
	return err;
}

/* A new password ends the account's sessions, except when administrators change their own (the
 * session doing it stays usable). */
static enum mc_err write_password(struct svc_ctx *ctx, const struct user *cur, const char *hash)
{
	int64_t ended = 0;
	bool self = ctx->user && ctx->user->id == cur->id;
	enum mc_err err = userstore_set_password(ctx->db, cur->id, hash);
	if (!err && !self)
		err = userstore_sessions_end(ctx->db, cur->id, &ended);
	if (!err)
		err = audit_user(ctx, cur, "reset_password",
				 json_pack("{s:I}", "sessions_ended", (json_int_t)ended));
	return err;
}

struct update_args {
	const char *username;
	const struct users_change *in;
	const char *hash; /* of the new password, when in->password */
	struct user *cur;
};

static enum mc_err update_tx(struct svc_ctx *ctx, void *arg)
{
	struct update_args *a = arg;
	/* Read again under the write lock: the events record what really changed. */
	enum mc_err err = userstore_by_name(ctx->db, a->username, a->cur);
	if (!err && a->in->set_roles && !same_roles(a->cur, a->in))
		err = write_roles(ctx, a->cur, a->in);
	if (!err)
		err = write_name_active(ctx, a->cur, a->in);
	if (!err && a->in->password)
		err = write_password(ctx, a->cur, a->hash);
	return err;
}

enum mc_err users_update(struct svc_ctx *ctx, const char *username, const struct users_change *in,
			 struct user *out)
{
	char hash[160] = "";
	struct user *cur = arena_alloc(ctx->arena, sizeof(*cur));
	enum mc_err err = perm_admin(ctx);
	if (!err)
		err = userstore_by_name(ctx->db, username, cur);
	if (!err)
		err = check_change(ctx, cur, in);
	if (!err && in->password) /* slow: before the write lock is taken */
		err = auth_hash_password(&ctx->state->cfg, in->password, hash);
	struct update_args a = {username, in, hash, cur};
	if (!err)
		err = svc_write(ctx, update_tx, &a);
	sodium_memzero(hash, sizeof(hash));
	sodium_memzero(cur->password_hash, sizeof(cur->password_hash));
	if (!err)
		err = users_get(ctx, username, out);
	return err;
}

#define FILL_BATCH 64

struct fill_batch {
	struct user *v; /* FILL_BATCH of them */
	size_t n;
};

static enum mc_err fill_tx(struct svc_ctx *ctx, void *arg)
{
	struct fill_batch *b = arg;
	enum mc_err err = userstore_without_key(ctx->db, b->v, FILL_BATCH, &b->n);
	for (size_t i = 0; !err && i < b->n; i++) {
		char *key = NULL;
		/* The key is never empty (it holds a space), so each account is done once. */
		if (auth_user_key(b->v[i].username, b->v[i].full_name, &key) != MC_OK)
			key = xstrdup(" ");
		err = userstore_set_key(ctx->db, b->v[i].id, key);
		free(key);
	}
	return err;
}

enum mc_err users_fill_search_keys(struct svc_ctx *ctx, size_t *filled)
{
	struct fill_batch b = {xcalloc(FILL_BATCH, sizeof(*b.v)), FILL_BATCH};
	enum mc_err err = MC_OK;
	*filled = 0;
	while (!err && b.n == FILL_BATCH) {
		err = svc_write(ctx, fill_tx, &b);
		if (!err)
			*filled += b.n;
	}
	free(b.v);
	return err;
}
