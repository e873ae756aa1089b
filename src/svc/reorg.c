/* Reorganization decisions: checking and creating one (the parent switch scheduled at the
 * effective time, the per-unit snapshot, the dossiers' checksums), reading it, and verifying that
 * the moved dossiers kept their codes, dates and history. Handovers live in handovers.c. */
#include "base/base.h"

#include <jansson.h>

#include "base/civil.h"
#include "domain/digest.h"
#include "domain/dossier_state.h"
#include "domain/text.h"
#include "svc/audit.h"
#include "svc/perm.h"
#include "svc/reorg.h"
#include "svc/units.h"
#include "store/db.h"
#include "store/reorg_store.h"
#include "store/unit_store.h"

/* Checksums. Each field is length-prefixed (domain/digest.h), so no two different dossiers hash
 * alike. */

struct digest_run {
	struct digest h;
	int64_t events, last;
};

static void hash_event(const struct event_fields *e, void *arg)
{
	struct digest_run *d = arg;
	digest_dossier_event(&d->h, e->id, e->at, e->text, MC_ARRAY_LEN(e->text));
	d->events++;
	d->last = e->id;
}

/* The digest of one dossier: code, submission, reception and due times, and its events up to
 * last_event. */
static enum mc_err dossier_digest(struct db *db, const char *code, const struct unit_dossier *d,
				  int64_t last_event, unsigned char out[REORG_HASH_LEN],
				  int64_t *events, int64_t *last)
{
	struct digest_run run = {.events = 0, .last = 0};
	digest_dossier(&run.h, REORG_HASH_LEN, code, d->submitted_at, d->received_at, d->due_at);
	enum mc_err err = reorgstore_dossier_events(db, d->id, last_event, hash_event, &run);
	digest_final(&run.h, out);
	*events = run.events;
	*last = run.last;
	return err;
}

struct dossier_ref {
	char code[64];
	unsigned char digest[REORG_HASH_LEN];
	int64_t events, last_event;
};

struct ref_list {
	struct arena *a;
	struct dossier_ref *v;
	size_t n, cap;
};

static void collect_ref(const struct handover_dossier *d, void *arg)
{
	struct ref_list *l = arg;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 256;
		struct dossier_ref *v = arena_alloc(l->a, cap * sizeof(*v));
		if (l->n)
			memcpy(v, l->v, l->n * sizeof(*v));
		l->v = v;
		l->cap = cap;
	}
	struct dossier_ref *r = &l->v[l->n++];
	snprintf(r->code, sizeof(r->code), "%s", d->code);
	memcpy(r->digest, d->digest, REORG_HASH_LEN);
	r->events = d->events;
	r->last_event = d->last_event;
}

/* The decision's checksum: BLAKE2b over each moved dossier's code and digest, by code. */
static enum mc_err seal_checksum(struct db *db, struct arena *a, struct reorg *r)
{
	struct ref_list l = {a, NULL, 0, 0};
	struct digest h;
	enum mc_err err = reorgstore_dossier_items(db, r->id, collect_ref, &l);
	if (err)
		return err;
	digest_init(&h, REORG_HASH_LEN);
	r->dossiers = (int64_t)l.n;
	r->events = 0;
	for (size_t i = 0; i < l.n; i++) {
		digest_fold(&h, l.v[i].code, l.v[i].digest, REORG_HASH_LEN);
		r->events += l.v[i].events;
	}
	digest_final(&h, r->checksum);
	return reorgstore_set_checksum(db, r);
}

