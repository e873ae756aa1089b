/* SQL of dossier fees, payments and receipt series (store/fee_store.h). Knows nothing of rules,
 * permissions or the payment gateway. */
#include "base/base.h"

#include "store/fee_store.h"

static const char *arena_col(struct arena *a, struct db_stmt *st, int col)
{
	const char *s = db_col_text(st, col);
	return s ? arena_strndup(a, s, db_col_len(st, col)) : NULL;
}

static const char SQL_PUT[] =
	"INSERT INTO dossier_fees (dossier_id, channel, declared, lines, total, paid, refunded, "
	"exempt, exemption_code, exemption_reason, exemption_paper, updated_at, gross) "
	"VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) "
	"ON CONFLICT (dossier_id) DO UPDATE SET channel = excluded.channel, "
	"declared = excluded.declared, lines = excluded.lines, total = excluded.total, "
	"paid = excluded.paid, refunded = excluded.refunded, exempt = excluded.exempt, "
	"exemption_code = excluded.exemption_code, exemption_reason = excluded.exemption_reason, "
	"exemption_paper = excluded.exemption_paper, updated_at = excluded.updated_at, "
	"gross = excluded.gross";

enum mc_err fstore_put(struct db *db, const struct fee_record *f)
{
	struct db_stmt *st = db_prepare(db, SQL_PUT);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, f->dossier_id);
	db_bind_text_kept(st, 2, f->channel, SIZE_MAX);
	db_bind_text_kept(st, 3, f->declared, SIZE_MAX);
	db_bind_text_kept(st, 4, f->lines, SIZE_MAX);
	db_bind_int(st, 5, f->total);
	db_bind_int(st, 6, f->paid);
	db_bind_int(st, 7, f->refunded);
	db_bind_int(st, 8, f->exempt ? 1 : 0);
	db_bind_text_kept(st, 9, f->exemption_code, SIZE_MAX);
	db_bind_text_kept(st, 10, f->exemption_reason, SIZE_MAX);
	db_bind_text_kept(st, 11, f->exemption_paper, SIZE_MAX);
	db_bind_int(st, 12, f->updated_at);
	db_bind_int(st, 13, f->gross);
	return db_run(st);
}

static const char SQL_GET[] =
	"SELECT channel, declared, lines, total, paid, refunded, exempt, exemption_code, "
	"exemption_reason, exemption_paper, updated_at, gross FROM dossier_fees WHERE dossier_id = $1";

enum mc_err fstore_get(struct db *db, struct arena *a, int64_t dossier_id, struct fee_record *out)
{
	struct db_stmt *st = db_prepare(db, SQL_GET);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, dossier_id);
	enum mc_err err = db_step_one(st);
	if (err)
		return err;
	out->dossier_id = dossier_id;
	db_col_copy(st, 0, out->channel, sizeof(out->channel));
	out->declared = arena_col(a, st, 1);
	out->lines = arena_col(a, st, 2);
	out->total = db_col_int(st, 3);
	out->paid = db_col_int(st, 4);
	out->refunded = db_col_int(st, 5);
	out->exempt = db_col_int(st, 6) != 0;
	out->exemption_code = arena_col(a, st, 7);
	out->exemption_reason = arena_col(a, st, 8);
	out->exemption_paper = arena_col(a, st, 9);
	out->updated_at = db_col_int(st, 10);
	out->gross = db_col_int(st, 11);
	return db_run(st);
}

static const char SQL_PAY_INSERT[] =
	"INSERT INTO payments (dossier_id, order_id, method, amount, status, agency, receipt_no, "
	"gateway_ref, created_at, created_by, paid_at) "
	"VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id";

static void bind_time(struct db_stmt *st, int n, int64_t t)
{
	if (t)
		db_bind_int(st, n, t);
	else
		db_bind_null(st, n);
}

enum mc_err fstore_payment_insert(struct db *db, const struct payment *p, int64_t *id)
{
	struct db_stmt *st = db_prepare_insert(db, SQL_PAY_INSERT);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, p->dossier_id);
	db_bind_text(st, 2, p->order_id, SIZE_MAX);
	db_bind_text(st, 3, p->method, SIZE_MAX);
	db_bind_int(st, 4, p->amount);
	db_bind_text(st, 5, p->status, SIZE_MAX);
	db_bind_text(st, 6, p->agency, SIZE_MAX);
	db_bind_text(st, 7, p->receipt_no, SIZE_MAX);
	db_bind_text(st, 8, p->gateway_ref, SIZE_MAX);
	db_bind_int(st, 9, p->created_at);
	db_bind_text(st, 10, p->created_by, SIZE_MAX);
	bind_time(st, 11, p->paid_at);
	return db_insert_id(st, id);
}

