/* HTTP edge of fees and payments (docs/fees.md): the fee part of an intake, the dossier's "fees"
 * member, changing fees after intake, recording a cash payment, starting an online payment and
 * the payment gateway's callback. */
#include "base/base.h"

#include "base/civil.h"
#include "domain/unit.h"
#include "http/api_fees.h"
#include "http/dossier_json.h"
#include "http/http.h"
#include "svc/fees.h"
#include "svc/fee_receipts.h"
#include "svc/payments.h"

#define RECEIPT_PDF_MAX (4 * 1024 * 1024)

static void decode_declared(struct req *r, json_t *obj, struct fee_input *in)
{
	const char *key;
	json_t *v;
	in->declared.n = 0;
	if (!obj || json_is_null(obj))
		return;
	if (!json_is_object(obj) || json_object_size(obj) > FEE_MAX_DECLARED) {
		problem_add(&r->problem, "fees_declared", "must be an object of at most 8 quantities",
			    "phải là một đối tượng tối đa 8 số lượng kê khai");
		return;
	}
	json_object_foreach(obj, key, v) {
		const char *at = arena_printf(&r->arena, "fees_declared.%s", key);
		if (!fee_key_valid(key, FEE_KEY_MAX)) {
			problem_add(&r->problem, at, "is not a quantity name (1 to 15 of a-z, 0-9, _)",
				    "tên số lượng kê khai không hợp lệ");
			continue;
		}
		if (!json_is_integer(v) || json_integer_value(v) < 0 ||
		    json_integer_value(v) > FEE_QUANTITY_MAX) {
			problem_add(&r->problem, at, "must be an integer from 0 to 100000",
				    "phải là số nguyên từ 0 đến 100000");
			continue;
		}
		size_t i = in->declared.n++;
		memcpy(in->declared.items[i].key, key, strlen(key) + 1);
		in->declared.items[i].value = (int64_t)json_integer_value(v);
	}
}

void fees_decode_input(struct req *r, json_t *body, struct fee_input *in)
{
	static const char *const fields[] = {"code", "reason", "paper", NULL};
	memset(in, 0, sizeof(*in));
	decode_declared(r, json_object_get(body, "fees_declared"), in);
	json_t *e = json_object_get(body, "fee_exemption");
	if (!e || json_is_null(e))
		return;
	if (!json_is_object(e)) {
		problem_add(&r->problem, "fee_exemption", "must be an object or null",
			    "phải là một đối tượng hoặc null");
		return;
	}
	in->exempt = true;
	jin_only(r, e, "fee_exemption", fields);
	jin_str(r, e, "fee_exemption", "code", false, FEE_ID_MAX - 1, &in->exemption_code);
	jin_text(r, e, "fee_exemption", "reason", false, FEE_REASON_CHARS, &in->reason);
	jin_str(r, e, "fee_exemption", "paper", false, FEE_REASON_CHARS, &in->paper);
}

static json_t *text_json(const char *s, const char *fallback)
{
	json_t *v = s ? json_loads(s, 0, NULL) : NULL;
	return v ? v : json_loads(fallback, 0, NULL);
}

/* A string, even empty, or null for none (json_string's or json_null's text). */
static void text_or_null(struct buf *b, const char *s)
{
	if (s)
		json_text_str(b, s);
	else
		buf_append_str(b, "null");
}

static json_t *payment_json(const struct payment *p)
{
	return json_pack("{s:s, s:s, s:I, s:s, s:s, s:o, s:o, s:o, s:o, s:o}", "order_id",
			 p->order_id, "method", p->method, "amount", (json_int_t)p->amount, "status",
			 p->status, "agency", p->agency ? p->agency : "", "receipt_no",
			 p->receipt_no ? json_string(p->receipt_no) : json_null(), "created_at",
			 time_or_null(p->created_at), "paid_at", time_or_null(p->paid_at),
			 "refunded_at", time_or_null(p->refunded_at), "refund_reason",
			 p->refund_reason ? json_string(p->refund_reason) : json_null());
}

