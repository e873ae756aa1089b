/* Statistics over HTTP: GET /api/v1/reports/summary (JSON) and .csv. Rates are percentages with
 * two decimals, null when their denominator is 0 (QĐ 766 practice). */
#include "base/base.h"

#include <math.h>

#include "base/civil.h"
#include "http/decode.h"
#include "http/http.h"
#include "render/book.h"
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

/* Adds every count of v to t. */
static void add_counts(struct report_row *t, const struct report_row *v)
{
	t->recv_counter += v->recv_counter;
	t->recv_online += v->recv_online;
	t->recv_post += v->recv_post;
	t->early += v->early;
	t->on_time += v->on_time;
	t->late += v->late;
	t->within += v->within;
	t->past_due += v->past_due;
	t->paused += v->paused;
	t->stopped += v->stopped;
	t->refused += v->refused;
	t->denied += v->denied;
	t->returned += v->returned;
	t->supplement_requests += v->supplement_requests;
	t->digitized += v->digitized;
	t->scanned_needed += v->scanned_needed;
	t->approved += v->approved;
	t->electronic += v->electronic;
	t->rated += v->rated;
	t->satisfied += v->satisfied;
	t->processed += v->processed;
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
	add_counts(&b->total, row);
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
	resp_json(r, 200, json_pack("{s:s, s:s, s:s, s:o, s:o}", "from", f, "to", t, "group_by",
				    names[b.g], "rows", b.rows, "totals", totals));
}

struct table_build;
static void send_xlsx(struct req *r, struct table_build *b, int64_t from, int64_t to);

/* The spreadsheet variants: one row per group and a total row. */
#define SUMMARY_COLS 23 /* the last, steps processed, for officers only */
#define SUMMARY_MAX_ROWS 20000

static const char *const summary_heads[SUMMARY_COLS] = {
	"Mã", "Tên", "Tiếp nhận trực tiếp", "Tiếp nhận trực tuyến", "Tiếp nhận qua bưu chính",
	"Tổng tiếp nhận", "Giải quyết trước hạn", "Giải quyết đúng hạn", "Giải quyết quá hạn",
	"Đang giải quyết trong hạn", "Đang giải quyết quá hạn", "Đang tạm dừng (chờ bổ sung)",
	"Dừng giải quyết", "Từ chối tiếp nhận", "Từ chối giải quyết", "Đã trả kết quả",
	"Yêu cầu bổ sung", "Tỷ lệ trực tuyến (%)", "Tỷ lệ số hóa (%)", "Tỷ lệ kết quả điện tử (%)",
	"Tỷ lệ hài lòng (%)", "Tỷ lệ đúng hạn (%)", "Bước xử lý đã hoàn thành"};

struct table_build {
	struct req *r;
	enum report_group g;
	size_t ncols; /* SUMMARY_COLS for officers, one less for the other groupings */
	const char **cells;
	size_t nrows;
	struct report_row total;
};

static const char *num(struct req *r, int64_t v)
{
	return arena_printf(&r->arena, "%lld", (long long)v);
}

static const char *pct(struct req *r, int64_t n, int64_t d)
{
	if (d <= 0)
		return "";
	return arena_printf(&r->arena, "%.2f", round((double)n * 10000.0 / (double)d) / 100.0);
}

static void fill_cells(struct req *r, size_t ncols, const char **c, const char *key,
		       const char *name, const struct report_row *x)
{
	int64_t received = x->recv_counter + x->recv_online + x->recv_post;
	int64_t decided = x->early + x->on_time + x->late;
	const char *v[SUMMARY_COLS] = {
		key, name, num(r, x->recv_counter), num(r, x->recv_online), num(r, x->recv_post),
		num(r, received), num(r, x->early), num(r, x->on_time), num(r, x->late),
		num(r, x->within), num(r, x->past_due), num(r, x->paused), num(r, x->stopped),
		num(r, x->refused), num(r, x->denied), num(r, x->returned),
		num(r, x->supplement_requests), pct(r, x->recv_online, received),
		pct(r, x->digitized, x->scanned_needed), pct(r, x->electronic, x->approved),
		pct(r, x->satisfied, x->rated),
		pct(r, x->early + x->on_time + x->within, decided + x->within + x->past_due),
		num(r, x->processed)};
	memcpy(c, v, ncols * sizeof(*v));
}

static void table_row(const struct report_row *row, void *arg)
{
	struct table_build *b = arg;
	if (b->nrows >= SUMMARY_MAX_ROWS)
		return;
	const char *key = arena_strdup(&b->r->arena, row->key ? row->key : "");
	fill_cells(b->r, b->ncols, &b->cells[b->nrows * b->ncols], key,
		   reports_key_name(&b->r->ctx, b->g, row), row);
	b->nrows++;
	add_counts(&b->total, row);
}

static void summary_table(struct req *r, bool xlsx)
{
	struct table_build b = {r, RG_RECEIVING_UNIT, SUMMARY_COLS, NULL, 0, {0}};
	int64_t from, to;
	if (summary_args_or_reply(r, &b.g, &from, &to))
		return;
	b.ncols = b.g == RG_OFFICER ? SUMMARY_COLS : SUMMARY_COLS - 1;
	b.cells = arena_alloc(&r->arena, sizeof(*b.cells) * SUMMARY_COLS * (SUMMARY_MAX_ROWS + 1));
	enum mc_err err = reports_summary(&r->ctx, b.g, from, to, table_row, &b);
	if (err) {
		resp_err(r, err);
		return;
	}
	fill_cells(r, b.ncols, &b.cells[b.nrows * b.ncols], "", "Tổng cộng", &b.total);
	b.nrows++;
	if (!xlsx) {
		struct buf out;
		buf_init(&out, 64 * 1024 * 1024);
		err = render_table_csv(&out, summary_heads, b.ncols, b.cells, b.nrows);
		if (err) {
			buf_release(&out);
			resp_err(r, err);
			return;
		}
		size_t len;
		char *data = buf_take(&out, &len);
		r->out_disposition = "attachment; filename=\"thong-ke.csv\"";
		resp_bytes(r, 200, "text/csv; charset=utf-8", data, len);
		return;
	}
	send_xlsx(r, &b, from, to);
}

static void get_summary_csv(struct req *r)
{
	summary_table(r, false);
}

static void get_summary_xlsx(struct req *r)
{
	summary_table(r, true);
}

const struct route api_reports_routes[] = {
	{"GET", "/api/v1/reports/summary", get_summary, R_AUTH},
	{"GET", "/api/v1/reports/summary.csv", get_summary_csv, R_AUTH | R_SLOW},
	{"GET", "/api/v1/reports/summary.xlsx", get_summary_xlsx, R_AUTH | R_SLOW},
	{NULL, NULL, NULL, 0},
};

static void send_xlsx(struct req *r, struct table_build *b, int64_t from, int64_t to)
{
	char f[16], t[16];
	char *path = resp_tmp_path(r, "summary", "xlsx");
	civil_format_date(civil_local_day(from), f);
	civil_format_date(civil_local_day(to), t);
	char *title = arena_printf(&r->arena, "THỐNG KÊ TÌNH HÌNH TIẾP NHẬN, GIẢI QUYẾT HỒ SƠ (%s – %s)", f, t);
	enum mc_err err = render_table_xlsx(path, title, summary_heads, b->ncols, b->cells, b->nrows);
	resp_tmp_file(r, err, path, XLSX_TYPE, "attachment; filename=\"thong-ke.xlsx\"");
}