#define PAY_COLS                                                                                   \
	"id, dossier_id, order_id, method, amount, status, agency, receipt_no, gateway_ref, "      \
	"created_at, created_by, paid_at, refunded_at, refund_reason "

static void read_payment(struct arena *a, struct db_stmt *st, struct payment *p)
{
	p->id = db_col_int(st, 0);
	p->dossier_id = db_col_int(st, 1);
	db_col_copy(st, 2, p->order_id, sizeof(p->order_id));
	db_col_copy(st, 3, p->method, sizeof(p->method));
	p->amount = db_col_int(st, 4);
	db_col_copy(st, 5, p->status, sizeof(p->status));
	p->agency = arena_col(a, st, 6);
	p->receipt_no = arena_col(a, st, 7);
	p->gateway_ref = arena_col(a, st, 8);
	p->created_at = db_col_int(st, 9);
	p->created_by = arena_col(a, st, 10);
	p->paid_at = db_col_int0(st, 11);
	p->refunded_at = db_col_int0(st, 12);
	p->refund_reason = arena_col(a, st, 13);
}

static const char SQL_PAY_GET[] = "SELECT " PAY_COLS "FROM payments WHERE order_id = $1";

enum mc_err fstore_payment_get(struct db *db, struct arena *a, const char *order_id,
			       struct payment *out)
{
	struct db_stmt *st = db_prepare(db, SQL_PAY_GET);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, order_id, SIZE_MAX);
	enum mc_err err = db_step_one(st);
	if (err)
		return err;
	read_payment(a, st, out);
	return db_run(st);
}

static const char SQL_PAY_BY_RECEIPT[] = "SELECT " PAY_COLS "FROM payments WHERE receipt_no = $1";

enum mc_err fstore_payment_by_receipt(struct db *db, struct arena *a, const char *receipt_no,
				      struct payment *out)
{
	struct db_stmt *st = db_prepare(db, SQL_PAY_BY_RECEIPT);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, receipt_no, SIZE_MAX);
	enum mc_err err = db_step_one(st);
	if (err)
		return err;
	read_payment(a, st, out);
	return db_run(st);
}

static const char SQL_PAY_UPDATE[] =
	"UPDATE payments SET status = $2, receipt_no = $3, gateway_ref = $4, paid_at = $5, "
	"refunded_at = $6, refund_reason = $7 WHERE id = $1";

enum mc_err fstore_payment_update(struct db *db, const struct payment *p)
{
	struct db_stmt *st = db_prepare(db, SQL_PAY_UPDATE);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, p->id);
	db_bind_text(st, 2, p->status, SIZE_MAX);
	db_bind_text(st, 3, p->receipt_no, SIZE_MAX);
	db_bind_text(st, 4, p->gateway_ref, SIZE_MAX);
	bind_time(st, 5, p->paid_at);
	bind_time(st, 6, p->refunded_at);
	db_bind_text(st, 7, p->refund_reason, SIZE_MAX);
	return db_run(st);
}

static const char SQL_PAY_OF[] =
	"SELECT " PAY_COLS "FROM payments WHERE dossier_id = $1 ORDER BY id";

enum mc_err fstore_payments_of(struct db *db, struct arena *a, int64_t dossier_id,
			       void (*fn)(const struct payment *p, void *arg), void *arg)
{
	bool row;
	enum mc_err err;
	struct db_stmt *st = db_prepare(db, SQL_PAY_OF);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, dossier_id);
	while (!(err = db_step(st, &row)) && row) {
		struct payment p;
		read_payment(a, st, &p);
		fn(&p, arg);
	}
	return err;
}

static const char SQL_DOSSIER_OF[] = "SELECT code, receiving_unit FROM dossiers WHERE id = $1";

enum mc_err fstore_dossier_of(struct db *db, int64_t dossier_id, char *code, char *unit)
{
	struct db_stmt *st = db_prepare(db, SQL_DOSSIER_OF);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, dossier_id);
	enum mc_err err = db_step_one(st);
	if (err)
		return err;
	db_col_copy(st, 0, code, 48);
	db_col_copy(st, 1, unit, 32);
	return db_run(st);
}

static const char SQL_RECEIPT_NEXT[] =
	"INSERT INTO receipt_series (agency, year, last) VALUES ($1, $2, 1) "
	"ON CONFLICT (agency, year) DO UPDATE SET last = receipt_series.last + 1 RETURNING last";

enum mc_err fstore_receipt_next(struct db *db, const char *agency, int64_t year, int64_t *n)
{
	struct db_stmt *st = db_prepare(db, SQL_RECEIPT_NEXT);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, agency, SIZE_MAX);
	db_bind_int(st, 2, year);
	return db_insert_id(st, n);
}

