/* Workflow breadth over HTTP (docs/decisions.md "Delegation" and "Send back and opinions"):
 * administrators' delegations (POST, GET list and one, POST end), a step's request for opinions,
 * an asked unit's answer and the asked units' inbox. Send-back is a dossier action
 * (POST /dossiers/{code}/send-back, api_dossiers.c). These routes come before the dossier
 * actions' "/dossiers/{code}/{action}" (router.c). */
#include "base/base.h"

#include "base/civil.h"
#include "domain/procedure.h"
#include "domain/unit.h"
#include "domain/workflow.h"
#include "http/dossier_json.h"
#include "http/http.h"
#include "svc/workflow.h"

/* Delegations. */

static void body_time(struct req *r, json_t *body, const char *key, bool required, int64_t *out)
{
	const char *s = NULL;
	*out = 0;
	jin_str(r, body, "", key, required, JIN_TIME_CHARS, &s);
	if (s && civil_parse_time(s, strlen(s), out) != MC_OK)
		problem_add(&r->problem, key, "must be an RFC 3339 time with an offset",
			    "phải là thời điểm RFC 3339 có múi giờ");
}

static bool decode_delegation_or_reply(struct req *r, struct delegation_new *in)
{
	static const char *const fields[] = {"procedure",  "unit",       "delegating_agency",
					     "decision_number", "decision_date", "valid_from",
					     "valid_to", NULL};
	static const char *const agency_fields[] = {"unit", "name", NULL};
	json_t *body;
	if (json_body_or_reply(r, &body))
		return true;
	jin_only(r, body, "", fields);
	jin_str(r, body, "", "procedure", true, PROC_CODE_MAX - 1, &in->procedure);
	jin_str(r, body, "", "unit", false, UNIT_CODE_MAX - 1, &in->unit);
	json_t *agency = json_object_get(body, "delegating_agency");
	if (!agency || json_is_null(agency))
		problem_add(&r->problem, "delegating_agency", "is required", "trường bắt buộc");
	else if (!json_is_object(agency))
		problem_add(&r->problem, "delegating_agency", "must be an object {unit, name}",
			    "phải là đối tượng {unit, name}");
	else {
		jin_only(r, agency, "delegating_agency", agency_fields);
		jin_str(r, agency, "delegating_agency", "unit", false, UNIT_CODE_MAX - 1,
			&in->delegating_unit);
		jin_str(r, agency, "delegating_agency", "name", false, WF_DELEGATING_NAME_CHARS,
			&in->delegating_name);
		if (!in->delegating_unit && !in->delegating_name)
			problem_add(&r->problem, "delegating_agency", "needs a unit code or a name",
				    "cần mã đơn vị hoặc tên cơ quan ủy quyền");
	}
	jin_str(r, body, "", "decision_number", true, WF_DECISION_NUMBER_CHARS, &in->decision_number);
	jin_str(r, body, "", "decision_date", true, 10, &in->decision_date);
	body_time(r, body, "valid_from", true, &in->valid_from);
	body_time(r, body, "valid_to", false, &in->valid_to);
	json_decref(body);
	return problems_or_reply(r);
}

static void post_delegation(struct req *r)
{
	struct delegation_new in;
	struct delegation g;
	memset(&in, 0, sizeof(in));
	if (decode_delegation_or_reply(r, &in))
		return;
	enum mc_err err = delegations_create(&r->ctx, &in, &g);
	if (err) {
		resp_err(r, err);
		return;
	}
	resp_json(r, 201, delegation_json(&g));
}

struct list_out {
	json_t *items;
	int64_t last;
	size_t n;
};

static void add_delegation(const struct delegation *g, void *arg)
{
	struct list_out *o = arg;
	json_array_append_new(o->items, delegation_json(g));
	o->last = g->id;
	o->n++;
}

static void get_delegations(struct req *r)
{
	size_t limit;
	const char *cursor;
	int64_t before = 0;
	if (page_or_reply(r, &limit, &cursor))
		return;
	const char *procedure = qarg_code(r, "procedure", PROC_CODE_MAX - 1);
	if (cursor) {
		char *end = NULL;
		long long v = strtoll(cursor, &end, 10);
		if (*end || v < 1)
			problem_add(&r->problem, "cursor", "is not a cursor this API gave",
				    "con trỏ phân trang không hợp lệ");
		before = v;
	}
	if (problems_or_reply(r))
		return;
	struct list_out o = {json_array(), 0, 0};
	enum mc_err err = delegations_list(&r->ctx, procedure, before, limit, add_delegation, &o);
	if (err) {
		json_decref(o.items);
		resp_err(r, err);
		return;
	}
	json_t *next = o.n == limit ? json_string(page_cursor(r, arena_printf(&r->arena, "%lld",
									       (long long)o.last)))
				    : json_null();
	resp_json(r, 200, json_pack("{s:o, s:o}", "items", o.items, "next_cursor", next));
}

static void get_delegation(struct req *r)
{
	int64_t id;
	struct delegation g;
	if (id_or_reply(r, &id))
		return;
	enum mc_err err = delegations_get(&r->ctx, id, &g);
	if (err) {
		resp_err(r, err);
		return;
	}
	resp_json(r, 200, delegation_json(&g));
}

static void post_delegation_end(struct req *r)
{
	int64_t id;
	struct delegation g;
	if (id_or_reply(r, &id))
		return;
	enum mc_err err = delegations_end(&r->ctx, id, &g);
	if (err) {
		resp_err(r, err);
		return;
	}
	resp_json(r, 200, delegation_json(&g));
}

/* Opinions. */

