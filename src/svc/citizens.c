/* Citizens' accounts: registration without exclusive claims, verification at a counter, the
 * verified login of the national identity provider, and the merge of a number's unverified
 * accounts into its verified one (see citizens.h). */
#include "base/base.h"

#include <sodium.h>

#include "base/civil.h"
#include "domain/idnum.h"
#include "domain/text.h"
#include "store/dossier_store.h"
#include "svc/audit.h"
#include "svc/citizens.h"
#include "svc/scope.h"
#include "svc/perm.h"
#include "store/db.h"
#include "store/user_store.h"

/* Letters and digits that cannot be mistaken for one another when read aloud or typed. */
static const char CODE_ALPHABET[] = "ACDEFGHJKLMNPQRTUVWXY34679";

static void random_code(char *out, size_t len)
{
	for (size_t i = 0; i < len; i++)
		out[i] = CODE_ALPHABET[randombytes_uniform(sizeof(CODE_ALPHABET) - 1)];
	out[len] = '\0';
}

bool citizens_verified(const struct user *u)
{
	return u && perm_has_role(u, "citizen") && strcmp(u->identity, "verified") == 0;
}

static void check_id_number(struct svc_ctx *ctx, const char *id)
{
	int y, m, d;
	civil_ymd(civil_local_day(ctx->now), &y, &m, &d);
	enum idnum_problem ip = idnum_check_person(id, strlen(id), y);
	if (ip == IDNUM_FORMAT)
		problem_add(ctx->problem, "id_number", "must be 12 digits",
			    "số định danh cá nhân phải gồm 12 chữ số");
	else if (ip == IDNUM_PROVINCE)
		problem_add(ctx->problem, "id_number", "does not start with a province code",
			    "ba chữ số đầu không phải mã tỉnh, thành phố");
	else if (ip == IDNUM_FUTURE)
		problem_add(ctx->problem, "id_number", "encodes a birth year in the future",
			    "năm sinh trong số định danh ở tương lai");
}

/* A new citizen account of an ID number (not yet inserted): a unique internal username (the
 * number and a random tail, so that it tells nothing about other accounts), login = the number. */
static void new_citizen(struct user *u, const char *id, const char *full_name, const char *identity)
{
	char tail[7];
	memset(u, 0, sizeof(*u));
	random_code(tail, 6);
	for (char *p = tail; *p; p++)
		*p = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
	snprintf(u->username, sizeof(u->username), "%s.%s", id, tail);
	snprintf(u->full_name, sizeof(u->full_name), "%s", full_name);
	snprintf(u->id_number, sizeof(u->id_number), "%s", id);
	snprintf(u->login, sizeof(u->login), "%s", id);
	snprintf(u->identity, sizeof(u->identity), "%s", identity);
	u->nroles = 1;
	snprintf(u->roles[0].role, sizeof(u->roles[0].role), "citizen");
}

static enum mc_err insert_citizen(struct svc_ctx *ctx, struct user *u)
{
	enum mc_err err = auth_insert_account(ctx->db, u, ctx->real_now);
	if (!err)
		err = userstore_add_role(ctx->db, u->id, &u->roles[0]);
	return err;
}

/* Closes an unverified account: no more logins, its sessions ended; with into > 0, the dossiers it
 * submitted pass to that account. In the caller's transaction. */
static enum mc_err close_unverified(struct svc_ctx *ctx, int64_t id, int64_t into, const char *why)
{
	struct user *u = arena_alloc(ctx->arena, sizeof(*u));
	int64_t ended = 0, moved = 0;
	enum mc_err err = userstore_by_id(ctx->db, id, u);
	if (!err)
		err = userstore_close(ctx->db, id);
	if (!err)
		err = userstore_sessions_end(ctx->db, id, &ended);
	if (!err && into > 0)
		err = dstore_move_submitter(ctx->db, id, into, &moved);
	if (!err)
		err = audit_append(ctx, NULL, "close_citizen_account",
				   arena_printf(ctx->arena, "user:%s", u->username),
				   arena_printf(ctx->arena,
						"{\"why\":\"%s\",\"sessions_ended\":%lld,"
						"\"dossiers_moved\":%lld}",
						why, (long long)ended, (long long)moved));
	return err;
}

