/* Fee receipts (svc/fee_receipts.h): gathering a paid payment's data for render/fee_receipt_pdf.c,
 * signing the verification link, and checking it. */
#include "base/base.h"

#include <jansson.h>
#include <sodium.h>

#include "base/civil.h"
#include "render/book.h"
#include "render/fee_receipt_pdf.h"
#include "store/unit_store.h"
#include "svc/dossier_access.h"
#include "svc/fee_receipts.h"
#include "svc/perm.h"
#include "svc/receipts.h"

static size_t message(const struct payment *p, char *out, size_t cap)
{
	int n = snprintf(out, cap, "motcua-fee-receipt-v1\n%s\n%lld\n%lld", p->receipt_no,
			 (long long)p->amount, (long long)p->paid_at);
	return n < 0 ? cap : (size_t)n;
}

static enum mc_err sign(struct svc_state *s, const struct payment *p, char out[96])
{
	unsigned char sig[crypto_sign_BYTES];
	char msg[512];
	size_t n = message(p, msg, sizeof(msg));
	if (!s->receipts_ready || n >= sizeof(msg))
		return MC_EINTERNAL;
	crypto_sign_detached(sig, NULL, (const unsigned char *)msg, n, s->receipt_sk);
	sodium_bin2base64(out, 96, sig, sizeof(sig), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	return MC_OK;
}

static void url_encode(char *out, size_t cap, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t j = 0;
	for (; *s && j + 4 < cap; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '.' || c == '_') {
			out[j++] = (char)c;
		} else {
			out[j++] = '%';
			out[j++] = hex[c >> 4];
			out[j++] = hex[c & 15];
		}
	}
	out[j] = '\0';
}

struct pdf_args {
	const char *code, *order_id;
	struct dossier d;
	struct fee_record f;
	struct payment p;
	const char *agency_name;
};

static enum mc_err load_tx(struct svc_ctx *ctx, void *arg)
{
	struct pdf_args *a = arg;
	struct unit u;
	enum mc_err err = dossier_get(ctx, a->code, &a->d);
	if (!err)
		err = fstore_payment_get(ctx->db, ctx->arena, a->order_id, &a->p);
	if (!err && (a->p.dossier_id != a->d.id || !a->p.receipt_no))
		err = MC_ENOTFOUND;
	if (!err)
		err = fstore_get(ctx->db, ctx->arena, a->d.id, &a->f);
	a->agency_name = a->p.agency;
	if (!err && unitstore_get(ctx->db, a->p.agency, ctx->now, &u) == MC_OK)
		a->agency_name = arena_strdup(ctx->arena, u.name);
	return err;
}

static void receipt_lines(struct svc_ctx *ctx, const struct fee_record *f,
			  struct fee_receipt_doc *doc)
{
	json_t *arr = json_loads(f->lines ? f->lines : "[]", 0, NULL);
	size_t i, n = 0;
	json_t *l;
	struct fee_receipt_line *lines =
	    arena_alloc(ctx->arena, (json_array_size(arr) + 1) * sizeof(*lines));
	json_array_foreach(arr, i, l) {
		int64_t amount = (int64_t)json_integer_value(json_object_get(l, "amount"));
		if (amount <= 0)
			continue;
		lines[n].name = arena_strdup(ctx->arena, json_string_value(json_object_get(l, "name")));
		lines[n].quantity = (int64_t)json_integer_value(json_object_get(l, "quantity")) *
				    (int64_t)json_integer_value(json_object_get(l, "multiplier"));
		lines[n++].amount = amount;
	}
	json_decref(arr);
	doc->lines = lines;
	doc->nlines = n;
}

