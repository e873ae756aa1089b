/* Trend, drill-down and exports of the indicators (svc/indicator_views.h, docs/indicators.md). The
 * trend computes indicators_compute once per month; the drill-down lists the dossiers of the same
 * conditions (store/indicator_drill_store.c). */
#include "base/base.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/civil.h"
#include "render/book.h"
#include "render/pdf.h"
#include "render/report_pdf.h"
#include "store/indicator_drill_store.h"
#include "store/unit_store.h"
#include "svc/indicator_views.h"
#include "svc/perm.h"
#include "svc/scope.h"

enum mc_err indicators_trend(struct svc_ctx *ctx, int64_t from, int64_t to, const char *unit,
			     struct indicator_month *months, size_t *n)
{
	int y1, m1, d1, y2, m2, d2;
	*n = 0;
	civil_ymd(civil_local_day(from), &y1, &m1, &d1);
	civil_ymd(civil_local_day(to), &y2, &m2, &d2);
	long count = (long)(y2 * 12 + m2) - (long)(y1 * 12 + m1) + 1;
	if (count > TREND_MONTHS_MAX) {
		problem_add(ctx->problem, "from",
			    "the period spans more than 24 calendar months",
			    "khoảng thời gian vượt quá 24 tháng");
		return MC_EINVAL;
	}
	int y = y1, m = m1;
	for (long i = 0; i < count; i++) {
		struct indicator_month *mo = &months[i];
		int64_t start = civil_instant(civil_days(y, m, 1), 0);
		int ny = m == 12 ? y + 1 : y, nm = m == 12 ? 1 : m + 1;
		int64_t end = civil_instant(civil_days(ny, nm, 1), 0) - 1;
		mo->year = y;
		mo->month = m;
		mo->from = start > from ? start : from;
		mo->to = end < to ? end : to;
		enum mc_err err = indicators_compute(ctx, mo->from, mo->to, unit, mo->items, &mo->n);
		if (err)
			return err;
		*n = (size_t)i + 1;
		y = ny;
		m = nm;
	}
	return MC_OK;
}

struct drill_arg {
	const char *key, *units, *unit;
	int64_t from, to, after;
	size_t limit;
	void (*fn)(const struct indicator_dossier *d, void *arg);
	void *arg;
};

static enum mc_err drill_read(struct svc_ctx *ctx, void *arg)
{
	struct drill_arg *a = arg;
	return indicatordrill_list(ctx->db, a->key, a->from, a->to, a->units, a->unit, a->after,
				   a->limit, a->fn, a->arg);
}

enum mc_err indicators_dossiers(struct svc_ctx *ctx, const char *id, const char *part,
				int64_t from, int64_t to, const char *unit, int64_t after_id,
				size_t limit,
				void (*fn)(const struct indicator_dossier *d, void *arg), void *arg)
{
	struct drill_arg a = {NULL, NULL, unit, from, to, after_id, limit, fn, arg};
	enum mc_err err = report_scope(ctx, unit, &a.units);
	if (err)
		return err;
	a.key = arena_printf(ctx->arena, "%s/%s", id, part);
	if (!indicatordrill_known(a.key)) {
		problem_detail(ctx->problem, "this indicator has no list of dossiers",
			       "chỉ số này không có danh sách hồ sơ");
		return MC_ENOTFOUND;
	}
	return svc_read(ctx, drill_read, &a);
}

void report_header_units(struct svc_ctx *ctx, const char *unit, const char **governing,
			 const char **issuing)
{
	struct unit u, parent;
	*governing = "UBND thành phố Hà Nội";
	*issuing = "Trung tâm Phục vụ hành chính công thành phố Hà Nội";
	if (!unit || unitstore_get(ctx->db, unit, ctx->now, &u) != MC_OK)
		return;
	*issuing = arena_strdup(ctx->arena, u.name);
	if (u.parent[0] && unitstore_get(ctx->db, u.parent, ctx->now, &parent) == MC_OK)
		*governing = arena_strdup(ctx->arena, parent.name);
}

static const char *pct(struct arena *a, int64_t n, int64_t d)
{
	if (d <= 0)
		return "N/A";
	return arena_printf(a, "%.2f", round((double)n * 10000.0 / (double)d) / 100.0);
}

const char *report_vn_date(struct arena *a, int64_t t)
{
	int y, m, d;
	civil_ymd(civil_local_day(t), &y, &m, &d);
	return arena_printf(a, "%02d/%02d/%04d", d, m, y);
}

#define IND_COLS 7

enum mc_err indicators_export(struct svc_ctx *ctx, int64_t from, int64_t to, const char *unit,
			      const char *xlsx_path, struct buf *pdf_out)
{
	struct indicator items[INDICATORS_MAX];
	size_t n = 0;
	enum mc_err err = indicators_compute(ctx, from, to, unit, items, &n);
	if (err)
		return err;
	static const char *const head[IND_COLS] = {"STT",    "Chỉ số (QĐ 766)", "Tên chỉ số",
						   "Tử số",  "Mẫu số",          "Giá trị (%)",
						   "Công thức"};
	const char **cells = arena_alloc(ctx->arena, sizeof(*cells) * IND_COLS * (n ? n : 1));
	struct arena *a = ctx->arena;
	for (size_t i = 0; i < n; i++) {
		const char **c = &cells[i * IND_COLS];
		c[0] = arena_printf(a, "%zu", i + 1);
		c[1] = items[i].code_766 ? items[i].code_766 : "chỉ số riêng";
		c[2] = items[i].name;
		c[3] = arena_printf(a, "%lld", (long long)items[i].numerator);
		c[4] = arena_printf(a, "%lld", (long long)items[i].denominator);
		c[5] = pct(a, items[i].numerator, items[i].denominator);
		c[6] = items[i].formula;
	}
	const char *f = report_vn_date(a, from), *t = report_vn_date(a, to);
	const char *governing, *issuing;
	report_header_units(ctx, unit, &governing, &issuing);
	const char *title = "CHỈ SỐ ĐÁNH GIÁ CHẤT LƯỢNG PHỤC VỤ NGƯỜI DÂN, DOANH NGHIỆP";
	const char *period = arena_printf(a, "Từ ngày %s đến ngày %s — %s", f, t, issuing);
	if (xlsx_path)
		return render_table_xlsx(xlsx_path,
					 arena_printf(a, "%s (QĐ 766/QĐ-TTg) — %s", title, period),
					 head, IND_COLS, cells, n, 1u << 1);
	static const double widths[IND_COLS] = {28, 60, 190, 50, 50, 56, 280};
	static const int align[IND_COLS] = {PDF_CENTER, PDF_CENTER, 0, PDF_RIGHTALIGN,
					    PDF_RIGHTALIGN, PDF_RIGHTALIGN, 0};
	static const char *const notes[] = {
		"Theo Quyết định số 766/QĐ-TTg ngày 23/6/2022 của Thủ tướng Chính phủ; "
		"N/A: mẫu số bằng 0.",
		NULL};
	struct report_pdf d = {
		.governing_unit = governing,
		.issuing_unit = issuing,
		.number_line = "Số: .../BC-TTPVHCC",
		.title = title,
		.subtitle = period,
		.now = ctx->now,
		.ncols = IND_COLS,
		.widths = widths,
		.align = align,
		.head = head,
		.cells = cells,
		.nrows = n,
		.size = 9,
		.notes = notes,
		.signer_title = "NGƯỜI LẬP BÁO CÁO",
		.signer_name = ctx->user->full_name,
	};
	return render_report_pdf(pdf_out, &d);
}