/* The number's unverified accounts other than keep pass into the verified account `into`. */
static enum mc_err merge_into(struct svc_ctx *ctx, const char *id_number, int64_t into)
{
	int64_t ids[CITIZEN_UNVERIFIED_MAX + 4];
	size_t n = 0;
	enum mc_err err = userstore_unverified_of(ctx->db, id_number, ids, MC_ARRAY_LEN(ids), &n);
	for (size_t i = 0; !err && i < n; i++)
		if (ids[i] != into)
			err = close_unverified(ctx, ids[i], into, "merged");
	return err;
}

/* The new account, in place of the oldest unverified ones of its number when it has too many. */
static enum mc_err register_tx(struct svc_ctx *ctx, void *arg)
{
	struct user *out = arg;
	int64_t ids[CITIZEN_UNVERIFIED_MAX + 4];
	size_t n = 0;
	/* At most CITIZEN_UNVERIFIED_MAX live unverified accounts per number: the oldest go. */
	enum mc_err err = userstore_unverified_of(ctx->db, out->id_number, ids, MC_ARRAY_LEN(ids),
						&n);
	for (size_t i = 0; !err && n >= CITIZEN_UNVERIFIED_MAX && i <= n - CITIZEN_UNVERIFIED_MAX;
	     i++)
		err = close_unverified(ctx, ids[i], 0, "replaced by a newer registration");
	if (!err)
		err = insert_citizen(ctx, out);
	if (!err)
		err = audit_append(ctx, NULL, "register_citizen",
				   arena_printf(ctx->arena, "user:%s", out->username),
				   "{\"identity\":\"unverified\"}");
	return err;
}

enum mc_err citizens_register(struct svc_ctx *ctx, const struct auth_new_user *in, struct user *out)
{
	const char *id = in->id_number ? in->id_number : "";
	check_id_number(ctx, id);
	auth_password_ok(ctx->problem, "password", in->password, NULL, id);
	auth_check_name(ctx->problem, in->full_name);
	auth_check_contact(ctx->problem, in);
	if (ctx->problem->n)
		return MC_EINVAL;
	new_citizen(out, id, in->full_name, "unverified");
	snprintf(out->phone, sizeof(out->phone), "%s", in->phone ? in->phone : "");
	snprintf(out->email, sizeof(out->email), "%s", in->email ? in->email : "");
	random_code(out->verify_code, CITIZEN_CODE_LEN);
	enum mc_err err = auth_hash_password(&ctx->state->cfg, in->password, out->password_hash);
	if (!err)
		err = svc_write(ctx, register_tx, out);
	sodium_memzero(out->password_hash, sizeof(out->password_hash));
	return err;
}

/* A password nobody knows (VNeID accounts log in through the provider): a hash of random bytes,
 * so that a password login against the account costs what any other does. */
static enum mc_err unusable_password(struct svc_ctx *ctx, char out[160])
{
	char secret[33];
	random_code(secret, 32);
	enum mc_err err = auth_hash_password(&ctx->state->cfg, secret, out);
	sodium_memzero(secret, sizeof(secret));
	return err;
}

struct verified_args {
	const char *id_number, *full_name, *via, *subject;
	const char *hash; /* the unusable password of a new account */
	struct user *u;
};

/* Finds or creates the verified account of the number and merges its unverified ones into it. */
static enum mc_err login_verified_tx(struct svc_ctx *ctx, void *arg)
{
	struct verified_args *a = arg;
	struct user *u = a->u;
	enum mc_err err = userstore_verified_of(ctx->db, a->id_number, u);
	bool created = err == MC_ENOTFOUND;
	if (created) {
		new_citizen(u, a->id_number, a->full_name, "unverified");
		memcpy(u->password_hash, a->hash, sizeof(u->password_hash));
		err = insert_citizen(ctx, u);
	}
	struct user_verification v = {.via = a->via, .subject = a->subject, .at = ctx->real_now};
	if (!err && created)
		err = userstore_set_verified(ctx->db, u->id, &v);
	if (!err)
		err = merge_into(ctx, a->id_number, u->id);
	if (!err)
		err = audit_append(ctx, NULL,
				   created ? "create_verified_citizen" : "verified_login",
				   arena_printf(ctx->arena, "user:%s", u->username),
				   arena_printf(ctx->arena, "{\"via\":\"%s\"}", a->via));
	return err;
}