static json_t *view_json(const struct fee_view *v)
{
	const struct fee_record *f = &v->rec;
	if (!v->has)
		return json_null();
	json_t *pays = json_array();
	for (size_t i = 0; i < v->npayments; i++)
		json_array_append_new(pays, payment_json(&v->payments[i]));
	json_t *ex = f->exempt ? json_pack("{s:o, s:s, s:s}", "code",
					   f->exemption_code ? json_string(f->exemption_code)
							     : json_null(),
					   "reason", f->exemption_reason ? f->exemption_reason : "",
					   "paper", f->exemption_paper ? f->exemption_paper : "")
			       : json_null();
	int64_t due = f->total - f->paid;
	return json_pack("{s:s, s:o, s:o, s:I, s:I, s:I, s:I, s:I, s:b, s:o, s:o}", "channel",
			 f->channel, "declared", text_json(f->declared, "{}"), "lines",
			 text_json(f->lines, "[]"), "gross", (json_int_t)f->gross, "total",
			 (json_int_t)f->total, "paid", (json_int_t)f->paid, "refunded",
			 (json_int_t)f->refunded, "due", (json_int_t)(due > 0 ? due : 0), "exempt",
			 f->exempt, "exemption", ex, "payments", pays);
}

static void text_payment(struct buf *b, const struct payment *p)
{
	buf_append_str(b, "{\"order_id\":");
	json_text_str(b, p->order_id);
	buf_append_str(b, ",\"method\":");
	json_text_str(b, p->method);
	buf_append_str(b, ",\"amount\":");
	buf_append_int(b, p->amount);
	buf_append_str(b, ",\"status\":");
	json_text_str(b, p->status);
	buf_append_str(b, ",\"agency\":");
	json_text_str(b, p->agency ? p->agency : "");
	buf_append_str(b, ",\"receipt_no\":");
	text_or_null(b, p->receipt_no);
	buf_append_str(b, ",\"created_at\":");
	json_text_time(b, p->created_at);
	buf_append_str(b, ",\"paid_at\":");
	json_text_time(b, p->paid_at);
	buf_append_str(b, ",\"refunded_at\":");
	json_text_time(b, p->refunded_at);
	buf_append_str(b, ",\"refund_reason\":");
	text_or_null(b, p->refund_reason);
	buf_append_str(b, "}");
}

void fees_member_text(struct buf *b, const struct fee_view *v)
{
	const struct fee_record *f = &v->rec;
	if (!v->has) {
		buf_append_str(b, "null");
		return;
	}
	buf_append_str(b, "{\"channel\":");
	json_text_str(b, f->channel);
	buf_append_str(b, ",\"declared\":");
	json_text_value(b, f->declared, "{}");
	buf_append_str(b, ",\"lines\":");
	json_text_value(b, f->lines, "[]");
	int64_t due = f->total - f->paid;
	const struct {
		const char *key;
		int64_t v;
	} sums[] = {{",\"gross\":", f->gross},
		    {",\"total\":", f->total},
		    {",\"paid\":", f->paid},
		    {",\"refunded\":", f->refunded},
		    {",\"due\":", due > 0 ? due : 0}};
	for (size_t i = 0; i < sizeof(sums) / sizeof(sums[0]); i++) {
		buf_append_str(b, sums[i].key);
		buf_append_int(b, sums[i].v);
	}
	buf_append_str(b, f->exempt ? ",\"exempt\":true,\"exemption\":" : ",\"exempt\":false,\"exemption\":");
	if (f->exempt) {
		buf_append_str(b, "{\"code\":");
		text_or_null(b, f->exemption_code);
		buf_append_str(b, ",\"reason\":");
		json_text_str(b, f->exemption_reason ? f->exemption_reason : "");
		buf_append_str(b, ",\"paper\":");
		json_text_str(b, f->exemption_paper ? f->exemption_paper : "");
		buf_append_str(b, "}");
	} else {
		buf_append_str(b, "null");
	}
	buf_append_str(b, ",\"payments\":[");
	for (size_t i = 0; i < v->npayments; i++) {
		if (i)
			buf_append_str(b, ",");
		text_payment(b, &v->payments[i]);
	}
	buf_append_str(b, "]}");
}

json_t *fees_member_of(const struct fee_view *v)
{
	return view_json(v);
}

json_t *fees_member(struct req *r, const struct dossier *d)
{
	struct fee_view *v = arena_alloc(&r->arena, sizeof(*v));
	if (fees_view(&r->ctx, d->id, v) != MC_OK)
		return json_null();
	return view_json(v);
}

static void put_fees(struct req *r)
{
	static const char *const fields[] = {"fees_declared", "fee_exemption", NULL};
	struct fee_input *in = arena_alloc(&r->arena, sizeof(*in));
	struct fee_view *v = arena_alloc(&r->arena, sizeof(*v));
	json_t *body;
	if (json_body_or_reply(r, &body))
		return;
	jin_only(r, body, "", fields);
	fees_decode_input(r, body, in);
	json_decref(body);
	if (problems_or_reply(r))
		return;
	enum mc_err err = fees_change(&r->ctx, req_param(r, 0), in, v);
	if (err) {
		resp_err(r, err);
		return;
	}
	resp_json(r, 200, view_json(v));
}