/* Dossiers submitted (or received at a counter) in the period, in the scope. */
static const char SQL_FIGURES[] =
	"SELECT count(CASE WHEN f.gross > 0 THEN 1 END), "
	"count(p_on.n), coalesce(sum(p_on.amount), 0), "
	"count(p_ct.n), coalesce(sum(p_ct.amount), 0), "
	"count(CASE WHEN f.exempt = 1 THEN 1 END), "
	"coalesce(sum(CASE WHEN f.exempt = 1 THEN f.gross - f.total ELSE 0 END), 0) "
	"FROM dossier_fees f JOIN dossiers d ON d.id = f.dossier_id "
	"LEFT JOIN (SELECT dossier_id, count(*) AS n, sum(amount) AS amount FROM payments "
	"WHERE method = 'online' AND status = 'paid' GROUP BY dossier_id) p_on "
	"ON p_on.dossier_id = f.dossier_id "
	"LEFT JOIN (SELECT dossier_id, count(*) AS n, sum(amount) AS amount FROM payments "
	"WHERE method = 'cash' AND status = 'paid' GROUP BY dossier_id) p_ct "
	"ON p_ct.dossier_id = f.dossier_id "
	"WHERE d.submitted_at BETWEEN $1 AND $2 AND ($3 IS NULL OR EXISTS (SELECT 1 FROM "
	"dossier_units u WHERE u.dossier_id = d.id AND u.unit IN (SELECT value FROM json_each($3))))";

/* The seven figures of a stepped row, in struct order; then the statement is finished. */
static enum mc_err read_figures(struct db_stmt *st, struct fee_figures *out)
{
	out->with_fee = db_col_int0(st, 0);
	out->paid_online = db_col_int0(st, 1);
	out->paid_online_amount = db_col_int0(st, 2);
	out->paid_counter = db_col_int0(st, 3);
	out->paid_counter_amount = db_col_int0(st, 4);
	out->exempt = db_col_int0(st, 5);
	out->exempt_amount = db_col_int0(st, 6);
	return db_run(st);
}

enum mc_err fstore_figures(struct db *db, int64_t from, int64_t to, const char *units,
			   struct fee_figures *out)
{
	struct db_stmt *st = db_prepare(db, SQL_FIGURES);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, from);
	db_bind_int(st, 2, to);
	db_bind_text(st, 3, units, SIZE_MAX);
	enum mc_err err = db_step_one(st);
	if (err)
		return err;
	return read_figures(st, out);
}

static const char SQL_FIGURES_CELLS[] =
	"SELECT coalesce(sum(with_fee), 0), coalesce(sum(paid_online), 0), "
	"coalesce(sum(paid_online_amount), 0), coalesce(sum(paid_counter), 0), "
	"coalesce(sum(paid_counter_amount), 0), coalesce(sum(exempt), 0), "
	"coalesce(sum(exempt_amount), 0) FROM fee_cells WHERE day BETWEEN $1 AND $2";

enum mc_err fstore_figures_cells(struct db *db, int64_t day_from, int64_t day_to,
				 struct fee_figures *out)
{
	struct db_stmt *st = db_prepare(db, SQL_FIGURES_CELLS);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, day_from);
	db_bind_int(st, 2, day_to);
	enum mc_err err = db_step_one(st);
	if (err)
		return err;
	return read_figures(st, out);
}

static const char SQL_CASH_BOOK[] =
	"SELECT p.receipt_no, d.code, d.applicant_name, COALESCE(u.full_name, p.created_by), "
	"p.status, p.amount, p.paid_at FROM payments p JOIN dossiers d ON d.id = p.dossier_id "
	"LEFT JOIN users u ON u.username = p.created_by WHERE p.method = 'cash' AND "
	"d.receiving_unit = $1 AND p.paid_at BETWEEN $2 AND $3 AND ($5 = '' OR p.created_by = $5) "
	"ORDER BY p.paid_at, p.id LIMIT $4";

enum mc_err fstore_cash_book(struct db *db, struct arena *a, const char *unit,
			     const char *collector, int64_t from, int64_t to, size_t max, void (*fn)(const struct cash_row *r, void *arg),
			     void *arg)
{
	bool row;
	enum mc_err err;
	struct db_stmt *st = db_prepare(db, SQL_CASH_BOOK);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, unit, SIZE_MAX);
	db_bind_int(st, 2, from);
	db_bind_int(st, 3, to);
	db_bind_int(st, 4, (int64_t)max);
	db_bind_text(st, 5, collector ? collector : "", SIZE_MAX);
	while (!(err = db_step(st, &row)) && row) {
		struct cash_row r = {arena_col(a, st, 0), arena_col(a, st, 1), arena_col(a, st, 2),
				     arena_col(a, st, 3), arena_col(a, st, 4), db_col_int(st, 5),
				     db_col_int(st, 6)};
		fn(&r, arg);
	}
	return err;
}
