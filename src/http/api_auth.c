/* Accounts over HTTP: login, logout, the current user and citizen self-registration (the
 * administrators' account management is api_users.c). Password hashing routes run on the slow
 * pool (R_SLOW). */
#include "base/base.h"

#include "base/civil.h"
#include "http/decode.h"
#include "http/http.h"
#include "svc/auth.h"
#include "svc/citizens.h"

/* Edge limits, in characters. A login takes longer names and passwords than an account is made
 * with (older accounts, pasted text), bounded all the same; a check's code and paper are words. */
#define LOGIN_NAME_CHARS 128
#define LOGIN_PASSWORD_CHARS 1024
#define CHECK_WORD_CHARS 16

json_t *user_json(const struct user *u)
{
	json_t *roles = json_array();
	for (size_t i = 0; i < u->nroles; i++)
		json_array_append_new(roles, json_pack("{s:s, s:s?}", "role", u->roles[i].role, "unit",
						       u->roles[i].unit[0] ? u->roles[i].unit : NULL));
	json_t *o = json_pack("{s:s, s:s, s:s?, s:o}", "username", u->username, "full_name",
			      u->full_name, "id_number", u->id_number[0] ? u->id_number : NULL,
			      "roles", roles);
	if (u->identity[0]) { /* citizens: how well the holder was identified */
		json_object_set_new(o, "login", json_string(u->login[0] ? u->login : u->username));
		json_object_set_new(o, "identity", json_string(u->identity));
		json_object_set_new(o, "verified_via",
				    u->verified_via[0] ? json_string(u->verified_via) : json_null());
	}
	return o;
}

/* The account as its holder sees it: with the code an unverified holder shows at a counter. */
static json_t *own_user_json(const struct user *u)
{
	json_t *o = user_json(u);
	if (u->identity[0] && !citizens_verified(u) && u->verify_code[0])
		json_object_set_new(o, "verification_code", json_string(u->verify_code));
	return o;
}

void session_cookie(struct req *r, const struct auth_session *s)
{
	r->set_cookie = arena_printf(
		&r->arena, "motcua_session=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%lld%s",
		s->token, (long long)(s->expires_at - r->ctx.real_now),
		server_secure_cookies(r->srv) ? "; Secure" : "");
}

bool decode_login_or_reply(struct req *r, struct login_in *in)
{
	static const char *const fields[] = {"username", "password", NULL};
	json_t *body;
	if (json_body_or_reply(r, &body))
		return true;
	jin_only(r, body, "", fields);
	jin_str(r, body, "", "username", true, LOGIN_NAME_CHARS, &in->username);
	/* Lenient: a password set before the one-line rule still logs in. */
	jin_text(r, body, "", "password", true, LOGIN_PASSWORD_CHARS, &in->password);
	json_decref(body);
	return problems_or_reply(r);
}

static void post_login(struct req *r)
{
	struct login_in in;
	if (decode_login_or_reply(r, &in))
		return;
	struct auth_session *s = arena_alloc(&r->arena, sizeof(*s));
	enum mc_err err = auth_login(&r->ctx, in.username, in.password, s);
	if (err == MC_EAUTH) {
		resp_problem(r, 401, "wrong username or password", "sai tên đăng nhập hoặc mật khẩu");
		return;
	}
	if (err == MC_ETOOMANY) {
		r->retry_after = r->ctx.retry_after;
		resp_problem(r, 429, "too many failed logins for this username or from this address; try "
				     "again later",
			     "đăng nhập sai quá nhiều lần, vui lòng thử lại sau");
		return;
	}
	if (err) {
		resp_err(r, err);
		return;
	}
	char exp[32];
	civil_format_time(s->expires_at, exp);
	json_t *o = json_pack("{s:s, s:s, s:o}", "token", s->token, "expires_at", exp, "user",
			      own_user_json(&s->user));
	if (r->h_session && !strcmp(r->h_session, "cookie")) {
		char csrf[32];
		auth_csrf(s->token, strlen(s->token), csrf);
		json_object_set_new(o, "csrf_token", json_string(csrf));
		json_object_del(o, "token"); /* scripts never see a cookie session's token */
		session_cookie(r, s);
	}
	resp_json(r, 200, o);
}