static enum mc_err verify_on(struct db *db, struct arena *a, int64_t id,
			     struct reorg_verdict *out)
{
	struct reorg r;
	struct ref_list l = {a, NULL, 0, 0};
	struct digest h;
	static const unsigned char zero[REORG_HASH_LEN];
	memset(out, 0, sizeof(*out));
	enum mc_err err = reorgstore_get(db, id, &r);
	if (!err)
		err = reorgstore_dossier_items(db, id, collect_ref, &l);
	if (err)
		return err;
	out->dossiers_then = r.dossiers;
	out->events_then = r.events;
	memcpy(out->then, r.checksum, REORG_HASH_LEN);
	digest_init(&h, REORG_HASH_LEN);
	for (size_t i = 0; !err && i < l.n; i++) {
		struct unit_dossier d;
		unsigned char digest[REORG_HASH_LEN];
		int64_t events = 0, last = 0;
		err = reorgstore_dossier_by_code(db, l.v[i].code, &d);
		if (err == MC_ENOTFOUND) {
			memcpy(digest, zero, sizeof(digest));
			err = MC_OK;
		} else if (!err) {
			err = dossier_digest(db, l.v[i].code, &d, l.v[i].last_event, digest, &events,
					     &last);
			out->dossiers_now++;
		}
		out->events_now += events;
		digest_fold(&h, l.v[i].code, digest, REORG_HASH_LEN);
		if (memcmp(digest, l.v[i].digest, REORG_HASH_LEN) != 0 && out->ndiff < REORG_DIFF_MAX)
			out->diff[out->ndiff++] = arena_strdup(a, l.v[i].code);
	}
	digest_final(&h, out->now);
	out->equal = out->dossiers_now == out->dossiers_then && out->events_now == out->events_then &&
		     memcmp(out->now, out->then, REORG_HASH_LEN) == 0;
	return err;
}

/* Reading. */

static enum mc_err may_read_decision(struct svc_ctx *ctx, const struct reorg *r)
{
	if (!ctx->user)
		return MC_EAUTH;
	if (perm_has_role(ctx->user, "admin"))
		return MC_OK;
	enum mc_err err = perm_check(ctx, NULL, r->target_unit);
	return err == MC_EFORBIDDEN ? MC_ENOTFOUND : err;
}

struct verify_args {
	int64_t id;
	struct reorg_verdict *out;
};

static enum mc_err verify_tx(struct svc_ctx *ctx, void *arg)
{
	struct verify_args *a = arg;
	return verify_on(ctx->db, ctx->arena, a->id, a->out);
}

enum mc_err reorg_verify(struct svc_ctx *ctx, int64_t id, struct reorg_verdict *out)
{
	struct reorg r;
	struct verify_args a = {id, out};
	enum mc_err err = reorgstore_get(ctx->db, id, &r);
	if (!err)
		err = may_read_decision(ctx, &r);
	if (!err)
		err = svc_read(ctx, verify_tx, &a);
	return err;
}

enum mc_err reorg_verify_unchecked(struct svc_ctx *ctx, int64_t id, struct reorg_verdict *out)
{
	struct verify_args a = {id, out};
	return svc_read(ctx, verify_tx, &a);
}

bool reorg_overdue(const struct reorg *r, const struct handover *h, int64_t now)
{
	int64_t day;
	if (strcmp(h->status, "complete") == 0)
		return false;
	if (civil_parse_date(r->deadline, strlen(r->deadline), &day) != MC_OK)
		return false;
	return now >= civil_instant(day + 1, 0);
}

struct handover_list {
	struct arena *a;
	struct handover *v;
	size_t n, cap;
};

static void collect_handover(const struct handover *h, void *arg)
{
	struct handover_list *l = arg;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 128;
		struct handover *v = arena_alloc(l->a, cap * sizeof(*v));
		if (l->n)
			memcpy(v, l->v, l->n * sizeof(*v));
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n++] = *h;
}

/* The giving side's part of a decision: the handovers of the units whose old parent the caller
 * manages, counted (and collected when l is set). */
struct giver_part {
	struct svc_ctx *ctx;
	const struct reorg *r;
	struct handover_list *l;
	int64_t n, complete, overdue;
};

static void giver_handover(const struct handover *h, void *arg)
{
	struct giver_part *g = arg;
	if (!reorg_is_giver(g->ctx, h))
		return;
	g->n++;
	g->complete += strcmp(h->status, "complete") == 0;
	g->overdue += reorg_overdue(g->r, h, g->ctx->now);
	if (g->l)
		collect_handover(h, g->l);
}

enum mc_err reorg_get(struct svc_ctx *ctx, int64_t id, struct reorg_view *out)
{
	struct handover_list l = {ctx->arena, NULL, 0, 0};
	memset(out, 0, sizeof(*out));
	enum mc_err err = reorgstore_get(ctx->db, id, &out->r);
	if (!err)
		err = may_read_decision(ctx, &out->r);
	if (!err) {
		err = reorgstore_handovers(ctx->db, id, collect_handover, &l);
	} else if (err == MC_ENOTFOUND) {
		struct giver_part g = {ctx, &out->r, &l, 0, 0, 0};
		err = reorgstore_handovers(ctx->db, id, giver_handover, &g);
		if (!err && g.n == 0)
			err = MC_ENOTFOUND;
	}
	out->nh = l.n;
	out->h = l.v;
	return err;
}

