/* Periodic reports (svc/periodic.h, docs/reports.md). The table follows the layout of the official
 * form on the situation and results of handling administrative procedures (docs/reports.md cites it
 * and says where it is adapted): rows per level and field, columns received (carried over, online,
 * direct or by post), resolved (early, on time, late) and being resolved (in time, overdue). */
#include "base/base.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/civil.h"
#include "render/book.h"
#include "render/pdf.h"
#include "render/report_pdf.h"
#include "store/blob_store.h"
#include "store/unit_store.h"
#include "svc/audit.h"
#include "svc/indicator_views.h"
#include "svc/periodic.h"
#include "svc/perm.h"

#define ROWS_MAX 2000
#define PDF_MAX (8 * 1024 * 1024)
#define XLSX_MAX (8 * 1024 * 1024)

/* Who may issue and read: administrators; managers of the unit (center_manager or unit_manager
 * bound to it or above); for the whole city, the Center's managers. */
static enum mc_err may_manage(struct svc_ctx *ctx, const char *scope)
{
	if (!ctx->user)
		return MC_EAUTH;
	if (perm_has_role(ctx->user, "admin"))
		return MC_OK;
	if (!scope || !*scope)
		return perm_has_role(ctx->user, "center_manager") ? MC_OK : MC_EFORBIDDEN;
	enum mc_err err = perm_check(ctx, "center_manager", scope);
	if (err == MC_EFORBIDDEN)
		err = perm_check(ctx, "unit_manager", scope);
	return err;
}

/* The period [from, to] of a report; false when kind, year or number is wrong (errors added). */
static bool period_of(struct svc_ctx *ctx, const struct periodic_req *q, int64_t *from, int64_t *to)
{
	int first = 0, months = 0;
	if (!q->kind || (strcmp(q->kind, "month") && strcmp(q->kind, "quarter") &&
			 strcmp(q->kind, "year"))) {
		problem_add(ctx->problem, "kind", "must be month, quarter or year",
			    "loại kỳ báo cáo phải là month, quarter hoặc year");
		return false;
	}
	if (q->year < 2000 || q->year > 2100) {
		problem_add(ctx->problem, "year", "must be a year from 2000 to 2100",
			    "năm phải từ 2000 đến 2100");
		return false;
	}
	if (!strcmp(q->kind, "month") && q->number >= 1 && q->number <= 12)
		first = (int)q->number, months = 1;
	else if (!strcmp(q->kind, "quarter") && q->number >= 1 && q->number <= 4)
		first = (int)q->number * 3 - 2, months = 3;
	else if (!strcmp(q->kind, "year") && q->number == 1)
		first = 1, months = 12;
	if (!months) {
		problem_add(ctx->problem, "number",
			    "must be the month (1-12), the quarter (1-4), or 1 for a year",
			    "số kỳ phải là tháng (1-12), quý (1-4), hoặc 1 cho báo cáo năm");
		return false;
	}
	int y = (int)q->year, m = first + months;
	*from = civil_instant(civil_days(y, first, 1), 0);
	*to = civil_instant(civil_days(m > 12 ? y + 1 : y, m > 12 ? m - 12 : m, 1), 0) - 1;
	if (*from > ctx->now) {
		problem_add(ctx->problem, "number", "the period has not begun",
			    "kỳ báo cáo chưa bắt đầu");
		return false;
	}
	if (*to > ctx->now)
		*to = ctx->now;
	return true;
}

struct figures {
	struct periodic_row *rows;
	size_t n;
	bool too_many;
	struct arena *a;
};

static void collect(const struct periodic_row *r, void *arg)
{
	struct figures *f = arg;
	if (f->n == ROWS_MAX) {
		f->too_many = true;
		return;
	}
	struct periodic_row *o = &f->rows[f->n++];
	*o = *r;
	o->level = arena_strdup(f->a, r->level);
	o->field = arena_strdup(f->a, r->field);
}

