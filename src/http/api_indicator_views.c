/* The indicators' views over HTTP (docs/indicators.md): GET /api/v1/reports/indicators/trend, the
 * dossiers behind a number (/indicators/{id}/dossiers) and the table as .xlsx and .pdf. Query
 * parameters as for /indicators: from, to, unit. */
#include "base/base.h"

#include <math.h>
#include <stdio.h>

#include "base/civil.h"
#include "http/decode.h"
#include "http/http.h"
#include "svc/indicator_views.h"

#define PDF_INDICATORS_MAX (4 * 1024 * 1024)

static json_t *rate(int64_t num, int64_t den)
{
	if (den <= 0)
		return json_null();
	return json_real(round((double)num * 10000.0 / (double)den) / 100.0);
}

/* unit, from, to (as /indicators); true when it answered 422. */
static bool args_or_reply(struct req *r, const char **unit, int64_t *from, int64_t *to)
{
	struct summary_query q;
	*unit = qarg_code(r, "unit", UNIT_CODE_MAX - 1);
	if (decode_summary_query_or_reply(r, &q))
		return true;
	*from = q.from;
	*to = q.to;
	return false;
}

/* GET /api/v1/reports/indicators/trend: per calendar month, each indicator's numbers. */
static void get_trend(struct req *r)
{
	const char *unit;
	int64_t from, to;
	if (args_or_reply(r, &unit, &from, &to))
		return;
	struct indicator_month *months =
		arena_alloc(&r->arena, sizeof(*months) * TREND_MONTHS_MAX);
	size_t n = 0;
	enum mc_err err = indicators_trend(&r->ctx, from, to, unit, months, &n);
	if (err) {
		resp_err(r, err);
		return;
	}
	json_t *mj = json_array(), *items = json_array();
	for (size_t i = 0; i < n; i++) {
		char f[32], t[32];
		civil_format_time(months[i].from, f);
		civil_format_time(months[i].to, t);
		json_array_append_new(mj, json_pack("{s:s, s:s, s:s}", "month",
						    arena_printf(&r->arena, "%04d-%02d",
								 months[i].year, months[i].month),
						    "from", f, "to", t));
	}
	for (size_t k = 0; n && k < months[0].n; k++) {
		const struct indicator *ind = &months[0].items[k];
		json_t *points = json_array();
		for (size_t i = 0; i < n; i++) {
			const struct indicator *x = &months[i].items[k];
			json_array_append_new(
				points, json_pack("{s:s, s:I, s:I, s:o}", "month",
						  arena_printf(&r->arena, "%04d-%02d", months[i].year,
							       months[i].month),
						  "numerator", (json_int_t)x->numerator, "denominator",
						  (json_int_t)x->denominator, "value",
						  rate(x->numerator, x->denominator)));
		}
		json_array_append_new(
			items, json_pack("{s:s, s:o, s:s, s:o}", "id", ind->id, "indicator_766",
					 ind->code_766 ? json_string(ind->code_766) : json_null(),
					 "name", ind->name, "points", points));
	}
	char f[32], t[32];
	civil_format_time(from, f);
	civil_format_time(to, t);
	resp_json(r, 200, json_pack("{s:s, s:s, s:o, s:o, s:o}", "from", f, "to", t, "unit",
				    unit ? json_string(unit) : json_null(), "months", mj, "items",
				    items));
}

struct drill_page {
	struct req *r;
	json_t *items;
	int64_t last_id, shown_id; /* the last row's id; the id of the row before it */
};

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static void drill_row(const struct indicator_dossier *d, void *arg)
{
	struct drill_page *p = arg;
	json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "code", d->code,
			      "procedure_code", d->procedure_code, "procedure_name",
			      d->procedure_name, "applicant_name", d->applicant_name, "channel",
			      d->channel, "status", d->status, "receiving_unit", d->receiving_unit,
			      "resolver_unit", d->resolver_unit);
	json_object_set_new(o, "submitted_at", time_or_null(d->submitted_at));
	json_object_set_new(o, "received_at", time_or_null(d->received_at));
	json_object_set_new(o, "due_at", time_or_null(d->due_at));
	json_object_set_new(o, "decided_at", time_or_null(d->decided_at));
	json_object_set_new(o, "decision", str_or_null(d->decision));
	json_object_set_new(o, "timeliness", str_or_null(d->timeliness));
	json_object_set_new(o, "returned_at", time_or_null(d->returned_at));
	json_array_append_new(p->items, o);
	p->shown_id = p->last_id;
	p->last_id = d->id;
}