static void post_payment(struct req *r)
{
	static const char *const fields[] = {"method", "amount", "return_url", NULL};
	static const char *const methods[] = {"cash", "online", NULL};
	const char *method = NULL, *ret = NULL, *redirect = NULL;
	int64_t amount = 0;
	json_t *body;
	if (json_body_or_reply(r, &body))
		return;
	jin_only(r, body, "", fields);
	jin_str(r, body, "", "method", true, 8, &method);
	jin_str(r, body, "", "return_url", false, 1000, &ret);
	json_t *a = json_object_get(body, "amount");
	if (a && !json_is_null(a) && (!json_is_integer(a) || json_integer_value(a) < 1))
		problem_add(&r->problem, "amount", "must be a positive integer (đồng)",
			    "số tiền phải là số nguyên dương (đồng)");
	else if (a && json_is_integer(a))
		amount = (int64_t)json_integer_value(a);
	json_decref(body);
	if (method && strcmp(method, methods[0]) && strcmp(method, methods[1]))
		problem_add(&r->problem, "method", "must be cash or online",
			    "hình thức nộp phải là cash hoặc online");
	if (ret && strncmp(ret, "https://", 8) && strncmp(ret, "http://", 7))
		problem_add(&r->problem, "return_url", "must be an http or https URL",
			    "phải là địa chỉ http hoặc https");
	if (problems_or_reply(r))
		return;
	struct payment *p = arena_alloc(&r->arena, sizeof(*p));
	bool cash = strcmp(method, "cash") == 0;
	if (!cash && amount)
		problem_add(&r->problem, "amount", "is only for cash", "chỉ dùng khi nộp tiền mặt");
	if (problems_or_reply(r))
		return;
	enum mc_err err = cash ? payments_cash(&r->ctx, req_param(r, 0), amount, p)
			       : payments_online_start(&r->ctx, req_param(r, 0), ret, p, &redirect);
	if (err) {
		resp_err(r, err);
		return;
	}
	json_t *o = payment_json(p);
	if (redirect)
		json_object_set_new(o, "redirect_url", json_string(redirect));
	resp_json(r, 201, o);
}

/* The gateway calls back with the result as query parameters (VNPAY's IPN) and reads the JSON
 * answer {"RspCode", "Message"}. */
static void get_gateway_callback(struct req *r)
{
	struct pay_param params[PAY_PARAMS_MAX];
	const char *code, *message;
	size_t n = 0;
	for (size_t i = 0; i < r->nargs && n < PAY_PARAMS_MAX; i++) {
		if (strlen(r->args[i].value) > PAY_VALUE_CHARS) {
			resp_problem(r, 422, "a parameter is too long", "tham số quá dài");
			return;
		}
		params[n++] = (struct pay_param){r->args[i].key, r->args[i].value};
	}
	enum mc_err err = payments_callback(&r->ctx, params, n, &code, &message);
	if (err) {
		resp_err(r, err);
		return;
	}
	resp_json(r, 200, json_pack("{s:s, s:s}", "RspCode", code, "Message", message));
}

/* GET /api/v1/dossiers/{code}/fees/receipts/{order_id}.pdf */
static void get_receipt_pdf(struct req *r)
{
	const char *name = req_param(r, 1);
	size_t n = strlen(name), len;
	struct buf b;
	if (n < 5 || n > 44 || strcmp(name + n - 4, ".pdf") != 0) {
		resp_problem(r, 404, "receipts are <order id>.pdf", "không có biên lai này");
		return;
	}
	const char *order = arena_strndup(&r->arena, name, n - 4);
	buf_init(&b, RECEIPT_PDF_MAX);
	enum mc_err err = fee_receipts_pdf(&r->ctx, req_param(r, 0), order, &b);
	if (err) {
		buf_release(&b);
		resp_err(r, err);
		return;
	}
	char *data = buf_take(&b, &len);
	r->out_disposition = arena_printf(&r->arena, "inline; filename=\"bien-lai-%s.pdf\"", order);
	resp_bytes(r, 200, "application/pdf", data, len);
}

static void get_receipt_verify(struct req *r)
{
	const char *no = qarg_text(r, "no", 120), *sig = qarg_text(r, "sig", 120);
	struct fee_receipt_check *c = arena_alloc(&r->arena, sizeof(*c));
	if (problems_or_reply(r))
		return;
	enum mc_err err = fee_receipts_verify(&r->ctx, no ? no : "", sig ? sig : "", c);
	if (err) {
		resp_err(r, err);
		return;
	}
	if (!c->valid) {
		resp_json(r, 200, json_pack("{s:b}", "valid", false));
		return;
	}
	resp_json(r, 200, json_pack("{s:b, s:s, s:s, s:I, s:s, s:s, s:o}", "valid", true,
				    "receipt_no", c->p.receipt_no, "dossier_code", c->dossier_code,
				    "amount", (json_int_t)c->p.amount, "method", c->p.method, "status",
				    c->p.status, "paid_at", time_or_null(c->p.paid_at)));
}