struct decision_page {
	struct svc_ctx *ctx;
	struct reorg_summary *v;
	size_t n, want;
};

static bool collect_decision(const struct reorg *r, int64_t handovers, int64_t complete, void *arg)
{
	struct decision_page *p = arg;
	struct reorg_summary s = {.r = *r};
	if (may_read_decision(p->ctx, r) == MC_OK) {
		s.handovers = handovers;
		s.complete = complete;
		/* Every open handover of a decision shares its deadline: all late or none. */
		struct handover open = {.status = "open"};
		s.overdue = reorg_overdue(r, &open, p->ctx->now) ? handovers - complete : 0;
	} else {
		struct giver_part g = {p->ctx, r, NULL, 0, 0, 0};
		if (reorgstore_handovers(p->ctx->db, r->id, giver_handover, &g) != MC_OK || g.n == 0)
			return true;
		s.handovers = g.n;
		s.complete = g.complete;
		s.overdue = g.overdue;
	}
	p->v[p->n++] = s;
	return p->n < p->want;
}

enum mc_err reorg_list(struct svc_ctx *ctx, int64_t before, size_t limit,
		       struct reorg_summary **out, size_t *n)
{
	if (!ctx->user)
		return MC_EAUTH;
	struct decision_page p = {ctx, arena_alloc(ctx->arena, (limit + 1) * sizeof(*p.v)), 0,
				  limit + 1};
	enum mc_err err = reorgstore_list(ctx->db, before, REORG_LIST_SCAN, collect_decision, &p);
	*out = p.v;
	*n = p.n;
	return err;
}

/* Checking a new decision. */

static void check_target(struct svc_ctx *ctx, const char *target)
{
	struct unit u;
	if (!target) {
		problem_add(ctx->problem, "target_unit", "is required", "trường bắt buộc");
		return;
	}
	if (unitstore_get(ctx->db, target, ctx->now, &u) != MC_OK)
		problem_add(ctx->problem, "target_unit", "is not a known unit code",
			    "đơn vị tiếp nhận không tồn tại");
	else if (strcmp(u.kind, "center") != 0 && strcmp(u.kind, "branch") != 0)
		problem_add(ctx->problem, "target_unit", "must be the Center or a branch",
			    "đơn vị tiếp nhận phải là Trung tâm hoặc chi nhánh");
}

/* True when `code` is the target or one of its ancestors now (moving it would make a cycle). */
static bool above_target(struct svc_ctx *ctx, const char *target, const char *code)
{
	char cur[UNIT_CODE_MAX], parent[UNIT_CODE_MAX];
	snprintf(cur, sizeof(cur), "%s", target ? target : "");
	for (int depth = 0; depth < 16 && cur[0]; depth++) {
		if (strcmp(cur, code) == 0)
			return true;
		if (unitstore_parent_at(ctx->db, cur, ctx->now, parent) != MC_OK)
			return false;
		memcpy(cur, parent, sizeof(cur));
	}
	return false;
}

static void check_unit_item(struct svc_ctx *ctx, const struct reorg_in *in, size_t i,
			    int64_t effective_at)
{
	struct unit u;
	int64_t since = 0;
	const char *code = in->units[i];
	char *field = arena_printf(ctx->arena, "units[%zu]", i);
	for (size_t j = 0; j < i; j++)
		if (strcmp(in->units[j], code) == 0) {
			problem_add(ctx->problem, field, "is listed twice", "đơn vị bị lặp lại");
			return;
		}
	if (unitstore_get(ctx->db, code, ctx->now, &u) != MC_OK) {
		problem_add(ctx->problem, field, "is not a known unit code", "đơn vị không tồn tại");
		return;
	}
	if (!strcmp(u.kind, "city_pc") || !strcmp(u.kind, "center") || above_target(ctx, in->target_unit, code))
		problem_add(ctx->problem, field, "cannot move under the target unit",
			    "không thể chuyển về đơn vị tiếp nhận");
	else if (in->target_unit && strcmp(u.parent, in->target_unit) == 0)
		problem_add(ctx->problem, field, "is already under the target unit",
			    "đã thuộc đơn vị tiếp nhận");
	else if (reorgstore_open_parent_since(ctx->db, code, &since) == MC_OK && since >= effective_at)
		problem_add(ctx->problem, field, "already has a move at or after effective_at",
			    "đã có quyết định chuyển đơn vị từ thời điểm này trở về sau");
}

