/* Handovers of a reorganization: reading one with its items, the receiving side's confirmation of
 * items, both sides' signatures (complete when both signed and nothing is pending), and the
 * handover record PDF. Decisions live in reorg.c. */
#include "base/base.h"

#include <jansson.h>

#include "base/civil.h"
#include "render/handover_pdf.h"
#include "svc/outbox.h"
#include "svc/audit.h"
#include "svc/perm.h"
#include "svc/reorg.h"
#include "store/db.h"
#include "store/reorg_store.h"
#include "store/unit_store.h"

static bool is_admin(struct svc_ctx *ctx)
{
	return perm_has_role(ctx->user, "admin");
}

static bool holds_over(struct svc_ctx *ctx, const char *role, const char *unit)
{
	return unit && unit[0] && perm_check(ctx, role, unit) == MC_OK;
}

/* The receiving side: a Center manager covering the target unit. */
static bool is_receiver(struct svc_ctx *ctx, const struct reorg *r)
{
	return is_admin(ctx) || holds_over(ctx, "center_manager", r->target_unit);
}

bool reorg_is_giver(struct svc_ctx *ctx, const struct handover *h)
{
	return is_admin(ctx) || holds_over(ctx, "unit_manager", h->old_parent);
}

static bool is_giver(struct svc_ctx *ctx, const struct handover *h)
{
	return reorg_is_giver(ctx, h);
}

/* Loads a handover and its decision; MC_ENOTFOUND unless the caller may read it. */
static enum mc_err load(struct svc_ctx *ctx, int64_t id, struct handover *h, struct reorg *r)
{
	if (!ctx->user)
		return MC_EAUTH;
	enum mc_err err = reorgstore_get_handover(ctx->db, id, h);
	if (!err)
		err = reorgstore_get(ctx->db, h->reorg_id, r);
	if (err)
		return err;
	if (is_admin(ctx) || holds_over(ctx, NULL, r->target_unit) || is_giver(ctx, h))
		return MC_OK;
	return MC_ENOTFOUND;
}

struct item_list {
	struct arena *a;
	struct handover_item *v;
	size_t n, cap;
};

static void collect_item(const struct handover_item *it, void *arg)
{
	struct item_list *l = arg;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 256;
		struct handover_item *v = arena_alloc(l->a, cap * sizeof(*v));
		if (l->n)
			memcpy(v, l->v, l->n * sizeof(*v));
		l->v = v;
		l->cap = cap;
	}
	struct handover_item *c = &l->v[l->n++];
	c->id = it->id;
	c->kind = arena_strdup(l->a, it->kind);
	c->ref = arena_strdup(l->a, it->ref);
	c->label = arena_strdup(l->a, it->label);
	c->status = arena_strdup(l->a, it->status);
	c->note = arena_strdup(l->a, it->note);
}

static void unit_name(struct svc_ctx *ctx, const char *code, char out[UNIT_NAME_MAX])
{
	struct unit u;
	out[0] = '\0';
	if (code[0] && unitstore_get(ctx->db, code, ctx->now, &u) == MC_OK)
		memcpy(out, u.name, UNIT_NAME_MAX);
	else if (code[0])
		snprintf(out, UNIT_NAME_MAX, "%s", code);
}

enum mc_err handover_get(struct svc_ctx *ctx, int64_t id, struct handover_view *out)
{
	struct item_list l = {ctx->arena, NULL, 0, 0};
	memset(out, 0, sizeof(*out));
	enum mc_err err = load(ctx, id, &out->h, &out->r);
	if (!err)
		err = reorgstore_items(ctx->db, id, REORG_ITEMS_MAX, collect_item, &l);
	if (err)
		return err;
	out->nitems = l.n;
	out->items = l.v;
	unit_name(ctx, out->h.unit, out->unit_name);
	unit_name(ctx, out->h.old_parent, out->old_parent_name);
	unit_name(ctx, out->r.target_unit, out->target_name);
	return MC_OK;
}

