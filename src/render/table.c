/* Plain tables as XLSX (libxlsxwriter, constant memory) and CSV (UTF-8 BOM, formula guard): the
 * statistics exports. */
#include "base/base.h"

#include <xlsxwriter.h>

#include "render/book.h"

static bool is_number(const char *s, double *out)
{
	if (!s)
		return false;
	const char *p = s + (*s == '-');
	size_t digits = 0, dots = 0, before = 0;
	for (const char *c = p; *c; c++) {
		if (*c == '.') {
			if (dots++ || digits == 0)
				return false;
			before = digits;
		} else if (*c >= '0' && *c <= '9') {
			digits++;
		} else {
			return false;
		}
	}
	if (digits == 0 || digits > 15 || (dots && before == digits) ||
	    (p[0] == '0' && (dots ? before > 1 : digits > 1)))
		return false;
	*out = strtod(s, NULL);
	return true;
}

enum mc_err render_table_xlsx(const char *path, const char *title, const char *const *head,
			      size_t ncols, const char *const *cells, size_t nrows, uint32_t text_cols)
{
	lxw_workbook_options opt = {.constant_memory = LXW_TRUE, .tmpdir = NULL};
	lxw_workbook *wb = workbook_new_opt(path, &opt);
	if (!wb)
		return MC_EIO;
	lxw_worksheet *ws = workbook_add_worksheet(wb, NULL);
	lxw_format *bold = workbook_add_format(wb);
	format_set_bold(bold);
	lxw_error e = worksheet_write_string(ws, 0, 0, title ? title : "", bold);
	for (size_t c = 0; !e && c < ncols; c++)
		e = worksheet_write_string(ws, 1, (lxw_col_t)c, head[c], bold);
	for (size_t r = 0; !e && r < nrows; r++)
		for (size_t c = 0; !e && c < ncols; c++) {
			const char *v = cells[r * ncols + c];
			double num;
			lxw_row_t row = (lxw_row_t)(r + 2);
			e = !(c < 32 && (text_cols >> c & 1u)) && is_number(v, &num)
				    ? worksheet_write_number(ws, row, (lxw_col_t)c, num, NULL)
					       : worksheet_write_string(ws, row, (lxw_col_t)c, v ? v : "",
									NULL);
		}
	lxw_error closed = workbook_close(wb);
	if (e || closed) {
		remove(path);
		return MC_EIO;
	}
	return MC_OK;
}

enum mc_err render_table_csv(struct buf *out, const char *const *head, size_t ncols,
			     const char *const *cells, size_t nrows)
{
	enum mc_err err = buf_append(out, "\xef\xbb\xbf", 3);
	for (size_t c = 0; !err && c < ncols; c++)
		err = render_csv_cell(out, head[c], c + 1 == ncols);
	for (size_t r = 0; !err && r < nrows; r++)
		for (size_t c = 0; !err && c < ncols; c++)
			err = render_csv_cell(out, cells[r * ncols + c], c + 1 == ncols);
	return err;
}
