/* Fees of dossiers and their payments (SQL only; docs/fees.md): the fee record computed at intake,
 * each payment (cash or online, with its order id), and the receipt number series per collecting
 * agency and year. Strings of loaded rows live in the caller's arena. */
#ifndef MC_FEE_STORE_H
#define MC_FEE_STORE_H

#include "base/arena.h"
#include "store/db.h"

struct fee_record {
	int64_t dossier_id;
	char channel[8];           /* "counter" or "online" */
	const char *declared;      /* JSON object text */
	const char *lines;         /* JSON array text */
	int64_t gross, total, paid, refunded; /* gross: before exemptions */
	bool exempt;
	const char *exemption_code, *exemption_reason, *exemption_paper; /* NULL = none */
	int64_t updated_at;
};

/* Inserts or replaces the dossier's fee record (paid and refunded included). */
enum mc_err fstore_put(struct db *db, const struct fee_record *f);
/* Loads it; MC_ENOTFOUND when the dossier has none (received before fees existed). */
enum mc_err fstore_get(struct db *db, struct arena *a, int64_t dossier_id, struct fee_record *out);

struct payment {
	int64_t id, dossier_id;
	char order_id[40];
	char method[8];  /* "cash" or "online" */
	int64_t amount;
	char status[12]; /* "pending", "paid", "failed" or "refunded" */
	const char *agency, *receipt_no, *gateway_ref, *created_by, *refund_reason;
	int64_t created_at, paid_at, refunded_at; /* 0 = not yet */
};

/* Inserts a payment; *id gets its id. MC_ECONFLICT when the order id exists. */
enum mc_err fstore_payment_insert(struct db *db, const struct payment *p, int64_t *id);
/* The payment of an order id; MC_ENOTFOUND when none. */
enum mc_err fstore_payment_get(struct db *db, struct arena *a, const char *order_id,
			       struct payment *out);
/* The payment of a receipt number; MC_ENOTFOUND when none. */
enum mc_err fstore_payment_by_receipt(struct db *db, struct arena *a, const char *receipt_no,
				      struct payment *out);
/* Writes status, receipt_no, gateway_ref, paid_at, refunded_at and refund_reason of p (by id). */
enum mc_err fstore_payment_update(struct db *db, const struct payment *p);
/* The dossier's payments, oldest first: fn gets each (the row lives during the call). */
enum mc_err fstore_payments_of(struct db *db, struct arena *a, int64_t dossier_id,
			       void (*fn)(const struct payment *p, void *arg), void *arg);
/* The code and receiving unit of a dossier by id (code: 48 bytes, unit: 32). */
enum mc_err fstore_dossier_of(struct db *db, int64_t dossier_id, char *code, char *unit);
/* The next receipt number of an agency in a year (1, 2, ...), inside the caller's write
 * transaction. */
enum mc_err fstore_receipt_next(struct db *db, const char *agency, int64_t year, int64_t *n);

/* A row of the cash book: a cash payment and its dossier. */
struct cash_row {
	const char *receipt_no, *dossier_code, *payer, *collector, *status;
	int64_t amount, paid_at;
};
/* Cash payments of dossiers received at unit (their receiving point) paid in [from, to], taken
 * by collector (a username; NULL: anyone), in order of payment, at most max: fn gets each
 * (strings in a; collector: the collector's full name). */
enum mc_err fstore_cash_book(struct db *db, struct arena *a, const char *unit,
			     const char *collector, int64_t from, int64_t to, size_t max, void (*fn)(const struct cash_row *r, void *arg),
			     void *arg);

/* Figures of dossiers received (or submitted) in [from, to] whose receiving unit is in the JSON
 * array text units (NULL = all): dossiers with a fee record whose total is above zero; those paid
 * online / at the counter (count and amount of their paid payments, refunded ones excluded);
 * exempt (count and the gross amount waived). */
struct fee_figures {
	int64_t with_fee, paid_online, paid_online_amount, paid_counter, paid_counter_amount;
	int64_t exempt, exempt_amount;
};
enum mc_err fstore_figures(struct db *db, int64_t from, int64_t to, const char *units,
			   struct fee_figures *out);
/* The same figures city-wide for whole local days [day_from, day_to] ((t + 25200) / 86400), summed
 * from the cells that migration 0037 keeps (fee_cells): the same numbers as fstore_figures with
 * units NULL, from the first second of day_from to the last of day_to. */
enum mc_err fstore_figures_cells(struct db *db, int64_t day_from, int64_t day_to,
				 struct fee_figures *out);

#endif
