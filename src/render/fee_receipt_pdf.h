/* The electronic receipt of a fee payment (biên lai thu phí, lệ phí) as a one-page A4 PDF: the
 * collecting agency's header with the receipt number, the payer, the dossier, one row per fee
 * line, the total in đồng, the method, and a QR code that opens the receipt's verification.
 * Drawn with render/pdf.h; thread-safe as it is. */
#ifndef MC_FEE_RECEIPT_PDF_H
#define MC_FEE_RECEIPT_PDF_H

#include "base/buf.h"

struct fee_receipt_line {
	const char *name;
	int64_t quantity, amount;
};

struct fee_receipt_doc {
	const char *receipt_no, *agency_name;
	const char *payer_name, *payer_id, *dossier_code, *procedure_name;
	const char *method;      /* "cash" or "online" */
	const char *gateway_ref; /* online: the gateway's transaction number, or NULL */
	const char *collector;   /* who recorded it (cash), or NULL */
	int64_t amount, paid_at;
	const struct fee_receipt_line *lines;
	size_t nlines;
	const char *qr_payload; /* the verification URL (at most ~210 bytes) */
};

/* "1.234.567": an amount in đồng with dots between thousands (out: 32 bytes). */
void render_vnd(int64_t v, char out[32]);

/* Appends the PDF to out. MC_ETOOBIG when out reaches its cap; MC_EINVAL for invalid text or a
 * QR payload too long. */
enum mc_err render_fee_receipt_pdf(const struct fee_receipt_doc *d, struct buf *out);

/* The daily cash book of a receiving point (sổ thu tiền mặt): one row per cash payment. */
struct cash_book_row {
	const char *receipt_no, *dossier_code, *payer, *collector;
	int64_t amount, paid_at;
	bool refunded;
};
struct cash_book_doc {
	const char *governing_unit, *unit_name, *keeper;
	int64_t from, to, now;
	const struct cash_book_row *rows;
	size_t n;
};
/* Appends the book (A4 landscape) to out. Errors as render_fee_receipt_pdf. */
enum mc_err render_cash_book_pdf(const struct cash_book_doc *d, struct buf *out);

#endif