static int row_cmp(const void *a, const void *b)
{
	const struct periodic_row *x = a, *y = b;
	int c = strcmp(x->level, y->level);
	return c ? c : strcmp(x->field, y->field);
}

static void add_row(struct periodic_row *t, const struct periodic_row *r)
{
	t->carried += r->carried;
	t->online += r->online;
	t->direct += r->direct;
	t->early += r->early;
	t->on_time += r->on_time;
	t->late += r->late;
	t->open_within += r->open_within;
	t->open_overdue += r->open_overdue;
}

static json_t *counts_json(const struct periodic_row *r)
{
	return json_pack(
		"{s:{s:I, s:I, s:I, s:I}, s:{s:I, s:I, s:I, s:I}, s:{s:I, s:I, s:I}}", "received",
		"total", (json_int_t)(r->carried + r->online + r->direct), "carried_over",
		(json_int_t)r->carried, "online", (json_int_t)r->online, "direct_or_post",
		(json_int_t)r->direct, "resolved", "total",
		(json_int_t)(r->early + r->on_time + r->late), "early", (json_int_t)r->early,
		"on_time", (json_int_t)r->on_time, "late", (json_int_t)r->late, "in_progress",
		"total", (json_int_t)(r->open_within + r->open_overdue), "within",
		(json_int_t)r->open_within, "overdue", (json_int_t)r->open_overdue);
}

/* The figures as canonical JSON text (rows sorted by level then field; totals per level and all). */
static char *figures_text(struct arena *a, struct figures *f)
{
	qsort(f->rows, f->n, sizeof(*f->rows), row_cmp);
	json_t *rows = json_array(), *levels = json_object();
	struct periodic_row total = {0}, city = {0}, commune = {0};
	for (size_t i = 0; i < f->n; i++) {
		json_t *o = counts_json(&f->rows[i]);
		json_object_set_new(o, "level", json_string(f->rows[i].level));
		json_object_set_new(o, "field", json_string(f->rows[i].field));
		json_array_append_new(rows, o);
		add_row(!strcmp(f->rows[i].level, "commune") ? &commune : &city, &f->rows[i]);
		add_row(&total, &f->rows[i]);
	}
	json_object_set_new(levels, "city", counts_json(&city));
	json_object_set_new(levels, "commune", counts_json(&commune));
	json_t *o = json_pack("{s:o, s:o, s:o}", "rows", rows, "levels", levels, "totals",
			      counts_json(&total));
	char *text = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(o);
	char *copy = arena_strdup(a, text);
	free(text);
	return copy;
}

#define COLS 13

static const char *const heads[COLS] = {
	"STT",
	"Lĩnh vực",
	"Số hồ sơ nhận giải quyết: tổng số",
	"Từ kỳ trước chuyển qua",
	"Mới tiếp nhận trực tuyến",
	"Mới tiếp nhận trực tiếp, dịch vụ bưu chính",
	"Đã giải quyết: tổng số",
	"Trước hạn",
	"Đúng hạn",
	"Quá hạn",
	"Đang giải quyết: tổng số",
	"Trong hạn",
	"Quá hạn",
};

static void fill(struct arena *a, const char **c, const char *no, const char *name,
		 const struct periodic_row *r)
{
	const int64_t v[COLS - 2] = {r->carried + r->online + r->direct,
				     r->carried,
				     r->online,
				     r->direct,
				     r->early + r->on_time + r->late,
				     r->early,
				     r->on_time,
				     r->late,
				     r->open_within + r->open_overdue,
				     r->open_within,
				     r->open_overdue};
	c[0] = no;
	c[1] = name;
	for (size_t i = 0; i < COLS - 2; i++)
		c[i + 2] = arena_printf(a, "%lld", (long long)v[i]);
}

/* The table's cells: section I (city) and II (communes), each with its subtotal then its fields,
 * then the total. *nrows is set. */
