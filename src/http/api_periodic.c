/* Periodic reports over HTTP (docs/reports.md): POST /api/v1/reports/periodic issues one, GET
 * lists the versions, GET /periodic/{id} answers one with its figures, /report.xlsx and
 * /report.pdf its files as issued. */
#include "base/base.h"

#include "base/civil.h"
#include "http/http.h"
#include "svc/periodic.h"

static json_t *issue_json(struct req *r, const struct periodic_issue *p, bool with_figures)
{
	char f[32], t[32], at[32];
	civil_format_time(p->from, f);
	civil_format_time(p->to, t);
	civil_format_time(p->issued_at, at);
	const char *base = arena_printf(&r->arena, "/api/v1/reports/periodic/%lld", (long long)p->id);
	json_t *o = json_pack(
		"{s:I, s:s, s:I, s:I, s:o, s:I, s:s, s:s, s:s, s:s, s:{s:s, s:s}}", "id",
		(json_int_t)p->id, "kind", p->kind, "year", (json_int_t)p->year, "number",
		(json_int_t)p->number, "unit", p->scope[0] ? json_string(p->scope) : json_null(),
		"version", (json_int_t)p->version, "from", f, "to", t, "issued_at", at, "issued_by",
		p->issued_by, "files", "xlsx", arena_printf(&r->arena, "%s/report.xlsx", base), "pdf",
		arena_printf(&r->arena, "%s/report.pdf", base));
	if (with_figures) {
		json_t *fig = json_loads(p->figures, 0, NULL);
		json_object_set_new(o, "figures", fig ? fig : json_null());
	}
	return o;
}

static int64_t int_member(json_t *body, const char *key, int64_t absent)
{
	json_t *v = json_object_get(body, key);
	if (!v)
		return absent;
	if (!json_is_integer(v))
		return -1;
	json_int_t x = json_integer_value(v);
	return x < 0 || x > 100000 ? -1 : (int64_t)x;
}

static void post_periodic(struct req *r)
{
	static const char *const fields[] = {"kind", "year", "number", "unit", NULL};
	struct periodic_req q = {0};
	json_t *body;
	if (json_body_or_reply(r, &body))
		return;
	jin_only(r, body, "", fields);
	jin_str(r, body, "", "kind", true, 16, &q.kind);
	jin_str(r, body, "", "unit", false, UNIT_CODE_MAX - 1, &q.unit);
	q.year = int_member(body, "year", -1);
	q.number = int_member(body, "number", 1);
	if (!json_object_get(body, "year"))
		problem_add(&r->problem, "year", "is required", "trường bắt buộc");
	json_decref(body);
	if (problems_or_reply(r))
		return;
	struct periodic_issue out;
	bool created;
	enum mc_err err = periodic_issue(&r->ctx, &q, &out, &created);
	if (err) {
		resp_err(r, err);
		return;
	}
	resp_json(r, created ? 201 : 200, issue_json(r, &out, true));
}

struct list_build {
	struct req *r;
	json_t *items;
};

static void list_row(const struct periodic_issue *p, void *arg)
{
	struct list_build *b = arg;
	json_array_append_new(b->items, issue_json(b->r, p, false));
}

static void get_periodic_list(struct req *r)
{
	static const char *const kinds[] = {"month", "quarter", "year", NULL};
	const char *unit = qarg_code(r, "unit", UNIT_CODE_MAX - 1);
	const char *kind = qarg_word(r, "kind", kinds);
	const char *ys = req_arg_set(r, "year");
	int64_t year = 0;
	if (ys) {
		char *end = NULL;
		long v = strtol(ys, &end, 10);
		if (*end || v < 2000 || v > 2100)
			problem_add(&r->problem, "year", "must be a year from 2000 to 2100",
				    "năm phải từ 2000 đến 2100");
		else
			year = v;
	}
	if (problems_or_reply(r))
		return;
	struct list_build b = {r, json_array()};
	enum mc_err err = periodic_list(&r->ctx, unit, kind, year, list_row, &b);
	if (err) {
		json_decref(b.items);
		resp_err(r, err);
		return;
	}
	resp_json(r, 200, json_pack("{s:o}", "items", b.items));
}

static void get_periodic(struct req *r)
{
	int64_t id;
	struct periodic_issue p;
	if (id_or_reply(r, &id))
		return;
	enum mc_err err = periodic_get(&r->ctx, id, NULL, &p);
	if (err) {
		resp_err(r, err);
		return;
	}
	resp_json(r, 200, issue_json(r, &p, true));
}

static void reply_file(struct req *r, bool pdf)
{
	int64_t id;
	struct periodic_issue p;
	if (id_or_reply(r, &id))
		return;
	enum mc_err err = periodic_get(&r->ctx, id, pdf ? "pdf" : "xlsx", &p);
	if (err) {
		resp_err(r, err);
		return;
	}
	char *data = malloc(p.file_len ? p.file_len : 1);
	if (!data) {
		resp_err(r, MC_EINTERNAL);
		return;
	}
	memcpy(data, p.file, p.file_len);
	r->out_disposition = arena_printf(
		&r->arena, "%s; filename=\"bao-cao-%s-%lld-%lld-v%lld.%s\"",
		pdf ? "inline" : "attachment", p.kind, (long long)p.year, (long long)p.number,
		(long long)p.version, pdf ? "pdf" : "xlsx");
	resp_bytes(r, 200, pdf ? "application/pdf" : XLSX_TYPE, data, p.file_len);
}

static void get_periodic_xlsx(struct req *r)
{
	reply_file(r, false);
}

static void get_periodic_pdf(struct req *r)
{
	reply_file(r, true);
}

const struct route api_periodic_routes[] = {
	{"POST", "/api/v1/reports/periodic", post_periodic, R_AUTH | R_SLOW},
	{"GET", "/api/v1/reports/periodic", get_periodic_list, R_AUTH},
	{"GET", "/api/v1/reports/periodic/{id}", get_periodic, R_AUTH},
	{"GET", "/api/v1/reports/periodic/{id}/report.xlsx", get_periodic_xlsx, R_AUTH},
	{"GET", "/api/v1/reports/periodic/{id}/report.pdf", get_periodic_pdf, R_AUTH},
	{NULL, NULL, NULL, 0},
};