/* GET /api/v1/reports/indicators/{id}/dossiers?part=numerator|denominator */
static void get_dossiers(struct req *r)
{
	static const char *const parts[] = {"numerator", "denominator", NULL};
	const char *unit, *cursor;
	int64_t from, to, after = 0;
	size_t limit;
	const char *part = qarg_word(r, "part", parts);
	if (!req_arg_set(r, "part") && !r->problem.n)
		problem_add(&r->problem, "part", "is required (numerator or denominator)",
			    "tham số bắt buộc (numerator hoặc denominator)");
	if (args_or_reply(r, &unit, &from, &to) || page_or_reply(r, &limit, &cursor))
		return;
	if (cursor) {
		char *end = NULL;
		long long v = strtoll(cursor, &end, 10);
		if (*end || v < 0) {
			problem_add(&r->problem, "cursor", "is not a cursor this API gave",
				    "con trỏ phân trang không hợp lệ");
			problems_or_reply(r);
			return;
		}
		after = v;
	}
	struct drill_page p = {r, json_array(), 0, 0};
	/* One more than the page tells whether another page follows. */
	enum mc_err err = indicators_dossiers(&r->ctx, req_param(r, 0), part, from, to, unit, after,
					      limit + 1, drill_row, &p);
	if (err) {
		json_decref(p.items);
		resp_err(r, err);
		return;
	}
	json_t *next = json_null();
	if (json_array_size(p.items) > limit) {
		json_array_remove(p.items, limit);
		next = json_string(page_cursor(r, arena_printf(&r->arena, "%lld",
								(long long)p.shown_id)));
	}
	char f[32], t[32];
	civil_format_time(from, f);
	civil_format_time(to, t);
	resp_json(r, 200, json_pack("{s:s, s:s, s:s, s:s, s:o, s:o, s:o}", "indicator",
				    req_param(r, 0), "part", part, "from", f, "to", t, "unit",
				    unit ? json_string(unit) : json_null(), "items", p.items,
				    "next_cursor", next));
}

static void get_xlsx(struct req *r)
{
	const char *unit;
	int64_t from, to;
	if (args_or_reply(r, &unit, &from, &to))
		return;
	char *path = resp_tmp_path(r, "indicators", "xlsx");
	enum mc_err err = indicators_export(&r->ctx, from, to, unit, path, NULL);
	resp_tmp_file(r, err, path, XLSX_TYPE, "attachment; filename=\"chi-so-766.xlsx\"");
}

static void get_pdf(struct req *r)
{
	const char *unit;
	int64_t from, to;
	struct buf b;
	if (args_or_reply(r, &unit, &from, &to))
		return;
	buf_init(&b, PDF_INDICATORS_MAX);
	enum mc_err err = indicators_export(&r->ctx, from, to, unit, NULL, &b);
	if (err) {
		buf_release(&b);
		resp_err(r, err);
		return;
	}
	size_t len;
	char *data = buf_take(&b, &len);
	r->out_disposition = "inline; filename=\"chi-so-766.pdf\"";
	resp_bytes(r, 200, "application/pdf", data, len);
}

const struct route api_indicator_views_routes[] = {
	{"GET", "/api/v1/reports/indicators/trend", get_trend, R_AUTH},
	{"GET", "/api/v1/reports/indicators/{id}/dossiers", get_dossiers, R_AUTH},
	{"GET", "/api/v1/reports/indicators.xlsx", get_xlsx, R_AUTH | R_SLOW},
	{"GET", "/api/v1/reports/indicators.pdf", get_pdf, R_AUTH | R_SLOW},
	{NULL, NULL, NULL, 0},
};