enum mc_err fee_receipts_pdf(struct svc_ctx *ctx, const char *code, const char *order_id,
			     struct buf *out)
{
	struct pdf_args *a = arena_alloc(ctx->arena, sizeof(*a));
	char sig[96], base[256], no[128];
	memset(a, 0, sizeof(*a));
	a->code = code;
	a->order_id = order_id;
	if (!ctx->user)
		return MC_EAUTH;
	enum mc_err err = svc_read(ctx, load_tx, a);
	if (!err)
		err = sign(ctx->state, &a->p, sig);
	if (err)
		return err;
	svc_public_url(ctx->state, base);
	url_encode(no, sizeof(no), a->p.receipt_no);
	struct fee_receipt_doc doc = {
		.receipt_no = a->p.receipt_no,
		.agency_name = a->agency_name,
		.payer_name = a->d.applicant_name,
		.payer_id = a->d.applicant_id,
		.dossier_code = a->d.code,
		.procedure_name = a->d.procedure_name,
		.method = a->p.method,
		.gateway_ref = a->p.gateway_ref,
		.collector = strcmp(a->p.method, "cash") == 0 ? a->p.created_by : NULL,
		.amount = a->p.amount,
		.paid_at = a->p.paid_at,
		.qr_payload = arena_printf(ctx->arena, "%s/api/v1/public/fee-receipts/verify?no=%s&sig=%s",
					   base, no, sig),
	};
	receipt_lines(ctx, &a->f, &doc);
	return render_fee_receipt_pdf(&doc, out);
}

struct verify_args {
	const char *no;
	struct fee_receipt_check *out;
};

static enum mc_err verify_tx(struct svc_ctx *ctx, void *arg)
{
	struct verify_args *a = arg;
	char unit[32];
	enum mc_err err = fstore_payment_by_receipt(ctx->db, ctx->arena, a->no, &a->out->p);
	if (!err)
		err = fstore_dossier_of(ctx->db, a->out->p.dossier_id, a->out->dossier_code, unit);
	return err;
}

enum mc_err fee_receipts_verify(struct svc_ctx *ctx, const char *receipt_no, const char *sig,
				struct fee_receipt_check *out)
{
	struct verify_args a = {receipt_no, out};
	unsigned char raw[64];
	char msg[512];
	memset(out, 0, sizeof(*out));
	enum mc_err err = svc_read(ctx, verify_tx, &a);
	if (err == MC_ENOTFOUND)
		return MC_OK;
	if (err)
		return err;
	size_t n = message(&out->p, msg, sizeof(msg));
	out->valid = n < sizeof(msg) && receipts_sig_decode(sig, raw) &&
		     crypto_sign_verify_detached(raw, (const unsigned char *)msg, n,
						 ctx->state->receipt_pk) == 0;
	return MC_OK;
}

struct book_run {
	struct cash_book_row *rows;
	size_t n;
};

static void add_cash_row(const struct cash_row *r, void *arg)
{
	struct book_run *b = arg;
	b->rows[b->n++] = (struct cash_book_row){r->receipt_no, r->dossier_code, r->payer,
						 r->collector, r->amount, r->paid_at,
						 strcmp(r->status, "refunded") == 0};
}

struct book_args {
	const char *unit, *collector;
	int64_t from, to;
	struct unit u, parent;
	bool has_parent;
	struct book_run run;
};

static enum mc_err book_tx(struct svc_ctx *ctx, void *arg)
{
	struct book_args *a = arg;
	if (!a->unit || unitstore_get(ctx->db, a->unit, ctx->now, &a->u) != MC_OK) {
		problem_add(ctx->problem, "unit", "is not a known unit", "đơn vị không tồn tại");
		return MC_EINVAL;
	}
	if (!perm_has_role(ctx->user, "admin") && perm_check(ctx, NULL, a->unit) != MC_OK)
		return MC_EFORBIDDEN;
	a->has_parent = a->u.parent[0] &&
			unitstore_get(ctx->db, a->u.parent, ctx->now, &a->parent) == MC_OK;
	a->run.rows = arena_alloc(ctx->arena, CASH_BOOK_MAX_ROWS * sizeof(*a->run.rows));
	return fstore_cash_book(ctx->db, ctx->arena, a->unit, a->collector, a->from, a->to,
				CASH_BOOK_MAX_ROWS, add_cash_row, &a->run);
}

