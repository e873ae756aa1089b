/* Form 07, the dossier book, as XLSX (libxlsxwriter, constant-memory mode) and as CSV written by
 * hand (see book.h). It formats rows; choosing which dossiers go in a book is the caller's job. */
#include "base/base.h"

#include <glib.h>
#include <xlsxwriter.h>

#include "base/civil.h"
#include "render/book.h"
#include "render/pdf.h"

#define NCOLS 11
#define XLSX_STRING_MAX 32767

static const char *const heads[NCOLS] = {
	"STT",
	"Mã hồ sơ",
	"Tên TTHC",
	"Tên tổ chức/cá nhân",
	"Địa chỉ/Điện thoại",
	"Cơ quan chủ trì giải quyết",
	"Nhận hồ sơ",
	"Hẹn trả kết quả",
	"Trả kết quả",
	"Phương thức nhận kết quả",
	"Ký nhận",
};

static const double widths[NCOLS] = {6, 26, 36, 24, 30, 26, 16, 16, 16, 18, 12};

static const char *str_or_empty(const char *s)
{
	return s ? s : "";
}

/* "address; ĐT: phone", either part alone, or "" (malloc'd). */
static char *address_phone(const struct book_row *r)
{
	const char *a = str_or_empty(r->address), *p = str_or_empty(r->phone);
	if (!*p)
		return xstrdup(a);
	size_t n = strlen(a) + strlen(p) + 16;
	char *s = xmalloc(n);
	snprintf(s, n, "%s%sĐT: %s", a, *a ? "; " : "", p);
	return s;
}

static bool row_valid(const struct book_row *r)
{
	const char *texts[] = {r->code,  r->procedure_name, r->applicant_name, r->address,
	                       r->phone, r->lead_agency,    r->return_method};
	for (size_t i = 0; i < MC_ARRAY_LEN(texts); i++)
		if (texts[i] && !g_utf8_validate(texts[i], -1, NULL))
			return false;
	return true;
}

/* XLSX. */

struct xlsx {
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *title, *head, *text, *center, *when;
};

/* Excel's serial date-time of an instant, in Vietnam's time (days since 1899-12-30). */
static double excel_time(int64_t t)
{
	return (double)(t + CIVIL_TZ_OFFSET) / CIVIL_DAY + 25569.0;
}

static lxw_format *cell_format(lxw_workbook *wb, uint8_t align)
{
	lxw_format *f = workbook_add_format(wb);
	format_set_border(f, LXW_BORDER_THIN);
	format_set_text_wrap(f);
	format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
	if (align)
		format_set_align(f, align);
	format_set_font_name(f, "Times New Roman");
	format_set_font_size(f, 12);
	return f;
}

static void xlsx_formats(struct xlsx *x)
{
	x->title = workbook_add_format(x->wb);
	format_set_bold(x->title);
	format_set_font_name(x->title, "Times New Roman");
	format_set_font_size(x->title, 14);
	format_set_align(x->title, LXW_ALIGN_CENTER);
	format_set_align(x->title, LXW_ALIGN_VERTICAL_CENTER);
	x->head = cell_format(x->wb, LXW_ALIGN_CENTER);
	format_set_bold(x->head);
	format_set_align(x->head, LXW_ALIGN_VERTICAL_CENTER);
	x->text = cell_format(x->wb, 0);
	x->center = cell_format(x->wb, LXW_ALIGN_CENTER);
	x->when = cell_format(x->wb, LXW_ALIGN_CENTER);
	format_set_num_format(x->when, "dd/mm/yyyy hh:mm");
}

static lxw_error xlsx_sheet(struct xlsx *x, const char *title)
{
	lxw_worksheet *ws = x->ws;
	worksheet_set_paper(ws, 9); /* A4 */
	worksheet_set_landscape(ws);
	worksheet_set_margins(ws, 0.4, 0.4, 0.6, 0.6);
	worksheet_fit_to_pages(ws, 1, 0);
	worksheet_repeat_rows(ws, 1, 1);
	worksheet_freeze_panes(ws, 2, 0);
	worksheet_set_footer(ws, "&CTrang &P/&N");
	for (lxw_col_t c = 0; c < NCOLS; c++)
		worksheet_set_column(ws, c, c, widths[c], NULL);
	worksheet_set_row(ws, 0, 30, NULL);
	lxw_error e = worksheet_merge_range(ws, 0, 0, 0, NCOLS - 1, str_or_empty(title), x->title);
	for (lxw_col_t c = 0; c < NCOLS && !e; c++)
		e = worksheet_write_string(ws, 1, c, heads[c], x->head);
	return e;
}

