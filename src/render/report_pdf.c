/* Statistics tables as PDF (render/report_pdf.h): layout only; page mechanics live in pdf.c. */
#include "base/base.h"

#include <stdio.h>

#include "base/civil.h"
#include "render/pdf.h"
#include "render/report_pdf.h"

enum mc_err render_report_pdf(struct buf *out, const struct report_pdf *d)
{
	if (d->ncols == 0 || d->ncols > REPORT_PDF_MAX_COLS || d->ncols > PDF_TABLE_MAX_COLS)
		return MC_EINVAL;
	struct pdf p;
	char date[128];
	int y = 0, m = 0, dd = 0;
	civil_ymd(civil_local_day(d->now), &y, &m, &dd);
	snprintf(date, sizeof(date), "Hà Nội, ngày %02d tháng %02d năm %04d", dd, m, y);
	pdf_begin_page(&p, out, d->title, d->now, true);
	pdf_header(&p, &(struct pdf_header){d->governing_unit, d->issuing_unit, d->number_line,
					    date});
	pdf_title(&p, d->title);
	if (d->subtitle)
		pdf_para(&p, d->subtitle, 12, PDF_CENTER | PDF_ITALIC, 10);
	struct pdf_table t = {.ncols = d->ncols, .size = d->size > 0 ? d->size : 9};
	for (size_t c = 0; c < d->ncols; c++) {
		t.widths[c] = d->widths[c];
		t.head[c] = d->head[c];
		t.align[c] = d->align ? d->align[c] : 0;
	}
	pdf_table_head(&p, &t);
	for (size_t r = 0; r < d->nrows; r++)
		pdf_table_row(&p, &t, &d->cells[r * d->ncols]);
	p.y += 6;
	for (size_t i = 0; d->notes && d->notes[i]; i++)
		pdf_para(&p, d->notes[i], 9.5, PDF_ITALIC, 2);
	p.y += 10;
	pdf_need(&p, 110);
	pdf_signatures(&p, NULL,
		       &(struct pdf_sign){d->signer_title, "(Ký, ghi rõ họ tên)", d->signer_name});
	return pdf_finish(&p);
}