struct checked {
	int64_t signed_day, effective_at, days;
};

static void check_reorg(struct svc_ctx *ctx, const struct reorg_in *in, struct checked *c)
{
	struct problem *p = ctx->problem;
	bool dates = true;
	if (!in->decision_number || text_length(in->decision_number, strlen(in->decision_number)) > 100)
		problem_add(p, "decision_number", "is required (at most 100 characters)",
			    "số quyết định là bắt buộc (tối đa 100 ký tự)");
	if (!in->signed_on || civil_parse_date(in->signed_on, strlen(in->signed_on), &c->signed_day)) {
		problem_add(p, "signed_on", "must be a date (YYYY-MM-DD)", "phải là ngày (YYYY-MM-DD)");
		dates = false;
	}
	if (!in->effective_at ||
	    civil_parse_time(in->effective_at, strlen(in->effective_at), &c->effective_at)) {
		problem_add(p, "effective_at", "must be an RFC 3339 time with an offset",
			    "phải là thời điểm RFC 3339 có múi giờ");
		dates = false;
	}
	if (dates && c->effective_at < civil_instant(c->signed_day, 0))
		problem_add(p, "effective_at", "must not be before signed_on",
			    "thời điểm có hiệu lực không được trước ngày ký");
	c->days = in->days_set ? in->handover_days : 30;
	if (c->days < 1 || c->days > 365)
		problem_add(p, "handover_days", "must be from 1 to 365", "phải từ 1 đến 365 ngày");
	check_target(ctx, in->target_unit);
	if (in->nunits == 0 || in->nunits > REORG_UNITS_MAX) {
		problem_add(p, "units", "must list 1 to 500 units", "phải có từ 1 đến 500 đơn vị");
		return;
	}
	for (size_t i = 0; i < in->nunits; i++)
		check_unit_item(ctx, in, i, dates ? c->effective_at : INT64_MAX);
}

/* Creating: one unit's move and snapshot. */

static bool is_open_status(const char *status)
{
	enum ds_status s;
	return ds_status_parse(status, &s) != MC_OK || ds_status_open(s);
}

struct dossier_list {
	struct arena *a;
	struct unit_dossier *v;
	size_t n, cap;
};

static void collect_dossier(const struct unit_dossier *d, void *arg)
{
	struct dossier_list *l = arg;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 64;
		struct unit_dossier *v = arena_alloc(l->a, cap * sizeof(*v));
		if (l->n)
			memcpy(v, l->v, l->n * sizeof(*v));
		l->v = v;
		l->cap = cap;
	}
	struct unit_dossier *c = &l->v[l->n++];
	*c = *d;
	c->code = arena_strdup(l->a, d->code);
	c->status = arena_strdup(l->a, d->status);
	c->procedure_name = arena_strdup(l->a, d->procedure_name);
}

static enum mc_err snapshot_dossiers(struct svc_ctx *ctx, struct handover *h)
{
	struct dossier_list l = {ctx->arena, NULL, 0, 0};
	enum mc_err err = reorgstore_unit_dossiers(ctx->db, h->unit, collect_dossier, &l);
	for (size_t i = 0; !err && i < l.n; i++) {
		const struct unit_dossier *d = &l.v[i];
		unsigned char digest[REORG_HASH_LEN];
		int64_t events = 0, last = 0;
		err = dossier_digest(ctx->db, d->code, d, INT64_MAX, digest, &events, &last);
		char *label = arena_printf(ctx->arena, "%s - %s", d->code, d->procedure_name);
		if (!err)
			err = reorgstore_insert_item(ctx->db, h->id, "dossier", d->code, label, digest,
						 events, last);
		if (is_open_status(d->status))
			h->counts.dossiers_open++;
		else
			h->counts.dossiers_closed++;
	}
	return err;
}

