/* A one-page electronic result document (the demo's stand-in for a real result such as a
 * "Trích lục"): the header of the deciding unit, its number, the title and whom it is for. The
 * server signs it like any result PDF (svc/signing.h); this module only draws. */
#ifndef MC_RESULT_PDF_H
#define MC_RESULT_PDF_H

#include "base/base.h"
#include "base/buf.h"

struct result_doc {
	const char *governing_unit; /* "UBND THÀNH PHỐ HÀ NỘI" */
	const char *issuing_unit;   /* the deciding unit's name */
	const char *number;         /* "TLGH/2026" */
	const char *title;          /* "Trích lục đăng ký giám hộ" */
	const char *applicant;      /* the applicant's name */
	const char *dossier_code;
	int64_t date; /* of the decision, epoch seconds */
};

/* Appends the PDF to out. MC_ETOOBIG at out's cap, MC_EINVAL for invalid text, MC_EINTERNAL when
 * cairo fails; out is left as it was on error. Thread-safe (pango per call). */
enum mc_err result_pdf_render(const struct result_doc *r, struct buf *out);

#endif