static bool status_ok(const char *s)
{
	return s && (!strcmp(s, "received") || !strcmp(s, "missing") || !strcmp(s, "damaged"));
}

static enum mc_err confirm_all(struct svc_ctx *ctx, int64_t id, const struct item_confirm *items,
			       size_t n)
{
	enum mc_err err = MC_OK;
	for (size_t i = 0; !err && i < n; i++) {
		err = reorgstore_confirm(ctx->db, id, items[i].id, items[i].status, items[i].note,
				     ctx->user->username, ctx->now);
		if (err == MC_ENOTFOUND) {
			problem_add(ctx->problem, arena_printf(ctx->arena, "items[%zu].id", i),
				    "is not an item of this handover", "không thuộc biên bản này");
			err = MC_EINVAL;
		}
	}
	return err;
}

struct confirm_args {
	int64_t id;
	const struct item_confirm *items;
	size_t n;
};

static enum mc_err confirm_tx(struct svc_ctx *ctx, void *arg)
{
	struct confirm_args *a = arg;
	struct handover h;
	enum mc_err err = reorgstore_get_handover(ctx->db, a->id, &h); /* again, under the write lock */
	if (!err && strcmp(h.status, "complete") == 0) {
		problem_detail(ctx->problem, "the handover is complete: its items cannot change",
			       "biên bản đã hoàn thành, không thể thay đổi");
		err = MC_ECONFLICT;
	}
	if (!err)
		err = confirm_all(ctx, a->id, a->items, a->n);
	if (!err)
		err = outbox_handover_event(ctx, "handover.items_confirmed", a->id, h.unit,
					    arena_printf(ctx->arena, "\"items\":%zu", a->n));
	if (!err)
		err = audit_append(ctx, h.unit, "confirm_handover_items",
				   arena_printf(ctx->arena, "handover:%lld", (long long)a->id),
				   arena_printf(ctx->arena, "{\"items\":%zu}", a->n));
	return err;
}

enum mc_err handover_confirm(struct svc_ctx *ctx, int64_t id, const struct item_confirm *items,
			     size_t n)
{
	struct handover h;
	struct reorg r;
	enum mc_err err = load(ctx, id, &h, &r);
	if (err)
		return err;
	if (!is_receiver(ctx, &r))
		return MC_EFORBIDDEN;
	for (size_t i = 0; i < n; i++)
		if (!status_ok(items[i].status))
			problem_add(ctx->problem, arena_printf(ctx->arena, "items[%zu].status", i),
				    "must be received, missing or damaged",
				    "phải là received (đã nhận), missing (thiếu) hoặc damaged (hư hỏng)");
	if (n == 0 || n > REORG_ITEMS_MAX)
		problem_add(ctx->problem, "items", "must list 1 to 50000 items",
			    "phải có từ 1 đến 50000 mục");
	if (ctx->problem->n)
		return MC_EINVAL;
	struct confirm_args a = {id, items, n};
	return svc_write(ctx, confirm_tx, &a);
}

static enum mc_err sign_checks(struct svc_ctx *ctx, const struct handover *h, bool giver)
{
	int64_t pending = 0;
	if (strcmp(h->status, "complete") == 0) {
		problem_detail(ctx->problem, "the handover is already complete",
			       "biên bản đã hoàn thành");
		return MC_ECONFLICT;
	}
	if ((giver && h->giver_by[0]) || (!giver && h->receiver_by[0])) {
		problem_detail(ctx->problem, "this side has already signed", "bên này đã ký");
		return MC_ECONFLICT;
	}
	enum mc_err err = reorgstore_pending(ctx->db, h->id, &pending);
	if (!err && pending > 0) {
		problem_detail(ctx->problem,
			       arena_printf(ctx->arena, "%lld items are still pending",
					    (long long)pending),
			       arena_printf(ctx->arena, "còn %lld mục chưa xác nhận",
					    (long long)pending));
		err = MC_ECONFLICT;
	}
	return err;
}

