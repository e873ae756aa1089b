/* Fees of a dossier (svc/fees.h): computing them at intake, changing them afterwards, the return
 * rule and refunds. The arithmetic is domain/fees.c's; payments are svc/payments.c's. */
#include "base/base.h"

#include <jansson.h>

#include "base/civil.h"
#include "base/fmt.h"
#include "base/log.h"
#include "domain/text.h"
#include "svc/audit.h"
#include "svc/catalog.h"
#include "svc/dossier_access.h"
#include "svc/fees.h"
#include "svc/perm.h"
#include "svc/reports.h"
#include "svc/scope.h"

static json_t *line_json(const struct fee_line *l)
{
	return json_pack("{s:s, s:s, s:o, s:I, s:I, s:I, s:I, s:I, s:o}", "rule", l->rule, "name",
			 l->name ? l->name : "", "agency",
			 l->agency ? json_string(l->agency) : json_null(), "quantity",
			 (json_int_t)l->quantity, "multiplier", (json_int_t)l->multiplier, "gross",
			 (json_int_t)l->gross, "reduction", (json_int_t)l->reduction, "amount",
			 (json_int_t)l->amount, "exemption",
			 l->exemption[0] ? json_string(l->exemption) : json_null());
}

static const char *dump(struct arena *a, json_t *v)
{
	char *s = json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER);
	const char *out = arena_strdup(a, s);
	free(s);
	json_decref(v);
	return out;
}

/* A procedure version without rules but with a flat amount: one fixed line of fee_vnd. */
static const struct fee_rule *flat_rule(struct arena *a, const struct procedure *p)
{
	struct fee_rule *r = arena_alloc(a, sizeof(*r));
	memset(r, 0, sizeof(*r));
	memcpy(r->id, "fee_vnd", 8);
	r->name = "Phí, lệ phí";
	memcpy(r->kind, "fixed", 6);
	memcpy(r->channel, "any", 4);
	r->amount = p->fee_vnd;
	return r;
}

static void check_exemption(struct svc_ctx *ctx, const struct fee_input *in)
{
	if (!in->exempt)
		return;
	if (perm_has_role(ctx->user, "citizen"))
		problem_add(ctx->problem, "fee_exemption",
			    "is decided by the receiving officer, who checks the paper",
			    "việc miễn, giảm phí do cán bộ tiếp nhận quyết định sau khi kiểm tra giấy tờ");
	if (!in->reason || !*in->reason)
		problem_add(ctx->problem, "fee_exemption.reason", "is required", "cần ghi lý do miễn, giảm");
	if (!in->paper || !*in->paper)
		problem_add(ctx->problem, "fee_exemption.paper",
			    "is required: the paper that proves the exemption",
			    "cần ghi giấy tờ chứng minh thuộc diện miễn, giảm");
}

enum mc_err fees_plan(struct svc_ctx *ctx, const struct procedure *p, const char *channel,
		      const struct fee_input *in, struct fee_record *out)
{
	const struct fee_rule *rules = p->fees;
	size_t nrules = p->nfees, nlines = 0;
	struct fee_line lines[FEE_MAX_RULES];
	struct fee_claim claim = {in->exemption_code, in->exempt && !in->exemption_code};
	int64_t total = 0, gross = 0;
	memset(out, 0, sizeof(*out));
	check_exemption(ctx, in);
	if (!nrules && p->fee_vnd > 0) {
		rules = flat_rule(ctx->arena, p);
		nrules = 1;
	}
	enum mc_err err = fee_compute(rules, nrules, &in->declared, channel,
				      in->exempt ? &claim : NULL, lines, &nlines, &total);
	if (err == MC_ENOTFOUND)
		problem_add(ctx->problem, "fee_exemption.code",
			    "is not an exemption of this procedure's fees",
			    "không phải trường hợp miễn, giảm của thủ tục này");
	else if (err == MC_ETOOBIG)
		problem_add(ctx->problem, "fees_declared", "gives a fee above 1000000000000 đồng",
			    "số lượng kê khai làm lệ phí vượt quá giới hạn");
	else if (err == MC_EINVAL)
		problem_add(ctx->problem, "fees_declared", "quantities must be from 0 to 100000",
			    "số lượng kê khai phải từ 0 đến 100000");
	if (ctx->problem->n)
		return MC_EINVAL;
	json_t *arr = json_array(), *decl = json_object();
	for (size_t i = 0; i < nlines; i++) {
		json_array_append_new(arr, line_json(&lines[i]));
		gross += lines[i].gross;
	}
	for (size_t i = 0; i < in->declared.n; i++)
		json_object_set_new(decl, in->declared.items[i].key,
				    json_integer(in->declared.items[i].value));
	fmt_snprintf(out->channel, sizeof(out->channel), "%s",
		     strcmp(channel, "online") == 0 ? "online" : "counter");
	out->lines = dump(ctx->arena, arr);
	out->declared = dump(ctx->arena, decl);
	out->gross = gross;
	out->total = total;
	out->exempt = in->exempt;
	out->exemption_code = in->exempt ? in->exemption_code : NULL;
	out->exemption_reason = in->exempt ? in->reason : NULL;
	out->exemption_paper = in->exempt ? in->paper : NULL;
	out->updated_at = ctx->now;
	return MC_OK;
}