/* Reads the book's rows and units in one read transaction. */
static enum mc_err load_book(struct svc_ctx *ctx, const char *unit, const char *collector,
			     int64_t from, int64_t to, struct book_args **out)
{
	struct book_args *a = arena_alloc(ctx->arena, sizeof(*a));
	memset(a, 0, sizeof(*a));
	a->unit = unit;
	a->collector = collector;
	a->from = from;
	a->to = to;
	*out = a;
	if (!ctx->user)
		return MC_EAUTH;
	return svc_read(ctx, book_tx, a);
}

enum mc_err fee_cash_book_pdf(struct svc_ctx *ctx, const char *unit, const char *collector,
			      int64_t from, int64_t to, struct buf *out)
{
	struct book_args *a;
	enum mc_err err = load_book(ctx, unit, collector, from, to, &a);
	if (err)
		return err;
	struct cash_book_doc d = {
		.governing_unit = a->has_parent ? a->parent.name : "UBND thành phố Hà Nội",
		.unit_name = a->u.name,
		.keeper = ctx->user->full_name,
		.from = from,
		.to = to,
		.now = ctx->now,
		.rows = a->run.rows,
		.n = a->run.n,
	};
	return render_cash_book_pdf(&d, out);
}

/* "30/11/2026": day as Vietnamese documents write it. */
static void dmy(int64_t day, char out[16])
{
	int y, m, d;
	civil_ymd(day, &y, &m, &d);
	snprintf(out, 16, "%02d/%02d/%04d", d, m, y);
}

static const char *const book_heads[] = {"STT", "Số biên lai", "Mã hồ sơ", "Người nộp",
					 "Thời gian nộp", "Số tiền (đồng)", "Người thu",
					 "Ghi chú"};

enum mc_err fee_cash_book_xlsx(struct svc_ctx *ctx, const char *unit, const char *collector,
			       int64_t from, int64_t to, const char *path)
{
	enum { NCOLS = MC_ARRAY_LEN(book_heads) };
	struct book_args *a;
	enum mc_err err = load_book(ctx, unit, collector, from, to, &a);
	if (err)
		return err;
	const char **cells = arena_alloc(ctx->arena, (a->run.n + 1) * NCOLS * sizeof(*cells));
	int64_t sum = 0;
	for (size_t i = 0; i < a->run.n; i++) {
		const struct cash_book_row *r = &a->run.rows[i];
		int64_t day = civil_local_day(r->paid_at);
		int secs = civil_local_secs(r->paid_at);
		char date[16];
		dmy(day, date);
		const char **c = &cells[i * NCOLS];
		c[0] = arena_printf(ctx->arena, "%zu", i + 1);
		c[1] = r->receipt_no;
		c[2] = r->dossier_code;
		c[3] = r->payer;
		c[4] = arena_printf(ctx->arena, "%02d:%02d %s", secs / 3600, secs % 3600 / 60, date);
		c[5] = arena_printf(ctx->arena, "%lld", (long long)r->amount);
		c[6] = r->collector;
		c[7] = r->refunded ? "Đã hoàn trả" : "";
		if (!r->refunded)
			sum += r->amount;
	}
	const char **t = &cells[a->run.n * NCOLS];
	for (size_t c = 0; c < NCOLS; c++)
		t[c] = "";
	t[1] = "Tổng cộng";
	t[5] = arena_printf(ctx->arena, "%lld", (long long)sum);
	char f[16], e[16];
	dmy(civil_local_day(from), f);
	dmy(civil_local_day(to), e);
	const char *title = arena_printf(ctx->arena, "SỔ THU PHÍ, LỆ PHÍ BẰNG TIỀN MẶT – %s (%s – %s)",
					 a->u.name, f, e);
	return render_table_xlsx(path, title, book_heads, NCOLS, cells, a->run.n + 1, 0);
}