static json_t *opinions_of(const struct dossier *d)
{
	json_t *a = json_array();
	for (size_t i = 0; i < d->nopinions; i++)
		json_array_append_new(a, opinion_json(&d->opinions[i]));
	return json_pack("{s:o}", "opinions", a);
}

static void decode_asked(struct req *r, json_t *units, struct opinion_ask *in)
{
	static const char *const fields[] = {"unit", "due_days", NULL};
	if (!units || json_is_null(units)) {
		problem_add(&r->problem, "units", "is required", "trường bắt buộc");
		return;
	}
	if (!json_is_array(units) || json_array_size(units) < 1 ||
	    json_array_size(units) > WF_OPINION_UNITS_MAX) {
		problem_add(&r->problem, "units", "must be a list of 1 to 10 units",
			    "phải là danh sách từ 1 đến 10 đơn vị");
		return;
	}
	for (size_t i = 0; i < json_array_size(units); i++) {
		json_t *u = json_array_get(units, i);
		const char *prefix = arena_printf(&r->arena, "units[%zu]", i);
		if (!json_is_object(u)) {
			problem_add(&r->problem, prefix, "must be an object {unit, due_days}",
				    "phải là đối tượng {unit, due_days}");
			continue;
		}
		jin_only(r, u, prefix, fields);
		jin_str(r, u, prefix, "unit", true, UNIT_CODE_MAX - 1, &in->units[in->n]);
		json_t *days = json_object_get(u, "due_days");
		if (!days || !json_is_integer(days) || json_integer_value(days) < 1 ||
		    json_integer_value(days) > WF_OPINION_DAYS_MAX)
			problem_add(&r->problem, arena_printf(&r->arena, "%s.due_days", prefix),
				    "must be a whole number of working days from 1 to 60",
				    "phải là số ngày làm việc, từ 1 đến 60");
		else
			in->due_days[in->n] = (int64_t)json_integer_value(days);
		in->n++;
	}
}

static void post_opinions(struct req *r)
{
	static const char *const fields[] = {"units", "question", NULL};
	struct opinion_ask *in = arena_alloc(&r->arena, sizeof(*in));
	json_t *body;
	memset(in, 0, sizeof(*in));
	if (json_body_or_reply(r, &body))
		return;
	jin_only(r, body, "", fields);
	jin_text(r, body, "", "question", false, WF_OPINION_TEXT_CHARS, &in->question);
	decode_asked(r, json_object_get(body, "units"), in);
	json_decref(body);
	if (problems_or_reply(r))
		return;
	struct dossier *d = arena_alloc(&r->arena, sizeof(*d));
	enum mc_err err = opinions_ask(&r->ctx, req_param(r, 0), in, d);
	if (err) {
		resp_err(r, err);
		return;
	}
	resp_json(r, 201, opinions_of(d));
}

static void post_answer(struct req *r)
{
	static const char *const fields[] = {"agree", "text", NULL};
	const char *idtext = req_param(r, 1), *text = NULL;
	char *end = NULL;
	long long id = strtoll(idtext, &end, 10);
	if (*end || id < 1 || *idtext < '1' || *idtext > '9') {
		resp_err(r, MC_ENOTFOUND);
		return;
	}
	json_t *body;
	if (json_body_or_reply(r, &body))
		return;
	jin_only(r, body, "", fields);
	json_t *agree = json_object_get(body, "agree");
	if (!agree || json_is_null(agree))
		problem_add(&r->problem, "agree", "is required", "trường bắt buộc");
	else if (!json_is_boolean(agree))
		problem_add(&r->problem, "agree", "must be true or false", "phải là true hoặc false");
	bool yes = agree && json_is_true(agree);
	jin_text(r, body, "", "text", true, WF_OPINION_TEXT_CHARS, &text);
	json_decref(body);
	if (problems_or_reply(r))
		return;
	struct dossier *d = arena_alloc(&r->arena, sizeof(*d));
	enum mc_err err = opinions_answer(&r->ctx, req_param(r, 0), (int64_t)id, yes, text, d);
	if (err) {
		resp_err(r, err);
		return;
	}
	resp_json(r, 200, opinions_of(d));
}

static void add_waiting(const char *code, const struct dossier_opinion *o, void *arg)
{
	json_t *j = opinion_json(o);
	json_object_set_new(j, "dossier", json_string(code));
	json_array_append_new(arg, j);
}

static void get_inbox(struct req *r)
{
	size_t limit;
	const char *cursor;
	if (page_or_reply(r, &limit, &cursor))
		return;
	json_t *items = json_array();
	enum mc_err err = opinions_inbox(&r->ctx, limit, add_waiting, items);
	if (err) {
		json_decref(items);
		resp_err(r, err);
		return;
	}
	resp_json(r, 200, json_pack("{s:o, s:n}", "items", items, "next_cursor"));
}

const struct route api_workflow_routes[] = {
	{"GET", "/api/v1/delegations", get_delegations, R_AUTH | R_ADMIN},
	{"POST", "/api/v1/delegations", post_delegation, R_AUTH | R_ADMIN | R_JSON},
	{"GET", "/api/v1/delegations/{id}", get_delegation, R_AUTH | R_ADMIN},
	{"POST", "/api/v1/delegations/{id}/end", post_delegation_end, R_AUTH | R_ADMIN},
	{"POST", "/api/v1/dossiers/{code}/opinions", post_opinions, R_AUTH | R_JSON},
	{"POST", "/api/v1/dossiers/{code}/opinions/{id}", post_answer, R_AUTH | R_JSON},
	{"GET", "/api/v1/opinions", get_inbox, R_AUTH},
	{NULL, NULL, NULL, 0},
};
