/* Electronic receipts of fee payments (docs/fees.md "Receipts"): the PDF of a paid payment with
 * a QR code carrying an Ed25519 signature (the receipt key of svc/receipts.c) over
 * "motcua-fee-receipt-v1\n<receipt no>\n<amount>\n<paid_at>", and the public check of it. */
#ifndef MC_FEE_RECEIPTS_H
#define MC_FEE_RECEIPTS_H

#include "base/buf.h"
#include "store/fee_store.h"
#include "svc/svc.h"

/* The receipt PDF of the dossier's payment order_id (someone who may see the dossier): appended
 * to out. MC_ENOTFOUND for an unknown dossier or order, or one without a receipt (pending,
 * failed). Slow (PDF): call from the slow pool. */
enum mc_err fee_receipts_pdf(struct svc_ctx *ctx, const char *code, const char *order_id,
			     struct buf *out);

struct fee_receipt_check {
	bool valid;
	struct payment p;
	char dossier_code[48];
};

/* Checks a receipt's signature (no login). out->valid false for an unknown number or a bad
 * signature. */
enum mc_err fee_receipts_verify(struct svc_ctx *ctx, const char *receipt_no, const char *sig,
				struct fee_receipt_check *out);

#define CASH_BOOK_MAX_ROWS 20000

/* The cash book of a receiving point for [from, to] as PDF (staff covering the unit, or an
 * administrator): the cash payments of the dossiers it received, at most CASH_BOOK_MAX_ROWS;
 * with collector (a username), the book of that one counter officer. MC_EINVAL ("unit") for an
 * unknown unit; MC_EFORBIDDEN outside the caller's scope. Slow. */
enum mc_err fee_cash_book_pdf(struct svc_ctx *ctx, const char *unit, const char *collector,
			      int64_t from, int64_t to, struct buf *out);
/* The same book as an XLSX file written at path (amounts as numbers, a total row). */
enum mc_err fee_cash_book_xlsx(struct svc_ctx *ctx, const char *unit, const char *collector,
			       int64_t from, int64_t to, const char *path);

#endif