static const char **table_cells(struct arena *a, const struct figures *f, size_t *nrows)
{
	const char **cells = arena_alloc(a, sizeof(*cells) * COLS * (f->n + 3));
	static const char *const level_ids[2] = {"city", "commune"};
	static const char *const level_no[2] = {"I", "II"};
	static const char *const level_names[2] = {"Cấp thành phố (sở, ban, ngành)",
						   "Cấp xã (xã, phường)"};
	size_t n = 0;
	struct periodic_row total = {0};
	for (size_t l = 0; l < 2; l++) {
		struct periodic_row sub = {0};
		size_t head = n++, k = 0;
		for (size_t i = 0; i < f->n; i++) {
			if (strcmp(f->rows[i].level, level_ids[l]))
				continue;
			add_row(&sub, &f->rows[i]);
			fill(a, &cells[n++ * COLS], arena_printf(a, "%zu", ++k),
			     f->rows[i].field[0] ? f->rows[i].field : "(chưa phân lĩnh vực)",
			     &f->rows[i]);
		}
		fill(a, &cells[head * COLS], level_no[l], level_names[l], &sub);
		add_row(&total, &sub);
	}
	fill(a, &cells[n++ * COLS], "", "Tổng cộng", &total);
	*nrows = n;
	return cells;
}

static const char *period_name(struct arena *a, const struct periodic_req *q)
{
	static const char *const roman[] = {"I", "II", "III", "IV"};
	if (!strcmp(q->kind, "month"))
		return arena_printf(a, "Tháng %lld năm %lld", (long long)q->number,
				    (long long)q->year);
	if (!strcmp(q->kind, "quarter"))
		return arena_printf(a, "Quý %s năm %lld", roman[q->number - 1], (long long)q->year);
	return arena_printf(a, "Năm %lld", (long long)q->year);
}

