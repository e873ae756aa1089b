/* Payments (svc/payments.h): cash at the counter, and online payment through a gateway using
 * VNPAY's published parameter names and signing scheme (HMAC-SHA512 over the parameters sorted
 * by name; docs/fees.md cites the public documentation). The code is ours. */
#include "base/base.h"

#include <jansson.h>
#include <sodium.h>

#include "base/buf.h"
#include "base/civil.h"
#include "base/log.h"
#include "svc/audit.h"
#include "svc/dossier_access.h"
#include "svc/payments.h"
#include "svc/perm.h"

static void new_order_id(char prefix, char out[40])
{
	unsigned char rnd[8];
	char hex[17];
	randombytes_buf(rnd, sizeof(rnd));
	sodium_bin2hex(hex, sizeof(hex), rnd, sizeof(rnd));
	snprintf(out, 40, "%c%s", prefix, hex);
}

static void buf_putc(struct buf *b, char c)
{
	buf_append(b, &c, 1);
}

static void form_encode(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		bool keep = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
			    (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' || *p == '.' ||
			    *p == '~';
		if (keep) {
			buf_putc(b, (char)*p);
		} else if (*p == ' ') {
			buf_putc(b, '+');
		} else {
			buf_putc(b, '%');
			buf_putc(b, hex[*p >> 4]);
			buf_putc(b, hex[*p & 15]);
		}
	}
}

static bool signed_param(const struct pay_param *p)
{
	return strncmp(p->key, "vnp_", 4) == 0 && strcmp(p->key, "vnp_SecureHash") != 0 &&
	       strcmp(p->key, "vnp_SecureHashType") != 0 && p->value && *p->value;
}

char *payments_canonical(struct arena *a, const struct pay_param *params, size_t n)
{
	const struct pay_param **order = arena_alloc(a, (n ? n : 1) * sizeof(*order));
	size_t m = 0;
	struct buf b;
	for (size_t i = 0; i < n; i++)
		if (signed_param(&params[i])) {
			size_t j = m++;
			for (; j > 0 && strcmp(order[j - 1]->key, params[i].key) > 0; j--)
				order[j] = order[j - 1];
			order[j] = &params[i];
		}
	buf_init(&b, 64 * 1024);
	for (size_t i = 0; i < m; i++) {
		if (i)
			buf_putc(&b, '&');
		form_encode(&b, order[i]->key);
		buf_putc(&b, '=');
		form_encode(&b, order[i]->value);
	}
	char *out = arena_strndup(a, b.data ? b.data : "", b.len);
	buf_release(&b);
	return out;
}

void payments_sign(const char *secret, const char *text, char out[129])
{
	crypto_auth_hmacsha512_state st;
	unsigned char mac[crypto_auth_hmacsha512_BYTES];
	crypto_auth_hmacsha512_init(&st, (const unsigned char *)secret, strlen(secret));
	crypto_auth_hmacsha512_update(&st, (const unsigned char *)text, strlen(text));
	crypto_auth_hmacsha512_final(&st, mac);
	sodium_bin2hex(out, 129, mac, sizeof(mac));
	sodium_memzero(&st, sizeof(st));
}

/* The collecting agency: the first line's agency, else the dossier's resolver unit. */
static const char *agency_of(struct svc_ctx *ctx, const struct fee_record *f,
			     const struct dossier *d)
{
	json_t *lines = json_loads(f->lines ? f->lines : "[]", 0, NULL);
	const char *out = d->resolver_unit;
	size_t i;
	json_t *l;
	json_array_foreach(lines, i, l) {
		const char *ag = json_string_value(json_object_get(l, "agency"));
		if (ag && *ag) {
			out = arena_strdup(ctx->arena, ag);
			break;
		}
	}
	json_decref(lines);
	return out;
}

static enum mc_err receipt_number(struct svc_ctx *ctx, struct payment *p)
{
	int y, m, dd;
	int64_t n;
	civil_ymd(civil_local_day(ctx->now), &y, &m, &dd);
	enum mc_err err = fstore_receipt_next(ctx->db, p->agency, y, &n);
	if (!err)
		p->receipt_no = arena_printf(ctx->arena, "%s/%d/%06lld", p->agency, y, (long long)n);
	return err;
}