enum mc_err citizens_login_verified(struct svc_ctx *ctx, const char *id_number,
				    const char *full_name, const char *via, const char *subject,
				    struct auth_session *out)
{
	memset(out, 0, sizeof(*out));
	check_id_number(ctx, id_number ? id_number : "");
	auth_check_name(ctx->problem, full_name);
	if (ctx->problem->n)
		return MC_EINVAL;
	struct user *u = &out->user;
	char hash[160];
	enum mc_err err = unusable_password(ctx, hash);
	struct verified_args a = {id_number, full_name, via, subject, hash, u};
	if (!err)
		err = svc_write(ctx, login_verified_tx, &a);
	sodium_memzero(hash, sizeof(hash));
	if (!err)
		err = userstore_by_id(ctx->db, u->id, u);
	if (!err)
		err = auth_open_session(ctx, out);
	sodium_memzero(u->password_hash, sizeof(u->password_hash));
	return err;
}

static const char *const PAPERS[] = {"cccd", "cmnd", "passport", NULL};

struct verify_args {
	const struct citizen_check *in;
	const char *unit; /* the receiving point */
	struct user *out;
};

static enum mc_err verify_tx(struct svc_ctx *ctx, void *arg)
{
	struct verify_args *a = arg;
	const struct citizen_check *in = a->in;
	struct user *out = a->out;
	enum mc_err err = userstore_by_verify_code(ctx->db, in->id_number, in->code, out);
	if (err == MC_ENOTFOUND) {
		problem_add(ctx->problem, "code", "matches no unverified account of this ID number",
			    "mã xác minh không khớp với tài khoản nào của số định danh này");
		err = MC_EINVAL;
	}
	struct user_verification v = {.via = "counter", .by = ctx->user->username, .unit = a->unit,
				      .paper = in->paper, .at = ctx->real_now};
	if (!err)
		err = userstore_set_verified(ctx->db, out->id, &v);
	if (err == MC_ECONFLICT)
		problem_detail(ctx->problem, "this ID number already has a verified account",
			       "số định danh này đã có tài khoản đã xác thực");
	if (!err)
		err = merge_into(ctx, in->id_number, out->id);
	if (!err)
		err = audit_append(ctx, a->unit, "verify_citizen",
				   arena_printf(ctx->arena, "user:%s", out->username),
				   arena_printf(ctx->arena,
						"{\"via\":\"counter\",\"paper\":\"%s\"}",
						in->paper));
	return err;
}

enum mc_err citizens_verify(struct svc_ctx *ctx, const struct citizen_check *in, struct user *out)
{
	char unit[UNIT_CODE_MAX];
	if (!ctx->user)
		return MC_EAUTH;
	if (!perm_has_role(ctx->user, "receiver"))
		return MC_EFORBIDDEN;
	check_id_number(ctx, in->id_number ? in->id_number : "");
	bool paper_ok = false;
	for (size_t i = 0; in->paper && PAPERS[i]; i++)
		paper_ok = paper_ok || !strcmp(in->paper, PAPERS[i]);
	if (!paper_ok)
		problem_add(ctx->problem, "paper", "must be cccd, cmnd or passport",
			    "giấy tờ phải là cccd, cmnd hoặc passport");
	if (!in->code || strlen(in->code) != CITIZEN_CODE_LEN)
		problem_add(ctx->problem, "code", "must be the 8-character code the holder shows",
			    "phải là mã xác minh 8 ký tự của người dân");
	if (ctx->problem->n)
		return MC_EINVAL;
	enum mc_err err = scope_receiving_point(ctx, in->unit, unit);
	if (err)
		return err;
	struct verify_args a = {in, unit, out};
	err = svc_write(ctx, verify_tx, &a);
	if (!err)
		err = userstore_by_id(ctx->db, out->id, out);
	sodium_memzero(out->password_hash, sizeof(out->password_hash));
	return err;
}