enum mc_err fees_record(struct svc_ctx *ctx, int64_t dossier_id, struct fee_record *rec)
{
	rec->dossier_id = dossier_id;
	return fstore_put(ctx->db, rec);
}

enum mc_err fees_check_return(struct svc_ctx *ctx, const struct dossier *d)
{
	struct fee_record f;
	enum mc_err err = fstore_get(ctx->db, ctx->arena, d->id, &f);
	if (err == MC_ENOTFOUND)
		return MC_OK;
	if (err)
		return err;
	if (f.total - f.paid <= 0)
		return MC_OK;
	problem_detail(ctx->problem,
		       arena_printf(ctx->arena,
				    "the fee is not paid: %lld đồng of %lld are due before the return",
				    (long long)(f.total - f.paid), (long long)f.total),
		       "hồ sơ chưa nộp đủ phí, lệ phí: chưa thể trả kết quả");
	return MC_ECONFLICT;
}

struct refund_run {
	struct svc_ctx *ctx;
	size_t n;
	struct payment p[16];
};

static void collect_paid(const struct payment *p, void *arg)
{
	struct refund_run *r = arg;
	if (strcmp(p->status, "paid") == 0 && r->n < MC_ARRAY_LEN(r->p))
		r->p[r->n++] = *p;
}

enum mc_err fees_on_close(struct svc_ctx *ctx, const struct dossier *d, enum ds_status from,
			  const char *action)
{
	struct fee_record f;
	struct refund_run run = {.ctx = ctx};
	if (from != DS_SUBMITTED && from != DS_NEEDS_COMPLETION && from != DS_RECEIVED)
		return MC_OK;
	enum mc_err err = fstore_get(ctx->db, ctx->arena, d->id, &f);
	if (err)
		return err == MC_ENOTFOUND ? MC_OK : err;
	err = fstore_payments_of(ctx->db, ctx->arena, d->id, collect_paid, &run);
	for (size_t i = 0; !err && i < run.n; i++) {
		struct payment *p = &run.p[i];
		memcpy(p->status, "refunded", 9);
		p->refunded_at = ctx->now;
		p->refund_reason = arena_printf(ctx->arena, "dossier %s before processing", action);
		f.paid -= p->amount;
		f.refunded += p->amount;
		err = fstore_payment_update(ctx->db, p);
		if (!err) {
			char *detail = arena_printf(ctx->arena,
						    "{\"order_id\":\"%s\",\"amount\":%lld,\"reason\":\"%s\"}",
						    p->order_id, (long long)p->amount, action);
			err = audit_append(ctx, d->receiving_unit, "payment_refund",
					   arena_printf(ctx->arena, "dossier:%s", d->code), detail);
		}
	}
	if (!err && run.n) {
		f.updated_at = ctx->now;
		err = fstore_put(ctx->db, &f);
	}
	return err;
}

struct view_run {
	struct fee_view *v;
};

static void add_payment(const struct payment *p, void *arg)
{
	struct fee_view *v = arg;
	if (v->npayments == MC_ARRAY_LEN(v->payments)) {
		memmove(v->payments, v->payments + 1, (v->npayments - 1) * sizeof(v->payments[0]));
		v->npayments--;
	}
	v->payments[v->npayments++] = *p;
}