static enum mc_err audit_payment(struct svc_ctx *ctx, const struct dossier *d, const char *action,
				 const struct payment *p)
{
	json_t *o = json_pack("{s:s, s:s, s:I, s:s, s:o}", "order_id", p->order_id, "method",
			      p->method, "amount", (json_int_t)p->amount, "status", p->status,
			      "receipt_no", p->receipt_no ? json_string(p->receipt_no) : json_null());
	char *detail = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
	const char *entity = arena_printf(ctx->arena, "dossier:%s", d->code);
	enum mc_err err = ctx->user ? audit_append(ctx, d->receiving_unit, action, entity, detail)
				    : audit_append_as(ctx->db, ctx->real_now, "payment_gateway",
						      d->receiving_unit, action, entity, detail);
	free(detail);
	json_decref(o);
	return err;
}

/* The dossier, its fee record and what is due, with the checks common to both methods. */
static enum mc_err due_of(struct svc_ctx *ctx, const char *code, struct dossier *d,
			  struct fee_record *f, int64_t *due)
{
	enum mc_err err = dossier_get(ctx, code, d);
	if (err)
		return err;
	err = fstore_get(ctx->db, ctx->arena, d->id, f);
	if (err && err != MC_ENOTFOUND)
		return err;
	*due = err ? 0 : f->total - f->paid;
	if (*due <= 0 || !ds_status_open(d->status)) {
		problem_detail(ctx->problem,
			       *due <= 0 ? "nothing is due on this dossier"
					 : "the dossier is closed",
			       *due <= 0 ? "hồ sơ không còn khoản phí, lệ phí phải nộp"
					 : "hồ sơ đã kết thúc");
		return MC_ECONFLICT;
	}
	return MC_OK;
}

struct cash_args {
	const char *code;
	int64_t amount;
	struct payment *out;
};

static enum mc_err cash_tx(struct svc_ctx *ctx, void *arg)
{
	struct cash_args *a = arg;
	struct dossier d;
	struct fee_record f;
	int64_t due;
	enum mc_err err = dossier_get(ctx, a->code, &d);
	if (err)
		return err;
	if (perm_check(ctx, "receiver", d.receiving_unit) &&
	    (err = perm_check(ctx, "receiver", d.return_unit)))
		return err;
	if ((err = due_of(ctx, a->code, &d, &f, &due)))
		return err;
	if (a->amount && a->amount != due) {
		problem_add(ctx->problem, "amount",
			    arena_printf(ctx->arena, "must be what is due: %lld", (long long)due),
			    "số tiền phải bằng số phải nộp");
		return MC_EINVAL;
	}
	struct payment *p = a->out;
	memset(p, 0, sizeof(*p));
	new_order_id('C', p->order_id);
	p->dossier_id = d.id;
	memcpy(p->method, "cash", 5);
	memcpy(p->status, "paid", 5);
	p->amount = due;
	p->agency = agency_of(ctx, &f, &d);
	p->created_at = p->paid_at = ctx->now;
	p->created_by = ctx->user->username;
	if ((err = receipt_number(ctx, p)) || (err = fstore_payment_insert(ctx->db, p, &p->id)))
		return err;
	f.paid += due;
	f.updated_at = ctx->now;
	err = fstore_put(ctx->db, &f);
	return err ? err : audit_payment(ctx, &d, "payment_cash", p);
}

enum mc_err payments_cash(struct svc_ctx *ctx, const char *code, int64_t amount,
			  struct payment *out)
{
	struct cash_args a = {code, amount, out};
	if (!ctx->user)
		return MC_EAUTH;
	return svc_write(ctx, cash_tx, &a);
}

struct online_args {
	const char *code, *return_url;
	struct payment *out;
	const char **redirect;
};

static const char *create_date(struct svc_ctx *ctx)
{
	char t[32];
	civil_format_time(ctx->now, t); /* 2026-12-03T11:13:32+07:00 */
	return arena_printf(ctx->arena, "%.4s%.2s%.2s%.2s%.2s%.2s", t, t + 5, t + 8, t + 11, t + 14,
			    t + 17);
}