/* The cash book's query: unit (required), from (default: the day's start), to (default: now),
 * collector (a username: the book of one counter officer). True when it answered. */
static bool cash_book_args_or_reply(struct req *r, const char **unit, const char **collector,
				    int64_t *from, int64_t *to)
{
	bool present;
	*unit = qarg_code(r, "unit", UNIT_CODE_MAX - 1);
	*collector = qarg_code(r, "collector", 64);
	*from = civil_instant(civil_local_day(r->ctx.now), 0);
	*to = r->ctx.now;
	if (!req_arg_set(r, "unit"))
		problem_add(&r->problem, "unit", "is required", "tham số bắt buộc");
	time_arg(r, "from", true, from, &present);
	time_arg(r, "to", false, to, &present);
	if (!r->problem.n && *to < *from)
		problem_add(&r->problem, "to", "must not be before from", "phải sau thời điểm bắt đầu");
	return problems_or_reply(r);
}

/* GET /api/v1/reports/cash-book.pdf?unit=&from=&to=&collector= */
static void get_cash_book(struct req *r)
{
	struct buf b;
	size_t len;
	const char *unit, *collector;
	int64_t from, to;
	if (cash_book_args_or_reply(r, &unit, &collector, &from, &to))
		return;
	buf_init(&b, 64 * 1024 * 1024);
	enum mc_err err = fee_cash_book_pdf(&r->ctx, unit, collector, from, to, &b);
	if (err) {
		buf_release(&b);
		resp_err(r, err);
		return;
	}
	char *data = buf_take(&b, &len);
	r->out_disposition = "inline; filename=\"so-thu-tien-mat.pdf\"";
	resp_bytes(r, 200, "application/pdf", data, len);
}

/* GET /api/v1/reports/cash-book.xlsx: the same book as a spreadsheet, written to a temporary
 * file of the data directory and sent from its descriptor. */
static void get_cash_book_xlsx(struct req *r)
{
	const char *unit, *collector;
	int64_t from, to;
	if (cash_book_args_or_reply(r, &unit, &collector, &from, &to))
		return;
	char *path = resp_tmp_path(r, "cash-book", "xlsx");
	enum mc_err err = fee_cash_book_xlsx(&r->ctx, unit, collector, from, to, path);
	resp_tmp_file(r, err, path, XLSX_TYPE, "attachment; filename=\"so-thu-tien-mat.xlsx\"");
}

/* GET /pay-return/{code}: where the gateway sends the payer's browser back (return_url of the
 * web app's payments). Gateways append their result as a query, which a URL with a fragment
 * would swallow, so the app's route (#/ho-so-cua-toi/{code}) is reached through this redirect.
 * The query is not read: only the gateway's callback records a payment. */
static void get_pay_return(struct req *r)
{
	static const char CODE_CHARS[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ.-";
	const char *code = req_param(r, 0);
	size_t n = strlen(code);
	if (n == 0 || n > 40 || strspn(code, CODE_CHARS) != n) {
		resp_redirect(r, "/#/ho-so");
		return;
	}
	resp_redirect(r, arena_printf(&r->arena, "/#/ho-so-cua-toi/%s", code));
}

const struct route api_fees_routes[] = {
	{"GET", "/pay-return/{code}", get_pay_return, 0},
	{"GET", "/api/v1/reports/cash-book.pdf", get_cash_book, R_AUTH | R_SLOW},
	{"GET", "/api/v1/reports/cash-book.xlsx", get_cash_book_xlsx, R_AUTH | R_SLOW},
	{"GET", "/api/v1/dossiers/{code}/fees/receipts/{name}", get_receipt_pdf, R_AUTH | R_SLOW},
	{"GET", "/api/v1/public/fee-receipts/verify", get_receipt_verify, 0},
	{"PUT", "/api/v1/dossiers/{code}/fees", put_fees, R_AUTH | R_JSON},
	{"POST", "/api/v1/dossiers/{code}/fees/payments", post_payment, R_AUTH | R_JSON},
	{"GET", "/api/v1/payments/gateway/callback", get_gateway_callback, 0},
	{NULL, NULL, NULL, 0},
};
