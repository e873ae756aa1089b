/* Statistics use cases: who may see what (staff: the dossiers of the units they cover, as for
 * lists; administrators: all), the names of group keys and the summary's CSV and XLSX tables.
 * The JSON shape is the edge's (http/api_reports.c). */
#include "base/base.h"

#include <jansson.h>
#include <math.h>

#include "base/civil.h"
#include "render/book.h"
#include "store/unit_store.h"
#include "svc/scope.h"
#include "svc/perm.h"
#include "svc/reports.h"
#include "store/report_store.h"

enum mc_err reports_group_parse(const char *s, enum report_group *out)
{
	static const struct {
		const char *name;
		enum report_group g;
	} map[] = {{"receiving_unit", RG_RECEIVING_UNIT},
		   {"resolver_unit", RG_RESOLVER_UNIT},
		   {"procedure", RG_PROCEDURE},
		   {"officer", RG_OFFICER}};
	for (size_t i = 0; i < MC_ARRAY_LEN(map); i++)
		if (s && !strcmp(s, map[i].name)) {
			*out = map[i].g;
			return MC_OK;
		}
	return MC_EINVAL;
}

/* City-wide and whole days (from a midnight, to the end of a day or now): the day cells. A scope
 * that covers every receiving unit (the Center's manager once every point is under the Center)
 * involves every dossier: it is city-wide too. */
enum mc_err reports_use_cells(struct svc_ctx *ctx, const char *units, int64_t from, int64_t to,
			      bool *cells)
{
	bool whole_days = civil_local_secs(from) == 0 &&
			  (civil_local_secs(to) == CIVIL_DAY - 1 || to >= ctx->now);
	bool city_wide = !units;
	*cells = false;
	if (units && whole_days) {
		enum mc_err err = reportstore_covers_all_receiving(ctx->db, units, &city_wide);
		if (err)
			return err;
	}
	*cells = city_wide && whole_days && from <= to;
	return MC_OK;
}

enum mc_err reports_summary(struct svc_ctx *ctx, enum report_group g, int64_t from, int64_t to,
			    void (*fn)(const struct report_row *r, void *arg), void *arg)
{
	const char *units = NULL;
	if (!ctx->user)
		return MC_EAUTH;
	if (perm_has_role(ctx->user, "citizen") && ctx->user->nroles == 1)
		return MC_EFORBIDDEN;
	if (!perm_has_role(ctx->user, "admin")) {
		char(*codes)[UNIT_CODE_MAX];
		size_t n = 0;
		enum mc_err err = scope_units(ctx, NULL, NULL, &codes, &n);
		if (err)
			return err;
		json_t *arr = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(arr, json_string(codes[i]));
		char *text = json_dumps(arr, JSON_COMPACT);
		json_decref(arr);
		units = arena_strdup(ctx->arena, text);
		free(text);
	}
	bool cells;
	enum mc_err err = reports_use_cells(ctx, units, from, to, &cells);
	if (err)
		return err;
	if (cells)
		return reportstore_summary_cells(ctx->db, g, civil_local_day(from), civil_local_day(to),
					    to, fn, arg);
	return reportstore_summary(ctx->db, g, from, to, units, fn, arg);
}

const char *reports_key_name(struct svc_ctx *ctx, enum report_group g, const struct report_row *r)
{
	struct unit u;
	if ((g == RG_RECEIVING_UNIT || g == RG_RESOLVER_UNIT) && r->key &&
	    unitstore_get(ctx->db, r->key, ctx->now, &u) == MC_OK)
		return arena_strdup(ctx->arena, u.name);
	return r->name ? arena_strdup(ctx->arena, r->name) : "";
}

void reports_add(struct report_row *t, const struct report_row *v)
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
	struct svc_ctx *ctx;
	enum report_group g;
	size_t ncols; /* SUMMARY_COLS for officers, one less for the other groupings */
	const char **cells;
	size_t nrows;
	struct report_row total;
};

static const char *num(struct arena *a, int64_t v)
{
	return arena_printf(a, "%lld", (long long)v);
}

/* A rate in percent with two decimals; empty when its denominator is 0. */
static const char *pct(struct arena *a, int64_t n, int64_t d)
{
	if (d <= 0)
		return "";
	return arena_printf(a, "%.2f", round((double)n * 10000.0 / (double)d) / 100.0);
}

static void fill_cells(struct arena *a, size_t ncols, const char **c, const char *key,
		       const char *name, const struct report_row *x)
{
	int64_t received = x->recv_counter + x->recv_online + x->recv_post;
	int64_t decided = x->early + x->on_time + x->late;
	const char *v[SUMMARY_COLS] = {
		key, name, num(a, x->recv_counter), num(a, x->recv_online), num(a, x->recv_post),
		num(a, received), num(a, x->early), num(a, x->on_time), num(a, x->late),
		num(a, x->within), num(a, x->past_due), num(a, x->paused), num(a, x->stopped),
		num(a, x->refused), num(a, x->denied), num(a, x->returned),
		num(a, x->supplement_requests), pct(a, x->recv_online, received),
		pct(a, x->digitized, x->scanned_needed), pct(a, x->electronic, x->approved),
		pct(a, x->satisfied, x->rated),
		pct(a, x->early + x->on_time + x->within, decided + x->within + x->past_due),
		num(a, x->processed)};
	memcpy(c, v, ncols * sizeof(*v));
}

static void table_row(const struct report_row *row, void *arg)
{
	struct table_build *b = arg;
	struct arena *a = b->ctx->arena;
	if (b->nrows >= SUMMARY_MAX_ROWS)
		return;
	const char *key = arena_strdup(a, row->key ? row->key : "");
	fill_cells(a, b->ncols, &b->cells[b->nrows * b->ncols], key,
		   reports_key_name(b->ctx, b->g, row), row);
	b->nrows++;
	reports_add(&b->total, row);
}

enum mc_err reports_summary_table(struct svc_ctx *ctx, enum report_group g, int64_t from,
				  int64_t to, const char *xlsx_path, struct buf *csv_out)
{
	size_t ncols = g == RG_OFFICER ? SUMMARY_COLS : SUMMARY_COLS - 1;
	struct table_build b = {ctx, g, ncols, NULL, 0, {0}};
	b.cells = arena_alloc(ctx->arena, sizeof(*b.cells) * SUMMARY_COLS * (SUMMARY_MAX_ROWS + 1));
	enum mc_err err = reports_summary(ctx, g, from, to, table_row, &b);
	if (err)
		return err;
	fill_cells(ctx->arena, b.ncols, &b.cells[b.nrows * b.ncols], "", "Tổng cộng", &b.total);
	b.nrows++;
	if (!xlsx_path)
		return render_table_csv(csv_out, summary_heads, b.ncols, b.cells, b.nrows);
	char f[16], t[16];
	civil_format_date(civil_local_day(from), f);
	civil_format_date(civil_local_day(to), t);
	char *title = arena_printf(
		ctx->arena, "THỐNG KÊ TÌNH HÌNH TIẾP NHẬN, GIẢI QUYẾT HỒ SƠ (%s – %s)", f, t);
	return render_table_xlsx(xlsx_path, title, summary_heads, b.ncols, b.cells, b.nrows,
				 1u << 0 /* "Mã": a procedure code such as 1.004830 is no number */);
}