static const char *redirect_url(struct svc_ctx *ctx, const struct dossier *d,
				const struct payment *p, const char *return_url)
{
	const struct svc_config *cfg = &ctx->state->cfg;
	char base[256], sig[129];
	if (!return_url) {
		svc_public_url(ctx->state, base);
		return_url = arena_printf(ctx->arena, "%s/track/%s", base, d->code);
	}
	struct pay_param params[] = {
	    {"vnp_Version", "2.1.0"},
	    {"vnp_Command", "pay"},
	    {"vnp_TmnCode", cfg->pay_merchant},
	    {"vnp_Amount", arena_printf(ctx->arena, "%lld", (long long)p->amount * 100)},
	    {"vnp_CurrCode", "VND"},
	    {"vnp_TxnRef", p->order_id},
	    {"vnp_OrderInfo", arena_printf(ctx->arena, "Thanh toan phi le phi ho so %s", d->code)},
	    {"vnp_OrderType", "other"},
	    {"vnp_Locale", "vn"},
	    {"vnp_ReturnUrl", return_url},
	    {"vnp_IpAddr", ctx->client_addr ? ctx->client_addr : "127.0.0.1"},
	    {"vnp_CreateDate", create_date(ctx)},
	};
	char *text = payments_canonical(ctx->arena, params, MC_ARRAY_LEN(params));
	payments_sign(cfg->pay_secret, text, sig);
	return arena_printf(ctx->arena, "%s?%s&vnp_SecureHash=%s", cfg->pay_gateway_url, text, sig);
}

static enum mc_err online_tx(struct svc_ctx *ctx, void *arg)
{
	struct online_args *a = arg;
	struct dossier d;
	struct fee_record f;
	int64_t due;
	enum mc_err err = due_of(ctx, a->code, &d, &f, &due);
	if (err)
		return err;
	struct payment *p = a->out;
	memset(p, 0, sizeof(*p));
	new_order_id('O', p->order_id);
	p->dossier_id = d.id;
	memcpy(p->method, "online", 7);
	memcpy(p->status, "pending", 8);
	p->amount = due;
	p->agency = agency_of(ctx, &f, &d);
	p->created_at = ctx->now;
	p->created_by = ctx->user->username;
	if ((err = fstore_payment_insert(ctx->db, p, &p->id)))
		return err;
	*a->redirect = redirect_url(ctx, &d, p, a->return_url);
	return audit_payment(ctx, &d, "payment_online_start", p);
}

enum mc_err payments_online_start(struct svc_ctx *ctx, const char *code, const char *return_url,
				  struct payment *out, const char **redirect)
{
	const struct svc_config *cfg = ctx->state ? &ctx->state->cfg : NULL;
	struct online_args a = {code, return_url, out, redirect};
	if (!ctx->user)
		return MC_EAUTH;
	if (!cfg || !cfg->pay_gateway_url || !cfg->pay_merchant || !cfg->pay_secret) {
		problem_add(ctx->problem, "method", "online payment is not configured on this server",
			    "máy chủ chưa cấu hình thanh toán trực tuyến");
		return MC_EINVAL;
	}
	return svc_write(ctx, online_tx, &a);
}

/* The callback. */

static const char *param(const struct pay_param *params, size_t n, const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(params[i].key, key) == 0)
			return params[i].value;
	return NULL;
}

static bool signature_ok(struct svc_ctx *ctx, const struct pay_param *params, size_t n)
{
	const struct svc_config *cfg = &ctx->state->cfg;
	const char *given = param(params, n, "vnp_SecureHash");
	char want[129], low[129];
	if (!given || strlen(given) != 128)
		return false;
	for (size_t i = 0; i < 129; i++)
		low[i] = given[i] >= 'A' && given[i] <= 'F' ? (char)(given[i] + 32) : given[i];
	payments_sign(cfg->pay_secret, payments_canonical(ctx->arena, params, n), want);
	const char *tmn = param(params, n, "vnp_TmnCode");
	return sodium_memcmp(want, low, 128) == 0 && tmn && strcmp(tmn, cfg->pay_merchant) == 0;
}

static enum mc_err refuse(struct svc_ctx *ctx, const char *order, const char *why,
			  const char *unit, const char *entity)
{
	json_t *o = json_pack("{s:s, s:s}", "order_id", order ? order : "", "reason", why);
	char *detail = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
	log_warn("payment callback refused for order \"%s\": %s", order ? order : "", why);
	enum mc_err err = audit_append_as(ctx->db, ctx->real_now, "payment_gateway", unit,
					  "payment_callback_refused", entity, detail);
	free(detail);
	json_decref(o);
	return err;
}

