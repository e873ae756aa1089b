/* Citizens' feedback over HTTP (docs/feedback.md): sending, the sender's look-up by code and
 * secret, the staff list, reassigning and answering, and the public list of published feedback
 * (no personal data). */
#include "base/base.h"

#include "base/civil.h"
#include "http/http.h"
#include "svc/feedback.h"

static json_t *opt(const char *s)
{
	return s && s[0] ? json_string(s) : json_null();
}

/* What the public list shows: no contact, no names, no dossier. */
static json_t *public_json(const struct feedback *f)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:o}", "code", f->code, "kind",
			 f->kind, "about", f->about, "unit", f->unit, "content", f->content,
			 "answer", opt(f->answer), "received_at", time_or_null(f->received_at),
			 "answered_at", time_or_null(f->answered_at), "late", json_boolean(f->late));
}

/* What the sender sees, and staff (with the routing and who answered). */
static json_t *feedback_json(const struct feedback *f, bool staff, int64_t now)
{
	json_t *j = public_json(f);
	json_object_set_new(j, "status", json_string(f->status));
	json_object_set_new(j, "due_at", time_or_null(f->due_at));
	json_object_set_new(j, "overdue", json_boolean(!strcmp(f->status, "open") && now > f->due_at));
	json_object_set_new(j, "dossier", opt(f->dossier));
	json_object_set_new(j, "point", opt(f->point));
	json_object_set_new(j, "officer_name", opt(f->officer_name));
	json_object_set_new(j, "publish_consent", json_boolean(f->consent));
	json_object_set_new(j, "published", json_boolean(f->published));
	json_object_set_new(j, "contact",
			    json_pack("{s:s, s:o, s:o}", "name", f->contact_name, "phone",
				      opt(f->contact_phone), "email", opt(f->contact_email)));
	if (staff) {
		json_object_set_new(j, "officer", opt(f->officer));
		json_object_set_new(j, "submitted_by", opt(f->submitted_by));
		json_object_set_new(j, "answered_by", opt(f->answered_by));
	}
	return j;
}

static bool read_bool(struct req *r, json_t *body, const char *key)
{
	json_t *v = json_object_get(body, key);
	if (v && !json_is_boolean(v) && !json_is_null(v))
		problem_add(&r->problem, key, "must be true or false", "phải là true hoặc false");
	return json_is_true(v);
}

static void post_feedback(struct req *r)
{
	static const char *const fields[] = {"kind",    "about",        "dossier", "secret",
					     "point",   "officer",      "officer_name",
					     "content", "name",         "phone",   "email",
					     "publish_consent", NULL};
	json_t *body;
	struct feedback_in in;
	struct feedback f;
	memset(&in, 0, sizeof(in));
	if (json_body_or_reply(r, &body))
		return;
	jin_only(r, body, "", fields);
	jin_str(r, body, "", "kind", true, 16, &in.kind);
	jin_str(r, body, "", "about", true, 16, &in.about);
	jin_str(r, body, "", "dossier", false, DOSSIER_CODE_MAX - 1, &in.dossier);
	jin_str(r, body, "", "secret", false, 15, &in.secret);
	jin_str(r, body, "", "point", false, UNIT_CODE_MAX - 1, &in.point);
	jin_str(r, body, "", "officer", false, USER_USERNAME_CHARS, &in.officer);
	jin_str(r, body, "", "officer_name", false, FEEDBACK_NAME_CHARS, &in.officer_name);
	jin_text(r, body, "", "content", true, FEEDBACK_CONTENT_CHARS, &in.content);
	jin_str(r, body, "", "name", true, FEEDBACK_NAME_CHARS, &in.name);
	jin_str(r, body, "", "phone", false, FEEDBACK_PHONE_CHARS, &in.phone);
	jin_str(r, body, "", "email", false, FEEDBACK_EMAIL_CHARS, &in.email);
	in.consent = read_bool(r, body, "publish_consent");
	json_decref(body);
	/* The use case adds its own checks to the edge's, so one answer names every bad field. */
	enum mc_err err = feedback_submit(&r->ctx, &in, &f);
	if (err) {
		resp_err(r, err);
		return;
	}
	json_t *j = feedback_json(&f, false, r->ctx.now);
	json_object_set_new(j, "secret", json_string(f.secret));
	resp_json(r, 201, j);
}

static void get_feedback(struct req *r)
{
	struct feedback f;
	bool staff = false;
	const char *secret = req_arg_set(r, "secret");
	enum mc_err err = feedback_find(&r->ctx, req_param(r, 0), secret ? secret : req_arg_set(r, "s"),
					&f, &staff);
	if (err) {
		resp_err(r, err);
		return;
	}
	resp_json(r, 200, feedback_json(&f, staff, r->ctx.now));
}

