/* A statistics table as a printable PDF (the indicators, the periodic report): A4 landscape, the
 * unit header of NĐ 30/2020, a title and a period line, a ruled table whose head repeats on every
 * page, notes, and the signature of the person who issues it. */
#ifndef MC_RENDER_REPORT_PDF_H
#define MC_RENDER_REPORT_PDF_H

#include "base/base.h"

#include "base/buf.h"

#define REPORT_PDF_MAX_COLS 14

struct report_pdf {
	const char *governing_unit, *issuing_unit; /* the header's left column */
	const char *number_line;                   /* "Số: .../BC-TTPVHCC" */
	const char *title, *subtitle;              /* subtitle: the period, in italics */
	int64_t now;                               /* dates the report (and the PDF's metadata) */
	size_t ncols;                              /* at most REPORT_PDF_MAX_COLS */
	const double *widths;                      /* points, summing to at most 714 (the landscape text block) */
	const int *align;                          /* PDF_CENTER, PDF_RIGHTALIGN or 0 per column */
	const char *const *head;
	const char *const *cells; /* nrows × ncols, row-major */
	size_t nrows;
	double size;                     /* the table's text size */
	const char *const *notes;        /* lines under the table (NULL-terminated), or NULL */
	const char *signer_title, *signer_name;
};

/* Appends the PDF to out. Errors: MC_EINVAL (invalid UTF-8, too many columns), MC_ETOOBIG (out's
 * cap), MC_EINTERNAL (cairo). */
enum mc_err render_report_pdf(struct buf *out, const struct report_pdf *d);

#endif