enum mc_err fees_view_tx(struct svc_ctx *ctx, int64_t dossier_id, struct fee_view *out)
{
	out->has = false;
	out->npayments = 0;
	enum mc_err err = fstore_get(ctx->db, ctx->arena, dossier_id, &out->rec);
	if (err == MC_ENOTFOUND)
		return MC_OK;
	out->has = !err;
	return err ? err : fstore_payments_of(ctx->db, ctx->arena, dossier_id, add_payment, out);
}

struct view_args {
	int64_t id;
	struct fee_view *out;
};

static enum mc_err view_tx(struct svc_ctx *ctx, void *arg)
{
	struct view_args *a = arg;
	return fees_view_tx(ctx, a->id, a->out);
}

enum mc_err fees_view(struct svc_ctx *ctx, int64_t dossier_id, struct fee_view *out)
{
	struct view_args a = {dossier_id, out};
	return svc_read(ctx, view_tx, &a);
}

struct change_args {
	const char *code;
	const struct fee_input *in;
	struct fee_view *out;
};

static enum mc_err change_tx(struct svc_ctx *ctx, void *arg)
{
	struct change_args *a = arg;
	struct dossier d;
	struct procedure p;
	struct fee_record old, rec;
	enum mc_err err = dossier_get(ctx, a->code, &d);
	if (err)
		return err;
	if ((err = perm_check(ctx, "receiver", d.receiving_unit)))
		return err;
	if ((err = catalog_get(ctx, d.procedure_code, d.procedure_version, &p)))
		return err;
	if ((err = fees_plan(ctx, &p, d.channel, a->in, &rec)))
		return err;
	err = fstore_get(ctx->db, ctx->arena, d.id, &old);
	if (err && err != MC_ENOTFOUND)
		return err;
	bool had = !err;
	if (!ds_status_open(d.status) || (had && (old.paid > 0 || old.refunded > 0))) {
		problem_detail(ctx->problem,
			       "fees can change only on an open dossier with nothing paid yet",
			       "chỉ sửa phí, lệ phí của hồ sơ đang xử lý và chưa nộp tiền");
		return MC_ECONFLICT;
	}
	rec.dossier_id = d.id;
	if ((err = fstore_put(ctx->db, &rec)))
		return err;
	char *detail = arena_printf(ctx->arena,
				    "{\"from_total\":%lld,\"to_total\":%lld,\"exempt\":%s}",
				    (long long)(had ? old.total : 0), (long long)rec.total,
				    rec.exempt ? "true" : "false");
	err = audit_append(ctx, d.receiving_unit, "fees_change",
			   arena_printf(ctx->arena, "dossier:%s", d.code), detail);
	return err ? err : fees_view_tx(ctx, d.id, a->out);
}

enum mc_err fees_change(struct svc_ctx *ctx, const char *code, const struct fee_input *in,
			struct fee_view *out)
{
	struct change_args a = {code, in, out};
	if (!ctx->user)
		return MC_EAUTH;
	return svc_write(ctx, change_tx, &a);
}

struct figures_args {
	int64_t from, to;
	const char *units;
	struct fee_figures *out;
};

static enum mc_err figures_tx(struct svc_ctx *ctx, void *arg)
{
	struct figures_args *a = arg;
	if (!perm_has_role(ctx->user, "admin")) {
		char(*codes)[UNIT_CODE_MAX];
		size_t n = 0;
		enum mc_err err = scope_units(ctx, NULL, NULL, &codes, &n);
		if (err)
			return err;
		json_t *arr = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(arr, json_string(codes[i]));
		a->units = dump(ctx->arena, arr);
	}
	bool cells;
	enum mc_err err = reports_use_cells(ctx, a->units, a->from, a->to, &cells);
	if (err)
		return err;
	if (cells)
		return fstore_figures_cells(ctx->db, civil_local_day(a->from), civil_local_day(a->to),
					    a->out);
	return fstore_figures(ctx->db, a->from, a->to, a->units, a->out);
}

enum mc_err fees_figures(struct svc_ctx *ctx, int64_t from, int64_t to, struct fee_figures *out)
{
	struct figures_args a = {from, to, NULL, out};
	memset(out, 0, sizeof(*out));
	if (!ctx->user)
		return MC_EAUTH;
	if (perm_has_role(ctx->user, "citizen") && ctx->user->nroles == 1)
		return MC_EFORBIDDEN;
	return svc_read(ctx, figures_tx, &a);
}