struct list_build {
	json_t *items;
	int64_t now;
	bool staff;
};

static void list_item(const struct feedback *f, void *arg)
{
	struct list_build *b = arg;
	json_array_append_new(b->items, b->staff ? feedback_json(f, true, b->now) : public_json(f));
}

/* ?limit= from 1 to FEEDBACK_LIST_MAX (default 50). */
static size_t limit_arg(struct req *r)
{
	const char *l = req_arg(r, "limit");
	if (!l)
		return 50;
	char *end = NULL;
	long v = strtol(l, &end, 10);
	if (!*l || *end || v < 1 || v > FEEDBACK_LIST_MAX) {
		problem_add(&r->problem, "limit", "must be an integer from 1 to 200",
			    "phải là số nguyên từ 1 đến 200");
		return 0;
	}
	return (size_t)v;
}

static void get_list(struct req *r)
{
	static const char *const statuses[] = {"open", "answered", NULL};
	const char *status = qarg_word(r, "status", statuses);
	size_t limit = limit_arg(r);
	if (problems_or_reply(r))
		return;
	struct list_build b = {json_array(), r->ctx.now, true};
	enum mc_err err = feedback_list(&r->ctx, status, limit, list_item, &b);
	if (err) {
		json_decref(b.items);
		resp_err(r, err);
		return;
	}
	resp_json(r, 200, json_pack("{s:o}", "items", b.items));
}

static void get_published(struct req *r)
{
	const char *unit = qarg_code(r, "unit", UNIT_CODE_MAX - 1);
	size_t limit = limit_arg(r), offset = 0;
	const char *o = req_arg(r, "offset");
	if (o) {
		char *end = NULL;
		long v = strtol(o, &end, 10);
		if (!*o || *end || v < 0 || v > 100000)
			problem_add(&r->problem, "offset", "must be an integer from 0 to 100000",
				    "phải là số nguyên từ 0 đến 100000");
		else
			offset = (size_t)v;
	}
	if (problems_or_reply(r))
		return;
	struct list_build b = {json_array(), r->ctx.now, false};
	enum mc_err err = feedback_published(&r->ctx, unit, offset, limit, list_item, &b);
	if (err) {
		json_decref(b.items);
		resp_err(r, err);
		return;
	}
	resp_json(r, 200, json_pack("{s:o}", "items", b.items));
}

static void post_assign(struct req *r)
{
	static const char *const fields[] = {"unit", NULL};
	json_t *body;
	const char *unit = NULL;
	struct feedback f;
	if (json_body_or_reply(r, &body))
		return;
	jin_only(r, body, "", fields);
	jin_str(r, body, "", "unit", true, UNIT_CODE_MAX - 1, &unit);
	json_decref(body);
	if (problems_or_reply(r))
		return;
	enum mc_err err = feedback_assign(&r->ctx, req_param(r, 0), unit, &f);
	if (err) {
		resp_err(r, err);
		return;
	}
	resp_json(r, 200, feedback_json(&f, true, r->ctx.now));
}

static void post_answer(struct req *r)
{
	static const char *const fields[] = {"answer", "publish", NULL};
	json_t *body;
	const char *answer = NULL;
	struct feedback f;
	if (json_body_or_reply(r, &body))
		return;
	jin_only(r, body, "", fields);
	jin_text(r, body, "", "answer", true, FEEDBACK_ANSWER_CHARS, &answer);
	bool publish = read_bool(r, body, "publish");
	json_decref(body);
	if (problems_or_reply(r))
		return;
	enum mc_err err = feedback_answer(&r->ctx, req_param(r, 0), answer, publish, &f);
	if (err) {
		resp_err(r, err);
		return;
	}
	resp_json(r, 200, feedback_json(&f, true, r->ctx.now));
}

const struct route api_feedback_routes[] = {
	{"POST", "/api/v1/feedback", post_feedback, R_JSON},
	{"GET", "/api/v1/feedback", get_list, R_AUTH},
	{"GET", "/api/v1/feedback/{code}", get_feedback, 0},
	{"POST", "/api/v1/feedback/{code}/assign", post_assign, R_AUTH | R_JSON},
	{"POST", "/api/v1/feedback/{code}/answer", post_answer, R_AUTH | R_JSON},
	{"GET", "/api/v1/public/feedback", get_published, 0},
	{NULL, NULL, NULL, 0},
};