static lxw_error xlsx_time(struct xlsx *x, lxw_row_t row, lxw_col_t col, int64_t t)
{
	if (!t)
		return worksheet_write_blank(x->ws, row, col, x->center);
	return worksheet_write_number(x->ws, row, col, excel_time(t), x->when);
}

static lxw_error xlsx_row(struct xlsx *x, lxw_row_t row, size_t index, const struct book_row *r)
{
	lxw_worksheet *ws = x->ws;
	char *ap = address_phone(r);
	lxw_error e = worksheet_write_number(ws, row, 0, (double)(index + 1), x->center);
	const char *texts[] = {r->code, r->procedure_name, r->applicant_name, ap, r->lead_agency};
	for (lxw_col_t c = 0; c < MC_ARRAY_LEN(texts) && !e; c++)
		e = worksheet_write_string(ws, row, c + 1, str_or_empty(texts[c]), x->text);
	if (!e)
		e = xlsx_time(x, row, 6, r->received_at);
	if (!e)
		e = xlsx_time(x, row, 7, r->due_at);
	if (!e)
		e = xlsx_time(x, row, 8, r->returned_at);
	if (!e)
		e = worksheet_write_string(ws, row, 9, str_or_empty(r->return_method), x->text);
	if (!e)
		e = worksheet_write_blank(ws, row, 10, x->text);
	free(ap);
	return e;
}

static enum mc_err err_of(lxw_error e)
{
	switch (e) {
	case LXW_NO_ERROR:
		return MC_OK;
	case LXW_ERROR_CREATING_XLSX_FILE:
	case LXW_ERROR_CREATING_TMPFILE:
	case LXW_ERROR_READING_TMPFILE:
	case LXW_ERROR_ZIP_FILE_OPERATION:
	case LXW_ERROR_ZIP_FILE_ADD:
	case LXW_ERROR_ZIP_CLOSE:
		return MC_EIO;
	case LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE:
		return MC_ETOOBIG;
	default:
		return MC_EINVAL;
	}
}

static bool rows_valid(const struct book_row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!row_valid(&rows[i]))
			return false;
	return true;
}

enum mc_err render_book_xlsx(const char *path, const char *title, const struct book_row *rows,
                             size_t n)
{
	if (!rows_valid(rows, n) || (title && !g_utf8_validate(title, -1, NULL)))
		return MC_EINVAL;
	if (n > LXW_ROW_MAX - 2)
		return MC_ETOOBIG;
	lxw_workbook_options opt = {.constant_memory = LXW_TRUE};
	struct xlsx x = {.wb = workbook_new_opt(path, &opt)};
	if (!x.wb)
		return MC_EIO;
	lxw_doc_properties props = {.title = (char *)(uintptr_t)str_or_empty(title), .author = "motcua"};
	workbook_set_properties(x.wb, &props);
	x.ws = workbook_add_worksheet(x.wb, "Sổ theo dõi hồ sơ");
	lxw_error e = x.ws ? LXW_NO_ERROR : LXW_ERROR_CREATING_TMPFILE;
	if (!e)
		xlsx_formats(&x);
	if (!e)
		e = xlsx_sheet(&x, title);
	for (size_t i = 0; i < n && !e; i++)
		e = xlsx_row(&x, (lxw_row_t)(i + 2), i, &rows[i]);
	lxw_error closed = workbook_close(x.wb);
	if (!e)
		e = closed;
	if (e)
		remove(path);
	return err_of(e);
}

/* CSV. */

enum mc_err render_csv_cell(struct buf *out, const char *s, bool last)
{
	s = str_or_empty(s);
	bool formula = s[0] && strchr("=+-@\t\r", s[0]);
	bool quote = strpbrk(s, ",\"\r\n") != NULL;
	enum mc_err err = quote ? buf_append(out, "\"", 1) : MC_OK;
	if (!err && formula)
		err = buf_append(out, "'", 1);
	for (const char *q = s; !err && *q;) {
		const char *dq = strchr(q, '"');
		size_t len = dq ? (size_t)(dq - q) + 1 : strlen(q);
		err = buf_append(out, q, len);
		if (!err && dq)
			err = buf_append(out, "\"", 1); /* a quote inside a cell is doubled */
		q += len;
	}
	if (!err && quote)
		err = buf_append(out, "\"", 1);
	if (!err)
		err = buf_append(out, last ? "\r\n" : ",", last ? 2 : 1);
	return err;
}

