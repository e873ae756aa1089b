/* Statistics over HTTP: GET /api/v1/reports/summary (JSON), .csv and .xlsx (tables built by
 * svc/reports.c). Rates are percentages with two decimals, null when their denominator is 0
 * (QĐ 766 practice). */
#include "base/base.h"

#include <math.h>

#include "base/civil.h"
#include "http/decode.h"
#include "http/http.h"
#include "svc/indicators.h"
#include "svc/fees.h"
#include "svc/reports.h"

struct summary_build {
	struct req *r;
	enum report_group g;
	json_t *rows;
	struct report_row total;
};

static json_t *rate(int64_t num, int64_t den)
{
	if (den <= 0)
		return json_null();
	return json_real(round((double)num * 10000.0 / (double)den) / 100.0);
}

/* Fee figures (docs/fees.md "Figures"); the online payment rate as Decision 766 indicator 4
 * counts it: dossiers paid online / dossiers with a fee above zero (RULES.md §2). */
static json_t *fees_json(const struct fee_figures *f)
{
	return json_pack("{s:I, s:{s:I, s:I}, s:{s:I, s:I}, s:{s:I, s:I}, s:o}", "dossiers_with_fee",
			 (json_int_t)f->with_fee, "paid_online", "count", (json_int_t)f->paid_online,
			 "amount", (json_int_t)f->paid_online_amount, "paid_counter", "count",
			 (json_int_t)f->paid_counter, "amount", (json_int_t)f->paid_counter_amount,
			 "exempt", "count", (json_int_t)f->exempt, "amount",
			 (json_int_t)f->exempt_amount, "online_payment_rate",
			 rate(f->paid_online, f->with_fee));
}

static json_t *counts_json(const struct report_row *r)
{
	int64_t received = r->recv_counter + r->recv_online + r->recv_post;
	int64_t decided = r->early + r->on_time + r->late;
	json_t *o = json_pack("{s:{s:I, s:I, s:I, s:I}, s:{s:I, s:I, s:I, s:I}, s:{s:I, s:I, s:I}}",
			      "received", "counter", (json_int_t)r->recv_counter, "online",
			      (json_int_t)r->recv_online, "post", (json_int_t)r->recv_post, "total",
			      (json_int_t)received, "decided", "early", (json_int_t)r->early, "on_time",
			      (json_int_t)r->on_time, "late", (json_int_t)r->late, "total",
			      (json_int_t)decided, "in_progress", "within", (json_int_t)r->within,
			      "past_due", (json_int_t)r->past_due, "paused", (json_int_t)r->paused);
	json_object_set_new(o, "stopped", json_integer(r->stopped));
	json_object_set_new(o, "refused", json_integer(r->refused));
	json_object_set_new(o, "denied", json_integer(r->denied));
	json_object_set_new(o, "returned", json_integer(r->returned));
	json_object_set_new(o, "supplement_requests", json_integer(r->supplement_requests));
	json_object_set_new(o, "online_rate", rate(r->recv_online, received));
	json_object_set_new(o, "digitization_rate", rate(r->digitized, r->scanned_needed));
	json_object_set_new(o, "electronic_result_rate", rate(r->electronic, r->approved));
	json_object_set_new(o, "satisfaction_rate", rate(r->satisfied, r->rated));
	json_object_set_new(o, "on_time_rate", rate(r->early + r->on_time + r->within,
						     decided + r->within + r->past_due));
	return o;
}

static void add_row(const struct report_row *row, void *arg)
{
	struct summary_build *b = arg;
	json_t *o = counts_json(row);
	json_object_set_new(o, "key", json_string(row->key ? row->key : ""));
	json_object_set_new(o, "name", json_string(reports_key_name(&b->r->ctx, b->g, row)));
	if (b->g == RG_OFFICER)
		json_object_set_new(o, "processed", json_integer(row->processed));
	json_array_append_new(b->rows, o);
	reports_add(&b->total, row);
}

/* from (default: the 1st of this month), to (default: now), group_by (default receiving_unit). */
static bool summary_args_or_reply(struct req *r, enum report_group *g, int64_t *from, int64_t *to)
{
	bool present;
	int y, m, d;
	civil_ymd(civil_local_day(r->ctx.now), &y, &m, &d);
	*from = civil_instant(civil_days(y, m, 1), 0);
	*to = r->ctx.now;
	time_arg(r, "from", true, from, &present);
	time_arg(r, "to", false, to, &present);
	const char *gb = req_arg(r, "group_by");
	*g = RG_RECEIVING_UNIT;
	if (gb && reports_group_parse(gb, g) != MC_OK)
		problem_add(&r->problem, "group_by",
			    "must be receiving_unit, resolver_unit, procedure or officer",
			    "nhóm theo phải là receiving_unit, resolver_unit, procedure hoặc officer");
	if (!r->problem.n && *to < *from)
		problem_add(&r->problem, "to", "must not be before from", "phải sau thời điểm bắt đầu");
	return problems_or_reply(r);
}

