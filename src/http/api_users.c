/* Administrators' accounts over HTTP: create (POST /users), list with search and role filters,
 * one account, and changes (PATCH: full name, roles, active, password). Creating and changing run
 * on the slow pool: either may hash a password. Login and sessions are api_auth.c's. */
#include "base/base.h"

#include "base/civil.h"
#include "http/decode.h"
#include "http/http.h"
#include "svc/auth.h"
#include "svc/users.h"

/* The administrators' view of an account: user_json plus active and created_at. */
static json_t *account_json(const struct user *u)
{
	char created[32];
	json_t *o = user_json(u);
	civil_format_time(u->created_at, created);
	json_object_set_new(o, "active", json_boolean(u->active));
	json_object_set_new(o, "created_at", json_string(created));
	return o;
}

/* Reads "roles": an array of at most USER_ROLES_MAX {role, unit}; errors named roles[i].x. */
static void decode_roles(struct req *r, json_t *roles, struct user_role *out, size_t *n)
{
	static const char *const role_fields[] = {"role", "unit", NULL};
	*n = 0;
	if (!json_is_array(roles) || json_array_size(roles) > USER_ROLES_MAX) {
		problem_add(&r->problem, "roles", "must be an array of at most 16 roles",
			    "phải là danh sách tối đa 16 vai trò");
		return;
	}
	size_t i;
	json_t *v;
	json_array_foreach(roles, i, v) {
		char *prefix = arena_printf(&r->arena, "roles[%zu]", i);
		const char *role, *unit;
		if (!json_is_object(v)) {
			problem_add(&r->problem, prefix, "must be an object", "phải là đối tượng");
			continue;
		}
		jin_only(r, v, prefix, role_fields);
		jin_str(r, v, prefix, "role", true, USER_ROLE_MAX - 1, &role);
		jin_str(r, v, prefix, "unit", true, UNIT_CODE_MAX - 1, &unit);
		if (!role || !unit)
			continue;
		struct user_role *dst = &out[(*n)++];
		snprintf(dst->role, sizeof(dst->role), "%s", role);
		snprintf(dst->unit, sizeof(dst->unit), "%s", unit);
	}
}

bool decode_user_create_or_reply(struct req *r, struct auth_new_user *in)
{
	static const char *const fields[] = {"username", "password", "full_name", "roles",
					     "phone",    "email",    NULL};
	json_t *body;
	if (json_body_or_reply(r, &body))
		return true;
	jin_only(r, body, "", fields);
	jin_str(r, body, "", "username", true, USER_USERNAME_CHARS, &in->username);
	jin_str(r, body, "", "password", true, USER_PASSWORD_CHARS, &in->password);
	jin_str(r, body, "", "full_name", true, USER_FULLNAME_CHARS, &in->full_name);
	jin_str(r, body, "", "phone", false, USER_PHONE_CHARS, &in->phone);
	jin_str(r, body, "", "email", false, USER_EMAIL_CHARS, &in->email);
	json_t *roles = json_object_get(body, "roles");
	if (roles)
		decode_roles(r, roles, in->roles, &in->nroles);
	else
		problem_add(&r->problem, "roles", "is required", "trường bắt buộc");
	json_decref(body);
	return problems_or_reply(r);
}

static void post_user(struct req *r)
{
	struct auth_new_user in;
	memset(&in, 0, sizeof(in));
	if (decode_user_create_or_reply(r, &in))
		return;
	struct user *u = arena_alloc(&r->arena, sizeof(*u));
	enum mc_err err = auth_create_user(&r->ctx, &in, u);
	if (err) {
		resp_err(r, err);
		return;
	}
	resp_json(r, 201, user_json(u));
}

struct list_out {
	json_t *items;
	char last[USER_NAME_MAX];
};

static void add_user(const struct user *u, void *arg)
{
	struct list_out *o = arg;
	json_array_append_new(o->items, account_json(u));
	snprintf(o->last, sizeof(o->last), "%s", u->username);
}