/* "26/11/2026 09:00", or "" for 0. */
static void csv_time(int64_t t, char out[48])
{
	out[0] = '\0';
	if (!t)
		return;
	int y = 0, m = 0, d = 0, s = civil_local_secs(t);
	civil_ymd(civil_local_day(t), &y, &m, &d);
	snprintf(out, 48, "%02d/%02d/%04d %02d:%02d", d, m, y, s / 3600, s / 60 % 60);
}

static enum mc_err csv_row(struct buf *out, size_t index, const struct book_row *r)
{
	char no[24], rec[48], due[48], ret[48];
	snprintf(no, sizeof(no), "%zu", index + 1);
	csv_time(r->received_at, rec);
	csv_time(r->due_at, due);
	csv_time(r->returned_at, ret);
	char *ap = address_phone(r);
	const char *cells[NCOLS] = {no,  r->code, r->procedure_name, r->applicant_name,
	                            ap,  r->lead_agency, rec, due, ret, r->return_method, ""};
	enum mc_err err = MC_OK;
	for (size_t c = 0; c < NCOLS && !err; c++)
		err = render_csv_cell(out, cells[c], c == NCOLS - 1);
	free(ap);
	return err;
}

enum mc_err render_book_csv(struct buf *out, const struct book_row *rows, size_t n)
{
	if (!rows_valid(rows, n))
		return MC_EINVAL;
	size_t start = out->len;
	enum mc_err err = buf_append(out, "\xEF\xBB\xBF", 3);
	for (size_t c = 0; c < NCOLS && !err; c++)
		err = render_csv_cell(out, heads[c], c == NCOLS - 1);
	for (size_t i = 0; i < n && !err; i++)
		err = csv_row(out, i, &rows[i]);
	if (err) {
		out->len = start;
		if (out->data)
			out->data[start] = '\0';
	}
	return err;
}

/* PDF: A4 landscape, the national header, the title and period, the ruled table whose head repeats
 * on every page, and the signature of the person who keeps the book. */

enum mc_err render_book_pdf(struct buf *out, const struct book_doc *d)
{
	if (!rows_valid(d->rows, d->n))
		return MC_EINVAL;
	static const double pdf_widths[NCOLS] = {22, 118, 104, 74, 76, 68, 50, 50, 50, 54, 48};
	struct pdf p;
	char date[128], period[160];
	int y = 0, m = 0, dd = 0;
	civil_ymd(civil_local_day(d->now), &y, &m, &dd);
	snprintf(date, sizeof(date), "Hà Nội, ngày %02d tháng %02d năm %04d", dd, m, y);
	char from[48], to[48];
	csv_time(d->from, from);
	csv_time(d->to, to);
	snprintf(period, sizeof(period), "Hồ sơ tiếp nhận từ %s đến %s", from, to);
	pdf_begin_page(&p, out, "SỔ THEO DÕI HỒ SƠ", d->now, true);
	pdf_header(&p, &(struct pdf_header){d->governing_unit, d->issuing_unit,
					    "Số: .../STD-TTPVHCC", date});
	pdf_title(&p, "SỔ THEO DÕI HỒ SƠ");
	pdf_para(&p, period, 12, PDF_CENTER | PDF_ITALIC, 10);
	struct pdf_table t = {.ncols = NCOLS, .size = 8};
	for (size_t c = 0; c < NCOLS; c++) {
		t.widths[c] = pdf_widths[c];
		t.head[c] = heads[c];
		t.align[c] = c == 0 ? PDF_CENTER : 0;
	}
	pdf_table_head(&p, &t);
	for (size_t i = 0; i < d->n; i++) {
		const struct book_row *r = &d->rows[i];
		char no[24], rec[48], due[48], ret[48];
		snprintf(no, sizeof(no), "%zu", i + 1);
		csv_time(r->received_at, rec);
		csv_time(r->due_at, due);
		csv_time(r->returned_at, ret);
		char *ap = address_phone(r);
		const char *cells[NCOLS] = {no,  r->code, r->procedure_name, r->applicant_name, ap,
					    r->lead_agency, rec, due, ret, r->return_method, ""};
		pdf_table_row(&p, &t, cells);
		free(ap);
	}
	if (!d->n)
		pdf_para(&p, "Không có hồ sơ nào trong thời gian này.", 11, PDF_ITALIC, 6);
	p.y += 12;
	pdf_need(&p, 110);
	pdf_signatures(&p, NULL,
		       &(struct pdf_sign){"NGƯỜI GHI SỔ", "(Ký và ghi rõ họ tên)", d->keeper});
	return pdf_finish(&p);
}