static void post_logout(struct req *r)
{
	enum mc_err err = auth_logout(&r->ctx, r->token, r->token_len);
	if (err) {
		resp_err(r, err);
		return;
	}
	if (r->via_cookie)
		r->set_cookie = server_secure_cookies(r->srv)
					? "motcua_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0; Secure"
					: "motcua_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0";
	resp_empty(r, 204);
}

static void get_me(struct req *r)
{
	json_t *o = own_user_json(&r->user);
	if (r->via_cookie) {
		char csrf[32];
		auth_csrf(r->token, r->token_len, csrf);
		json_object_set_new(o, "csrf_token", json_string(csrf));
	}
	resp_json(r, 200, o);
}

bool decode_register_or_reply(struct req *r, struct auth_new_user *in)
{
	static const char *const fields[] = {"id_number", "full_name", "phone", "email", "password",
					     NULL};
	json_t *body;
	if (json_body_or_reply(r, &body))
		return true;
	jin_only(r, body, "", fields);
	jin_str(r, body, "", "id_number", true, USER_ID_NUMBER_CHARS, &in->id_number);
	jin_str(r, body, "", "full_name", true, USER_FULLNAME_CHARS, &in->full_name);
	jin_str(r, body, "", "password", true, USER_PASSWORD_CHARS, &in->password);
	jin_str(r, body, "", "phone", false, USER_PHONE_CHARS, &in->phone);
	jin_str(r, body, "", "email", false, USER_EMAIL_CHARS, &in->email);
	json_decref(body);
	return problems_or_reply(r);
}

static void post_register(struct req *r)
{
	struct auth_new_user in;
	memset(&in, 0, sizeof(in));
	if (decode_register_or_reply(r, &in))
		return;
	struct user *u = arena_alloc(&r->arena, sizeof(*u));
	enum mc_err err = citizens_register(&r->ctx, &in, u);
	if (err) {
		resp_err(r, err);
		return;
	}
	resp_json(r, 201, own_user_json(u));
}

/* A receiver checked the holder's ID card: POST /citizens/{id_number}/verify
 * {"code", "paper", "unit"}. */
bool decode_citizen_check_or_reply(struct req *r, struct citizen_check *in)
{
	static const char *const fields[] = {"code", "paper", "unit", NULL};
	json_t *body;
	in->id_number = req_param(r, 0);
	if (json_body_or_reply(r, &body))
		return true;
	jin_only(r, body, "", fields);
	jin_str(r, body, "", "code", true, CHECK_WORD_CHARS, &in->code);
	jin_str(r, body, "", "paper", true, CHECK_WORD_CHARS, &in->paper);
	jin_str(r, body, "", "unit", false, UNIT_CODE_MAX - 1, &in->unit);
	json_decref(body);
	return problems_or_reply(r);
}

static void post_verify(struct req *r)
{
	struct citizen_check in;
	memset(&in, 0, sizeof(in));
	if (decode_citizen_check_or_reply(r, &in))
		return;
	struct user *u = arena_alloc(&r->arena, sizeof(*u));
	enum mc_err err = citizens_verify(&r->ctx, &in, u);
	if (err == MC_ECONFLICT) {
		resp_problem(r, 409, "this ID number already has a verified account",
			     "số định danh này đã có tài khoản đã xác thực");
		return;
	}
	if (err) {
		resp_err(r, err);
		return;
	}
	resp_json(r, 200, user_json(u));
}

const struct route api_auth_routes[] = {
	{"POST", "/api/v1/auth/login", post_login, R_SLOW | R_JSON | R_NO_CSRF},
	{"POST", "/api/v1/auth/logout", post_logout, R_AUTH},
	{"GET", "/api/v1/me", get_me, R_AUTH},
	{"POST", "/api/v1/citizens/register", post_register, R_SLOW | R_JSON | R_NO_CSRF},
	{"POST", "/api/v1/citizens/{id}/verify", post_verify, R_AUTH | R_JSON},
	{NULL, NULL, NULL, 0},
};
