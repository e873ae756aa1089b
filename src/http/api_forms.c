/* Official forms over HTTP: a dossier's forms 01–06 and the counter notes' 02/03 as PDF, the
 * tracking book (Form 07) as XLSX and CSV. All run on the slow pool, so that rendering never holds
 * a worker thread. */
#include "base/base.h"

#include "base/civil.h"
#include "http/http.h"
#include "svc/forms.h"

#define PDF_MAX (16 * 1024 * 1024)
#define PDF_BOOK_MAX (64 * 1024 * 1024) /* a book of BOOK_MAX_ROWS rows */

static void send_pdf(struct req *r, struct buf *b, const char *name)
{
	size_t len;
	char *data = buf_take(b, &len);
	r->out_disposition = arena_printf(&r->arena, "inline; filename=\"%s\"", name);
	resp_bytes(r, 200, "application/pdf", data, len);
}

static void get_dossier_form(struct req *r)
{
	const char *name = req_param(r, 1);
	int form = 0;
	if (strlen(name) == 6 && name[0] == '0' && name[1] >= '1' && name[1] <= '6' &&
	    !strcmp(name + 2, ".pdf"))
		form = name[1] - '0';
	if (!form) {
		resp_problem(r, 404, "forms are 01.pdf to 06.pdf", "chỉ có biểu mẫu 01 đến 06");
		return;
	}
	int sign = qarg_bool(r, "signed"); /* names a value other than true/false */
	if (problems_or_reply(r))
		return;
	struct buf b;
	char signer[32] = "";
	buf_init(&b, PDF_MAX);
	enum mc_err err = sign == 1 ? forms_dossier_pdf_signed(&r->ctx, req_param(r, 0), form, &b,
							     signer)
				    : forms_dossier_pdf(&r->ctx, req_param(r, 0), form, &b);
	if (err) {
		buf_release(&b);
		resp_err(r, err);
		return;
	}
	send_pdf(r, &b,
		 arena_printf(&r->arena, "%s-mau-%02d%s.pdf", req_param(r, 0), form,
			      sign == 1 ? "-ky-so" : ""));
}

/* {"items": [{"form": "01", "title", "href"}]}: the forms the dossier has now, without rendering. */
static void get_dossier_forms(struct req *r)
{
	struct form_ref forms[FORMS_DOSSIER_MAX];
	size_t n;
	enum mc_err err = forms_dossier_list(&r->ctx, req_param(r, 0), forms, &n);
	if (err) {
		resp_err(r, err);
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++) {
		char number[3];
		snprintf(number, sizeof(number), "%02d", forms[i].form);
		json_array_append_new(
			items, json_pack("{s:s, s:s, s:s}", "form", number, "title", forms[i].title,
					 "href",
					 arena_printf(&r->arena, "/api/v1/dossiers/%s/forms/%s.pdf",
						      req_param(r, 0), number)));
	}
	resp_json(r, 200, json_pack("{s:o}", "items", items));
}

static void note_form(struct req *r, bool guidance)
{
	struct buf b;
	buf_init(&b, PDF_MAX);
	enum mc_err err = forms_note_pdf(&r->ctx, req_param(r, 0), guidance, &b);
	if (err) {
		buf_release(&b);
		resp_err(r, err);
		return;
	}
	send_pdf(r, &b, arena_printf(&r->arena, "%s.pdf", req_param(r, 0)));
}

static void get_guidance_form(struct req *r)
{
	note_form(r, true);
}

static void get_refusal_form(struct req *r)
{
	note_form(r, false);
}

/* unit, from (default: the first day of this month), to (default: now). */
static bool book_args_or_reply(struct req *r, const char **unit, int64_t *from, int64_t *to)
{
	bool present;
	int y, m, d;
	*unit = qarg_code(r, "unit", UNIT_CODE_MAX - 1);
	if (!req_arg_set(r, "unit"))
		problem_add(&r->problem, "unit", "is required", "tham số bắt buộc");
	civil_ymd(civil_local_day(r->ctx.now), &y, &m, &d);
	*from = civil_instant(civil_days(y, m, 1), 0);
	*to = r->ctx.now;
	time_arg(r, "from", true, from, &present);
	time_arg(r, "to", false, to, &present);
	if (!r->problem.n && *to < *from)
		problem_add(&r->problem, "to", "must not be before from", "phải sau thời điểm bắt đầu");
	return problems_or_reply(r);
}

/* Form 07 built in memory: CSV, or PDF to print. */
static void reply_book(struct req *r, bool pdf)
{
	const char *unit;
	int64_t from, to;
	struct buf b;
	if (book_args_or_reply(r, &unit, &from, &to))
		return;
	buf_init(&b, pdf ? PDF_BOOK_MAX : 64 * 1024 * 1024);
	enum mc_err err = pdf ? forms_book_pdf(&r->ctx, unit, from, to, &b)
			      : forms_book(&r->ctx, unit, from, to, NULL, &b);
	if (err) {
		buf_release(&b);
		resp_err(r, err);
		return;
	}
	size_t len;
	char *data = buf_take(&b, &len);
	r->out_disposition = pdf ? "inline; filename=\"so-theo-doi-ho-so.pdf\""
				 : "attachment; filename=\"so-theo-doi-ho-so.csv\"";
	resp_bytes(r, 200, pdf ? "application/pdf" : "text/csv; charset=utf-8", data, len);
}

static void get_book_csv(struct req *r)
{
	reply_book(r, false);
}

static void get_book_pdf(struct req *r)
{
	reply_book(r, true);
}

static void get_book_xlsx(struct req *r)
{
	const char *unit;
	int64_t from, to;
	if (book_args_or_reply(r, &unit, &from, &to))
		return;
	char *path = resp_tmp_path(r, "book", "xlsx");
	enum mc_err err = forms_book(&r->ctx, unit, from, to, path, NULL);
	resp_tmp_file(r, err, path, XLSX_TYPE, "attachment; filename=\"so-theo-doi-ho-so.xlsx\"");
}

const struct route api_forms_routes[] = {
	{"GET", "/api/v1/reports/tracking-book.pdf", get_book_pdf, R_AUTH | R_SLOW},
	{"GET", "/api/v1/dossiers/{code}/forms", get_dossier_forms, R_AUTH},
	{"GET", "/api/v1/dossiers/{code}/forms/{name}", get_dossier_form, R_AUTH | R_SLOW},
	{"GET", "/api/v1/intake-guidance/{number}/form.pdf", get_guidance_form, R_AUTH | R_SLOW},
	{"GET", "/api/v1/intake-refusals/{number}/form.pdf", get_refusal_form, R_AUTH | R_SLOW},
	{"GET", "/api/v1/reports/tracking-book.csv", get_book_csv, R_AUTH | R_SLOW},
	{"GET", "/api/v1/reports/tracking-book.xlsx", get_book_xlsx, R_AUTH | R_SLOW},
	{NULL, NULL, NULL, 0},
};