bool decode_summary_query_or_reply(struct req *r, struct summary_query *q)
{
	return summary_args_or_reply(r, &q->group, &q->from, &q->to);
}

static void get_summary(struct req *r)
{
	struct summary_build b = {r, RG_RECEIVING_UNIT, json_array(), {0}};
	int64_t from, to;
	if (summary_args_or_reply(r, &b.g, &from, &to)) {
		json_decref(b.rows);
		return;
	}
	enum mc_err err = reports_summary(&r->ctx, b.g, from, to, add_row, &b);
	if (err) {
		json_decref(b.rows);
		resp_err(r, err);
		return;
	}
	static const char *const names[] = {"receiving_unit", "resolver_unit", "procedure", "officer"};
	char f[32], t[32];
	civil_format_time(from, f);
	civil_format_time(to, t);
	json_t *totals = counts_json(&b.total);
	if (b.g == RG_OFFICER)
		json_object_set_new(totals, "processed", json_integer(b.total.processed));
	struct fee_figures ff;
	if ((err = fees_figures(&r->ctx, from, to, &ff))) {
		json_decref(b.rows);
		json_decref(totals);
		resp_err(r, err);
		return;
	}
	resp_json(r, 200, json_pack("{s:s, s:s, s:s, s:o, s:o, s:o}", "from", f, "to", t,
				    "group_by", names[b.g], "rows", b.rows, "totals", totals, "fees",
				    fees_json(&ff)));
}

/* The spreadsheet variants (svc/reports.c builds them). */
static void get_summary_csv(struct req *r)
{
	enum report_group g;
	int64_t from, to;
	struct buf out;
	if (summary_args_or_reply(r, &g, &from, &to))
		return;
	buf_init(&out, 64 * 1024 * 1024);
	enum mc_err err = reports_summary_table(&r->ctx, g, from, to, NULL, &out);
	if (err) {
		buf_release(&out);
		resp_err(r, err);
		return;
	}
	size_t len;
	char *data = buf_take(&out, &len);
	r->out_disposition = "attachment; filename=\"thong-ke.csv\"";
	resp_bytes(r, 200, "text/csv; charset=utf-8", data, len);
}

/* The XLSX is written to a temporary file of the data directory and sent from its descriptor. */
static void get_summary_xlsx(struct req *r)
{
	enum report_group g;
	int64_t from, to;
	if (summary_args_or_reply(r, &g, &from, &to))
		return;
	char *path = resp_tmp_path(r, "summary", "xlsx");
	enum mc_err err = reports_summary_table(&r->ctx, g, from, to, path, NULL);
	resp_tmp_file(r, err, path, XLSX_TYPE, "attachment; filename=\"thong-ke.xlsx\"");
}

/* GET /api/v1/reports/indicators?from=&to=&unit= (docs/indicators.md). */
static void get_indicators(struct req *r)
{
	struct indicator items[INDICATORS_MAX];
	size_t n = 0;
	enum report_group g;
	int64_t from, to;
	const char *unit = qarg_code(r, "unit", UNIT_CODE_MAX - 1);
	if (summary_args_or_reply(r, &g, &from, &to))
		return;
	enum mc_err err = indicators_compute(&r->ctx, from, to, unit, items, &n);
	if (err) {
		resp_err(r, err);
		return;
	}
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(
			arr, json_pack("{s:s, s:o, s:s, s:I, s:I, s:o, s:s}", "id", items[i].id,
				       "indicator_766",
				       items[i].code_766 ? json_string(items[i].code_766) : json_null(),
				       "name", items[i].name, "numerator", (json_int_t)items[i].numerator,
				       "denominator", (json_int_t)items[i].denominator, "value",
				       rate(items[i].numerator, items[i].denominator), "formula",
				       items[i].formula));
	char f[32], t[32];
	civil_format_time(from, f);
	civil_format_time(to, t);
	resp_json(r, 200, json_pack("{s:s, s:s, s:o, s:o}", "from", f, "to", t, "unit",
				    unit ? json_string(unit) : json_null(), "items", arr));
}

const struct route api_reports_routes[] = {
	{"GET", "/api/v1/reports/indicators", get_indicators, R_AUTH},
	{"GET", "/api/v1/reports/summary", get_summary, R_AUTH},
	{"GET", "/api/v1/reports/summary.csv", get_summary_csv, R_AUTH | R_SLOW},
	{"GET", "/api/v1/reports/summary.xlsx", get_summary_xlsx, R_AUTH | R_SLOW},
	{NULL, NULL, NULL, 0},
};