bool decode_users_query_or_reply(struct req *r, struct users_query *q)
{
	memset(q, 0, sizeof(*q));
	q->q = qarg_text(r, "q", 200);
	q->role = req_arg_set(r, "role"); /* the service names an unknown role */
	q->unit = qarg_code(r, "unit", UNIT_CODE_MAX - 1);
	q->active = qarg_bool(r, "active");
	return page_or_reply(r, &q->limit, &q->after); /* also answers the errors above */
}

static void get_users(struct req *r)
{
	struct users_query q;
	bool more;
	if (decode_users_query_or_reply(r, &q))
		return;
	struct list_out o = {json_array(), ""};
	enum mc_err err = users_list(&r->ctx, &q, add_user, &o, &more);
	if (err) {
		json_decref(o.items);
		resp_err(r, err);
		return;
	}
	json_t *next = more ? json_string(page_cursor(r, o.last)) : json_null();
	resp_json(r, 200, json_pack("{s:o, s:o}", "items", o.items, "next_cursor", next));
}

static void get_user(struct req *r)
{
	struct user *u = arena_alloc(&r->arena, sizeof(*u));
	enum mc_err err = users_get(&r->ctx, req_param(r, 0), u);
	if (err) {
		resp_err(r, err);
		return;
	}
	resp_json(r, 200, account_json(u));
}

/* A member that is present must not be null: PATCH leaves out what does not change. */
static void not_null(struct req *r, json_t *body, const char *key)
{
	json_t *v = json_object_get(body, key);
	if (v && json_is_null(v))
		problem_add(&r->problem, key, "must not be null; leave it out to keep it",
			    "không được để null; bỏ trường này nếu không đổi");
}

static void decode_change(struct req *r, json_t *body, struct users_change *in)
{
	static const char *const fields[] = {"full_name", "roles", "active", "password", NULL};
	jin_only(r, body, "", fields);
	not_null(r, body, "full_name");
	not_null(r, body, "password");
	not_null(r, body, "roles");
	not_null(r, body, "active");
	jin_str(r, body, "", "full_name", false, USER_FULLNAME_CHARS, &in->full_name);
	jin_str(r, body, "", "password", false, USER_PASSWORD_CHARS, &in->password);
	json_t *active = json_object_get(body, "active");
	if (active && !json_is_null(active)) {
		if (json_is_boolean(active)) {
			in->set_active = true;
			in->active = json_is_true(active);
		} else {
			problem_add(&r->problem, "active", "must be true or false",
				    "phải là true hoặc false");
		}
	}
	json_t *roles = json_object_get(body, "roles");
	if (roles && !json_is_null(roles)) {
		in->set_roles = true;
		if (json_is_array(roles) && json_array_size(roles) == 0)
			problem_add(&r->problem, "roles", "must hold at least one role",
				    "phải có ít nhất một vai trò");
		decode_roles(r, roles, in->roles, &in->nroles);
	}
}

bool decode_user_change_or_reply(struct req *r, struct users_change *in)
{
	json_t *body;
	if (json_body_or_reply(r, &body))
		return true;
	decode_change(r, body, in);
	json_decref(body);
	return problems_or_reply(r);
}

/* Order of refusals: an unknown account (404) before the body (400, 415, 422), then conflicts. */
static void patch_user(struct req *r)
{
	struct user *u = arena_alloc(&r->arena, sizeof(*u));
	struct users_change *in = arena_alloc(&r->arena, sizeof(*in));
	memset(in, 0, sizeof(*in));
	enum mc_err err = users_get(&r->ctx, req_param(r, 0), u);
	if (err) {
		resp_err(r, err);
		return;
	}
	if (decode_user_change_or_reply(r, in))
		return;
	err = users_update(&r->ctx, req_param(r, 0), in, u);
	if (err) {
		resp_err(r, err);
		return;
	}
	resp_json(r, 200, account_json(u));
}

const struct route api_users_routes[] = {
	{"POST", "/api/v1/users", post_user, R_AUTH | R_ADMIN | R_SLOW | R_JSON},
	{"GET", "/api/v1/users", get_users, R_AUTH | R_ADMIN},
	{"GET", "/api/v1/users/{username}", get_user, R_AUTH | R_ADMIN},
	{"PATCH", "/api/v1/users/{username}", patch_user, R_AUTH | R_ADMIN | R_SLOW | R_JSON},
	{NULL, NULL, NULL, 0},
};