struct cb_args {
	const struct pay_param *params;
	size_t n;
	const char **code, **message;
	bool forged;
};

static enum mc_err record_callback(struct svc_ctx *ctx, struct cb_args *a, struct payment *p)
{
	struct dossier d;
	struct fee_record f;
	const char *rc = param(a->params, a->n, "vnp_ResponseCode");
	const char *ts = param(a->params, a->n, "vnp_TransactionStatus");
	bool ok = rc && ts && strcmp(rc, "00") == 0 && strcmp(ts, "00") == 0;
	memset(&d, 0, sizeof(d));
	enum mc_err err = fstore_dossier_of(ctx->db, p->dossier_id, d.code, d.receiving_unit);
	if (!err)
		err = fstore_get(ctx->db, ctx->arena, p->dossier_id, &f);
	if (err)
		return err;
	const char *ref = param(a->params, a->n, "vnp_TransactionNo");
	p->gateway_ref = ref && strlen(ref) <= 64 ? ref : NULL;
	memcpy(p->status, ok ? "paid" : "failed", ok ? 5 : 7);
	if (ok) {
		p->paid_at = ctx->now;
		f.paid += p->amount;
		f.updated_at = ctx->now;
		if ((err = receipt_number(ctx, p)) || (err = fstore_put(ctx->db, &f)))
			return err;
	}
	if ((err = fstore_payment_update(ctx->db, p)))
		return err;
	*a->code = "00";
	*a->message = "Confirm Success";
	return audit_payment(ctx, &d, ok ? "payment_online" : "payment_online_failed", p);
}

static enum mc_err callback_tx(struct svc_ctx *ctx, void *arg)
{
	struct cb_args *a = arg;
	struct payment p;
	const char *order = param(a->params, a->n, "vnp_TxnRef");
	if (!signature_ok(ctx, a->params, a->n)) {
		*a->code = "97";
		*a->message = "Invalid signature";
		a->forged = true;
		return refuse(ctx, order, "bad signature", NULL, "payment");
	}
	enum mc_err err = order ? fstore_payment_get(ctx->db, ctx->arena, order, &p) : MC_ENOTFOUND;
	if (err == MC_ENOTFOUND) {
		*a->code = "01";
		*a->message = "Order not found";
		return MC_OK;
	}
	if (err)
		return err;
	const char *amount = param(a->params, a->n, "vnp_Amount");
	char want[32];
	snprintf(want, sizeof(want), "%lld", (long long)p.amount * 100);
	if (!amount || strcmp(amount, want) != 0) {
		*a->code = "04";
		*a->message = "Invalid amount";
		return refuse(ctx, order, "amount differs from the order", NULL,
			      arena_printf(ctx->arena, "payment:%s", order));
	}
	if (strcmp(p.status, "pending") != 0) {
		*a->code = "02";
		*a->message = "Order already confirmed";
		return MC_OK;
	}
	return record_callback(ctx, a, &p);
}

enum mc_err payments_callback(struct svc_ctx *ctx, const struct pay_param *params, size_t n,
			      const char **rsp_code, const char **message)
{
	const struct svc_config *cfg = ctx->state ? &ctx->state->cfg : NULL;
	struct cb_args a = {params, n, rsp_code, message, false};
	*rsp_code = "99";
	*message = "Unknown error";
	if (!cfg || !cfg->pay_gateway_url || !cfg->pay_merchant || !cfg->pay_secret)
		return MC_ENOTFOUND;
	/* A wrong signature is a guess at the secret: counted per client address with the wrong
	 * tracking secrets (svc.h guess_check), so that forgeries cannot flood the audit log. */
	if (ctx->client_addr &&
	    guess_check(ctx->state, ctx->client_addr, ctx->real_now, &ctx->retry_after))
		return MC_ETOOMANY;
	enum mc_err err = svc_write(ctx, callback_tx, &a);
	if (!err && a.forged && ctx->client_addr)
		guess_fail(ctx, ctx->client_addr);
	return err;
}