static enum mc_err move_unit(struct svc_ctx *ctx, const struct reorg *r, const char *code)
{
	struct handover h;
	memset(&h, 0, sizeof(h));
	h.reorg_id = r->id;
	snprintf(h.unit, sizeof(h.unit), "%s", code);
	enum mc_err err = unitstore_parent_at(ctx->db, code, ctx->now, h.old_parent);
	if (!err)
		err = units_change(ctx);
	if (!err)
		err = unitstore_move(ctx->db, code, r->target_unit, r->effective_at);
	if (!err)
		err = reorgstore_insert_handover(ctx->db, &h);
	if (!err)
		err = reorgstore_snapshot_registers(ctx->db, &h, ctx->now);
	if (!err)
		err = snapshot_dossiers(ctx, &h);
	if (!err)
		err = reorgstore_set_counts(ctx->db, &h);
	if (err)
		return err;
	json_t *d = json_pack("{s:I, s:s, s:s, s:I, s:I, s:I, s:I, s:I}", "reorganization",
			      (json_int_t)r->id, "from", h.old_parent, "to", r->target_unit, "staff",
			      (json_int_t)h.counts.staff, "dossiers_open",
			      (json_int_t)h.counts.dossiers_open, "dossiers_closed",
			      (json_int_t)h.counts.dossiers_closed, "records",
			      (json_int_t)h.counts.records, "assets", (json_int_t)h.counts.assets);
	char *text = json_dumps(d, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(d);
	err = audit_append(ctx, code, "create_handover",
			   arena_printf(ctx->arena, "handover:%lld", (long long)h.id), text);
	free(text);
	return err;
}

static enum mc_err audit_decision(struct svc_ctx *ctx, const struct reorg *r, size_t nunits)
{
	char effective[32];
	civil_format_time(r->effective_at, effective);
	json_t *d = json_pack("{s:s, s:s, s:s, s:s, s:s, s:I, s:I, s:I}", "decision_number",
			      r->decision_number, "signed_on", r->signed_on, "effective_at", effective,
			      "target_unit", r->target_unit, "deadline", r->deadline, "units",
			      (json_int_t)nunits, "dossiers", (json_int_t)r->dossiers, "events",
			      (json_int_t)r->events);
	char *text = json_dumps(d, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(d);
	enum mc_err err = audit_append(ctx, r->target_unit, "create_reorganization",
				       arena_printf(ctx->arena, "reorganization:%lld", (long long)r->id),
				       text);
	free(text);
	return err;
}

struct create_args {
	const struct reorg_in *in;
	struct reorg *r;
};

static enum mc_err create_tx(struct svc_ctx *ctx, void *arg)
{
	struct create_args *a = arg;
	enum mc_err err = reorgstore_insert(ctx->db, a->r);
	for (size_t i = 0; !err && i < a->in->nunits; i++)
		err = move_unit(ctx, a->r, a->in->units[i]);
	if (!err)
		err = seal_checksum(ctx->db, ctx->arena, a->r);
	if (!err)
		err = audit_decision(ctx, a->r, a->in->nunits);
	return err;
}

enum mc_err reorg_create(struct svc_ctx *ctx, const struct reorg_in *in, int64_t *id)
{
	struct checked c = {0, 0, 30};
	struct reorg *r = arena_alloc(ctx->arena, sizeof(*r));
	enum mc_err err = perm_admin(ctx);
	if (err)
		return err;
	check_reorg(ctx, in, &c);
	if (ctx->problem->n)
		return MC_EINVAL;
	snprintf(r->decision_number, sizeof(r->decision_number), "%s", in->decision_number);
	civil_format_date(c.signed_day, r->signed_on);
	civil_format_date(c.signed_day + c.days, r->deadline);
	r->effective_at = c.effective_at;
	snprintf(r->target_unit, sizeof(r->target_unit), "%s", in->target_unit);
	r->handover_days = c.days;
	r->created_at = ctx->now;
	snprintf(r->created_by, sizeof(r->created_by), "%s", ctx->user->username);
	struct create_args a = {in, r};
	err = svc_write(ctx, create_tx, &a);
	*id = r->id;
	return err;
}