struct sign_args {
	int64_t id;
	bool giver; /* else the receiver signs */
};

/* Signs one side; the second signature completes the handover. */
static enum mc_err sign_tx(struct svc_ctx *ctx, void *arg)
{
	struct sign_args *a = arg;
	struct handover h;
	enum mc_err err = reorgstore_get_handover(ctx->db, a->id, &h);
	if (!err)
		err = sign_checks(ctx, &h, a->giver);
	if (!err)
		err = reorgstore_sign(ctx->db, a->id, a->giver, ctx->user->username, ctx->now);
	bool complete = !err && (a->giver ? h.receiver_by[0] != '\0' : h.giver_by[0] != '\0');
	if (!err && complete)
		err = reorgstore_complete(ctx->db, a->id, ctx->now);
	if (!err)
		err = outbox_handover_event(ctx, "handover.signed", a->id, h.unit,
					    a->giver ? "\"side\":\"giver\"" : "\"side\":\"receiver\"");
	if (!err && complete)
		err = outbox_handover_event(ctx, "handover.completed", a->id, h.unit, "");
	if (!err)
		err = audit_append(ctx, h.unit,
				   a->giver ? "sign_handover_giver" : "sign_handover_receiver",
				   arena_printf(ctx->arena, "handover:%lld", (long long)a->id),
				   complete ? "{\"complete\":true}" : "{\"complete\":false}");
	return err;
}

enum mc_err handover_sign(struct svc_ctx *ctx, int64_t id, const char *side)
{
	struct handover h;
	struct reorg r;
	enum mc_err err = load(ctx, id, &h, &r);
	if (err)
		return err;
	bool giver = side && strcmp(side, "giver") == 0;
	if (!giver && (!side || strcmp(side, "receiver") != 0)) {
		problem_add(ctx->problem, "side", "must be giver or receiver",
			    "phải là giver (bên giao) hoặc receiver (bên nhận)");
		return MC_EINVAL;
	}
	if (giver ? !is_giver(ctx, &h) : !is_receiver(ctx, &r))
		return MC_EFORBIDDEN;
	struct sign_args a = {id, giver};
	return svc_write(ctx, sign_tx, &a);
}

static void fmt_date(const char *iso, char out[16])
{
	int64_t day;
	int y = 0, m = 0, d = 0;
	if (civil_parse_date(iso, strlen(iso), &day) != MC_OK) {
		snprintf(out, 16, "%s", iso);
		return;
	}
	civil_ymd(day, &y, &m, &d);
	snprintf(out, 16, "%02d/%02d/%04d", d, m, y);
}

enum mc_err handover_pdf(struct svc_ctx *ctx, int64_t id, struct buf *out)
{
	struct handover_view *v = arena_alloc(ctx->arena, sizeof(*v));
	struct handover_doc doc;
	char signed_on[16], effective[32], deadline[16];
	enum mc_err err = handover_get(ctx, id, v);
	if (err)
		return err;
	fmt_date(v->r.signed_on, signed_on);
	fmt_date(v->r.deadline, deadline);
	civil_format_time(v->r.effective_at, effective);
	memset(&doc, 0, sizeof(doc));
	doc.unit_name = v->unit_name;
	doc.unit_code = v->h.unit;
	doc.giver_name = v->old_parent_name;
	doc.receiver_name = v->target_name;
	doc.decision_number = v->r.decision_number;
	doc.signed_on = signed_on;
	doc.effective_at = effective;
	doc.deadline = deadline;
	doc.giver_by = v->h.giver_by;
	doc.receiver_by = v->h.receiver_by;
	doc.complete = strcmp(v->h.status, "complete") == 0;
	doc.created = v->r.created_at;
	doc.now = ctx->now;
	doc.items = v->items;
	doc.nitems = v->nitems;
	return render_handover_pdf(&doc, out);
}
