/* The official forms of a dossier (01–06), of counter notes (02, 03) and the tracking book (07):
 * gathers what each form prints from the dossier, its history and the units, and renders it. */
#ifndef MC_FORMS_H
#define MC_FORMS_H

#include "base/buf.h"
#include "svc/svc.h"

#define FORMS_DOSSIER_MAX 6 /* a dossier's forms are 01 to 06 */

struct form_ref {
	int form;	   /* 1..6 */
	const char *title; /* its official title, in sentence case */
};

/* The forms dossier code has now (those forms_dossier_pdf renders), in order, into out (room
 * for FORMS_DOSSIER_MAX). MC_ENOTFOUND when the dossier is not visible to the caller. */
enum mc_err forms_dossier_list(struct svc_ctx *ctx, const char *code, struct form_ref *out,
			       size_t *n);
/* A form of a dossier the caller may see. MC_ENOTFOUND when the dossier is not visible or the
 * form does not apply (02 without a completion or supplement request, 03 unless refused, 04
 * unless extended, 05 unless stopped, 01 before reception, 06 before transfer). */
enum mc_err forms_dossier_pdf(struct svc_ctx *ctx, const char *code, int form, struct buf *out);
/* Form 02 or 03 of a counter note (the receiver who covers its point). */
/* Form 01 or 04 of a dossier, signed (svc/signing.h, signing_sign_form): Form 01 with the
 * receiving unit's certificate, else the Center's; Form 04 with the resolver unit's. signer gets
 * the unit that signed. MC_EINVAL (field "signed") for another form; MC_ECONFLICT (409) without a
 * usable certificate. */
enum mc_err forms_dossier_pdf_signed(struct svc_ctx *ctx, const char *code, int form,
				     struct buf *out, char signer[32]);
enum mc_err forms_note_pdf(struct svc_ctx *ctx, const char *number, bool guidance, struct buf *out);
/* Form 07 of a receiving unit for dossiers received in [from, to]: XLSX into a file of the
 * caller (path), or CSV into out. Staff covering the unit (404 otherwise). */
enum mc_err forms_book(struct svc_ctx *ctx, const char *unit, int64_t from, int64_t to,
		       const char *xlsx_path, struct buf *csv_out);
/* The same book as a printable PDF (A4 landscape), signed by the caller as its keeper. */
enum mc_err forms_book_pdf(struct svc_ctx *ctx, const char *unit, int64_t from, int64_t to,
			   struct buf *out);

#endif