/* Reads a whole file into the arena. */
static enum mc_err slurp(struct arena *a, const char *path, void **data, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return MC_EIO;
	struct buf b;
	buf_init(&b, XLSX_MAX);
	char chunk[16384];
	size_t got;
	enum mc_err err = MC_OK;
	while (!err && (got = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		err = buf_append(&b, chunk, got);
	if (!err && ferror(fp))
		err = MC_EIO;
	fclose(fp);
	if (!err) {
		*len = b.len;
		*data = arena_alloc(a, b.len ? b.len : 1);
		memcpy(*data, b.data, b.len);
	}
	buf_release(&b);
	return err;
}

struct issue_read {
	const struct periodic_req *q;
	int64_t from, to;
	struct figures f;
	struct periodic_issue latest;
	bool has_latest;
	const char *governing, *issuing;
};

static enum mc_err issue_read(struct svc_ctx *ctx, void *arg)
{
	struct issue_read *r = arg;
	struct unit u;
	if (r->q->unit && unitstore_get(ctx->db, r->q->unit, ctx->now, &u) != MC_OK) {
		problem_add(ctx->problem, "unit", "no such unit", "không có đơn vị này");
		return MC_EINVAL;
	}
	enum mc_err err = may_manage(ctx, r->q->unit);
	if (err)
		return err;
	const char *scope = r->q->unit ? r->q->unit : "";
	err = periodicstore_figures(ctx->db, r->from, r->to, NULL, r->q->unit, collect, &r->f);
	if (err)
		return err;
	err = periodicstore_latest(ctx->db, ctx->arena, r->q->kind, r->q->year, r->q->number,
				   scope, &r->latest);
	r->has_latest = err == MC_OK;
	if (err && err != MC_ENOTFOUND)
		return err;
	report_header_units(ctx, r->q->unit, &r->governing, &r->issuing);
	return MC_OK;
}

struct issue_write {
	struct periodic_issue *in;
	int64_t expected; /* the latest version seen when the files were made */
	const void *xlsx, *pdf;
	size_t xlsx_len, pdf_len;
};

static enum mc_err issue_write(struct svc_ctx *ctx, void *arg)
{
	struct issue_write *w = arg;
	struct periodic_issue latest;
	enum mc_err err = periodicstore_latest(ctx->db, ctx->arena, w->in->kind, w->in->year,
					       w->in->number, w->in->scope, &latest);
	if (err && err != MC_ENOTFOUND)
		return err;
	if ((err ? 0 : latest.version) != w->expected) {
		problem_detail(ctx->problem, "the report was issued meanwhile: issue it again",
			       "báo cáo vừa được ban hành bởi người khác: hãy ban hành lại");
		return MC_ECONFLICT;
	}
	err = periodicstore_insert(ctx->db, w->in, w->xlsx, w->xlsx_len, w->pdf, w->pdf_len);
	if (err)
		return err;
	return audit_append(ctx, w->in->scope[0] ? w->in->scope : NULL, "issue_periodic_report",
			    arena_printf(ctx->arena, "periodic_report:%lld", (long long)w->in->id),
			    arena_printf(ctx->arena, "{\"version\":%lld}",
					 (long long)w->in->version));
}

enum mc_err periodic_issue(struct svc_ctx *ctx, const struct periodic_req *q,
			   struct periodic_issue *out, bool *created)
{
	struct issue_read r = {q, 0, 0, {NULL, 0, false, ctx->arena}, {0}, false, NULL, NULL};
	*created = false;
	if (!ctx->user)
		return MC_EAUTH;
	if (!period_of(ctx, q, &r.from, &r.to))
		return MC_EINVAL;
	r.f.rows = arena_alloc(ctx->arena, sizeof(*r.f.rows) * ROWS_MAX);
	enum mc_err err = svc_read(ctx, issue_read, &r);
	if (err)
		return err;
	if (r.f.too_many)
		return MC_ETOOBIG;
	struct arena *a = ctx->arena;
	char *figures = figures_text(a, &r.f);
	if (r.has_latest && !strcmp(r.latest.figures, figures)) {
		*out = r.latest;
		return MC_OK;
	}
	struct periodic_issue in = {
		.kind = q->kind,
		.scope = q->unit ? q->unit : "",
		.year = q->year,
		.number = q->number,
		.version = r.has_latest ? r.latest.version + 1 : 1,
		.from = r.from,
		.to = r.to,
		.issued_at = ctx->now,
		.issued_by = ctx->user->username,
		.figures = figures,
	};
	size_t nrows;
	const char **cells = table_cells(a, &r.f, &nrows);
	const char *title = "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH";
	const char *sub = arena_printf(a, "Kỳ báo cáo: %s (từ ngày %s đến ngày %s) — %s — phiên bản %lld",
				       period_name(a, q), report_vn_date(a, r.from),
				       report_vn_date(a, r.to), r.issuing, (long long)in.version);
	/* XLSX: libxlsxwriter writes a file; a temp file of the blob store, read back and removed. */
	char path[4096];
	int fd;
	if ((err = blob_tmp_create(ctx->state->cfg.data_dir, path, sizeof(path), &fd)))
		return err;
	close(fd);
	err = render_table_xlsx(path, arena_printf(a, "%s — %s", title, sub), heads, COLS, cells,
				nrows, 0);
	struct issue_write w = {&in, r.has_latest ? r.latest.version : 0, NULL, NULL, 0, 0};
	void *xlsx = NULL;
	if (!err)
		err = slurp(a, path, &xlsx, &w.xlsx_len);
	remove(path);
	if (err)
		return err;
	w.xlsx = xlsx;
	static const double widths[COLS] = {28, 150, 48, 48, 48, 48, 48, 48, 48, 48, 48, 48, 48};
	static const int align[COLS] = {PDF_CENTER,	0,		PDF_RIGHTALIGN, PDF_RIGHTALIGN,
					PDF_RIGHTALIGN, PDF_RIGHTALIGN, PDF_RIGHTALIGN, PDF_RIGHTALIGN,
					PDF_RIGHTALIGN, PDF_RIGHTALIGN, PDF_RIGHTALIGN, PDF_RIGHTALIGN,
					PDF_RIGHTALIGN};
	static const char *const notes[] = {
		"Bố cục theo biểu mẫu báo cáo tình hình, kết quả giải quyết thủ tục hành chính "
		"(xem docs/reports.md); số liệu tại thời điểm ban hành, không thay đổi khi dữ liệu "
		"được điều chỉnh sau đó.",
		NULL};
	struct buf pdf;
	buf_init(&pdf, PDF_MAX);
	struct report_pdf d = {
		.governing_unit = r.governing,
		.issuing_unit = r.issuing,
		.number_line = "Số: .../BC-TTPVHCC",
		.title = title,
		.subtitle = sub,
		.now = ctx->now,
		.ncols = COLS,
		.widths = widths,
		.align = align,
		.head = heads,
		.cells = cells,
		.nrows = nrows,
		.size = 8,
		.notes = notes,
		.signer_title = "NGƯỜI LẬP BÁO CÁO",
		.signer_name = ctx->user->full_name,
	};
	err = render_report_pdf(&pdf, &d);
	if (!err) {
		w.pdf = pdf.data;
		w.pdf_len = pdf.len;
		err = svc_write(ctx, issue_write, &w);
	}
	buf_release(&pdf);
	if (err)
		return err;
	*out = in;
	*created = true;
	return MC_OK;
}

struct get_arg {
	int64_t id;
	const char *file;
	struct periodic_issue *out;
};

static enum mc_err get_read(struct svc_ctx *ctx, void *arg)
{
	struct get_arg *g = arg;
	enum mc_err err = periodicstore_get(ctx->db, ctx->arena, g->id, g->file, g->out);
	if (err)
		return err;
	err = may_manage(ctx, g->out->scope);
	return err == MC_EFORBIDDEN ? MC_ENOTFOUND : err;
}

enum mc_err periodic_get(struct svc_ctx *ctx, int64_t id, const char *file,
			 struct periodic_issue *out)
{
	struct get_arg g = {id, file, out};
	if (!ctx->user)
		return MC_EAUTH;
	return svc_read(ctx, get_read, &g);
}

struct list_arg {
	const char *unit, *kind;
	int64_t year;
	void (*fn)(const struct periodic_issue *r, void *arg);
	void *arg;
};

/* Lists every version matching, then passes on those whose scope the caller manages. */
struct list_filter {
	struct svc_ctx *ctx;
	struct list_arg *l;
	struct periodic_issue *rows;
	size_t n;
};

static void list_keep(const struct periodic_issue *r, void *arg)
{
	struct list_filter *f = arg;
	if (f->n < 1000)
		f->rows[f->n++] = *r;
}

static enum mc_err list_read(struct svc_ctx *ctx, void *arg)
{
	struct list_arg *l = arg;
	const char *scopes = NULL;
	enum mc_err err;
	if (l->unit) {
		if ((err = may_manage(ctx, l->unit)))
			return err;
		json_t *arr = json_pack("[s]", l->unit);
		char *text = json_dumps(arr, JSON_COMPACT);
		json_decref(arr);
		scopes = arena_strdup(ctx->arena, text);
		free(text);
	}
	struct list_filter f = {ctx, l, arena_alloc(ctx->arena, sizeof(struct periodic_issue) * 1000),
				0};
	if ((err = periodicstore_list(ctx->db, ctx->arena, scopes, l->kind, l->year, list_keep, &f)))
		return err;
	for (size_t i = 0; i < f.n; i++) {
		err = may_manage(ctx, f.rows[i].scope);
		if (err == MC_OK)
			l->fn(&f.rows[i], l->arg);
		else if (err != MC_EFORBIDDEN)
			return err;
	}
	return MC_OK;
}

enum mc_err periodic_list(struct svc_ctx *ctx, const char *unit, const char *kind, int64_t year,
			  void (*fn)(const struct periodic_issue *r, void *arg), void *arg)
{
	struct list_arg l = {unit, kind, year, fn, arg};
	if (!ctx->user)
		return MC_EAUTH;
	if (perm_has_role(ctx->user, "citizen") && ctx->user->nroles == 1)
		return MC_EFORBIDDEN;
	return svc_read(ctx, list_read, &l);
}
