/* The registers' use cases: checks of input, permissions by unit, one write transaction with its
 * audit event per change. Where an entry is over time is register_store's spans; this module
 * decides who may read and move it. */
#include "base/base.h"

#include <jansson.h>

#include "svc/audit.h"
#include "svc/perm.h"
#include "svc/registers.h"
#include "store/db.h"
#include "store/register_store.h"
#include "store/unit_store.h"

/* Permissions. */

static bool is_admin(struct svc_ctx *ctx)
{
	return perm_has_role(ctx->user, "admin");
}

/* MC_OK when the caller may read entries placed at unit; MC_ENOTFOUND otherwise (not visible). */
static enum mc_err may_read(struct svc_ctx *ctx, const char *unit)
{
	if (!ctx->user)
		return MC_EAUTH;
	if (is_admin(ctx))
		return MC_OK;
	if (!unit[0] || perm_has_role(ctx->user, "citizen"))
		return MC_ENOTFOUND;
	enum mc_err err = perm_check(ctx, NULL, unit);
	return err == MC_EFORBIDDEN ? MC_ENOTFOUND : err;
}

static enum mc_err may_manage(struct svc_ctx *ctx, const char *unit)
{
	if (!ctx->user)
		return MC_EAUTH;
	if (is_admin(ctx))
		return MC_OK;
	enum mc_err err = perm_check(ctx, "unit_manager", unit);
	if (err == MC_EFORBIDDEN)
		err = perm_check(ctx, "center_manager", unit);
	return err;
}

/* 403 comes before 422: when the unit is known, the right to manage it is checked first. */
static enum mc_err precheck_manage(struct svc_ctx *ctx, const char *unit)
{
	struct unit u;
	if (!unit || unitstore_get(ctx->db, unit, ctx->now, &u) != MC_OK)
		return ctx->user ? MC_OK : MC_EAUTH;
	return may_manage(ctx, unit);
}

/* Field checks. */

static void check_unit(struct svc_ctx *ctx, const char *unit, bool required)
{
	struct unit u;
	if (!unit) {
		if (required)
			problem_add(ctx->problem, "unit", "is required", "trường bắt buộc");
		return;
	}
	if (unitstore_get(ctx->db, unit, ctx->now, &u) != MC_OK)
		problem_add(ctx->problem, "unit", "is not a known unit code", "đơn vị không tồn tại");
}

static const char *in_unit(const struct reg_kind *k, const void *in)
{
	return *(const char *const *)reg_cmember(in, k->in_unit);
}

/* The `from` of an input: when its place begins (default now). */
static int64_t in_from(struct svc_ctx *ctx, const struct reg_kind *k, const void *in)
{
	bool set = *(const bool *)reg_cmember(in, k->in_from_set);
	return set ? reg_int_of(in, k->in_from) : ctx->now;
}

void registers_check(struct svc_ctx *ctx, const struct reg_kind *k, const void *in, bool creating)
{
	reg_check_fields(k, in, creating, ctx->now, ctx->problem);
	check_unit(ctx, in_unit(k, in), creating);
	if (k->counter)
		reg_check_field(k->counter, in, creating, ctx->now, ctx->problem);
}

/* Writing. */

/* The audit event of a create (the fields from the input) or an update (from the entry, with
 * where it is now and whether it moved). */
static enum mc_err audit_entry(struct svc_ctx *ctx, const struct reg_kind *k, int64_t id,
			       const void *in, const void *e, const char *unit, int64_t counter,
			       bool moved)
{
	unsigned mark = in ? REG_AUDIT_CREATE : REG_AUDIT_UPDATE;
	json_t *d = json_object();
	bool ok = true;
	for (size_t i = 0; i < k->nfields; i++) {
		const struct reg_field *f = &k->fields[i];
		if (!(f->audit & mark))
			continue;
		json_t *v = reg_is_text(f) ? json_string(in ? reg_in_text(f, in) : reg_text_of(f, e))
					   : json_integer(in ? reg_in_num(f, in) : reg_num_of(f, e));
		ok = ok && v; /* text that is not UTF-8: no detail, as json_pack gives none */
		json_object_set_new(d, f->name, v);
	}
	json_object_set_new(d, "unit", json_string(unit));
	if (!in && k->counter)
		json_object_set_new(d, "counter", json_integer(counter));
	if (!in)
		json_object_set_new(d, "moved", json_boolean(moved));
	char *text = ok ? json_dumps(d, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	json_decref(d);
	const char *action = arena_printf(ctx->arena, "%s_%s", in ? "create" : "update", k->name);
	char *entity = arena_printf(ctx->arena, "%s:%lld", k->name, (long long)id);
	enum mc_err err = audit_append(ctx, unit, action, entity, text);
	free(text);
	return err;
}

static int64_t in_counter(const struct reg_kind *k, const void *in)
{
	return k->counter ? reg_in_num(k->counter, in) : 0;
}

enum mc_err registers__insert(struct svc_ctx *ctx, const struct reg_kind *k, const void *in,
			      int64_t *id)
{
	void *e = arena_alloc(ctx->arena, k->size);
	bool used = false;
	enum mc_err err = MC_OK;
	reg_apply(k, in, e, true);
	*reg_int_at(e, k->created_at) = ctx->now;
	if (k->unique)
		err = regstore_used(ctx->db, k, reg_in_text(k->unique, in), &used);
	if (!err && used) {
		problem_add(ctx->problem, k->unique->name, k->taken, k->taken_vi);
		err = MC_ECONFLICT;
	}
	if (!err)
		err = regstore_insert(ctx->db, k, e);
	if (!err)
		err = regstore_place(ctx->db, k->name, reg_id_of(k, e), in_unit(k, in),
				     in_counter(k, in), in_from(ctx, k, in));
	*id = reg_id_of(k, e);
	return err;
}

/* Where an update puts the entry. */
struct move {
	bool moving;
	const char *unit;
	int64_t counter, at;
};

/* One create or update in its write transaction. */
struct change {
	const struct reg_kind *k;
	const void *in;
	int64_t id;
	void *e; /* update: the entry as it is */
	struct move mv;
};

static enum mc_err create_tx(struct svc_ctx *ctx, void *arg)
{
	struct change *c = arg;
	enum mc_err err = registers__insert(ctx, c->k, c->in, &c->id);
	if (!err)
		err = audit_entry(ctx, c->k, c->id, c->in, NULL, in_unit(c->k, c->in), 0, false);
	return err;
}

enum mc_err registers_create(struct svc_ctx *ctx, const struct reg_kind *k, const void *in,
			     struct reg_detail *out)
{
	struct change c = {.k = k, .in = in};
	const char *unit = in_unit(k, in);
	enum mc_err err = precheck_manage(ctx, unit);
	if (err)
		return err;
	registers_check(ctx, k, in, true);
	if (ctx->problem->n)
		return MC_EINVAL;
	err = may_manage(ctx, unit);
	if (!err)
		err = svc_write(ctx, create_tx, &c);
	return err ? err : registers_get(ctx, k, c.id, out);
}

/* Reading. */

static enum mc_err history(struct svc_ctx *ctx, const struct reg_kind *k, int64_t id,
			   struct reg_detail *out)
{
	enum mc_err err = regstore_spans(ctx->db, k->name, id, out->spans, REG_HISTORY_MAX,
					 &out->nspans);
	if (!err && k->appointments)
		err = regstore_appointments(ctx->db, id, out->appts, REG_HISTORY_MAX, &out->nappts);
	return err;
}

enum mc_err registers_get(struct svc_ctx *ctx, const struct reg_kind *k, int64_t id,
			  struct reg_detail *out)
{
	memset(out, 0, sizeof(*out));
	enum mc_err err = regstore_get(ctx->db, k, id, ctx->now, &out->e);
	if (!err)
		err = may_read(ctx, reg_place_of(k, &out->e)->unit);
	if (!err)
		err = history(ctx, k, id, out);
	return err;
}

/* Updating: the permission to manage the current unit, and the new one when the entry moves. */

static enum mc_err plan_move(struct svc_ctx *ctx, const struct reg_kind *k, int64_t id,
			     const struct reg_place *cur, const void *in, struct move *mv)
{
	int64_t since = 0;
	const char *unit = in_unit(k, in);
	mv->unit = unit ? unit : cur->unit;
	mv->counter = 0;
	if (k->counter)
		mv->counter = reg_in_set(k->counter, in) ? reg_in_num(k->counter, in) : cur->counter;
	mv->at = in_from(ctx, k, in);
	mv->moving = strcmp(mv->unit, cur->unit) != 0 || mv->counter != cur->counter;
	enum mc_err err = may_read(ctx, cur->unit);
	if (!err)
		err = may_manage(ctx, cur->unit);
	if (!err && mv->moving)
		err = may_manage(ctx, mv->unit);
	if (!err && mv->moving)
		err = regstore_open_since(ctx->db, k->name, id, &since);
	if (!err && mv->moving && mv->at < since) {
		problem_add(ctx->problem, "from", "must not be before the current placement began",
			    "không được trước thời điểm bắt đầu của vị trí hiện tại");
		err = MC_EINVAL;
	}
	return err;
}

static enum mc_err update_tx(struct svc_ctx *ctx, void *arg)
{
	struct change *c = arg;
	const struct reg_kind *k = c->k;
	/* Read again under the write lock: an update made since the first read is kept, not
	 * overwritten with the fields read before it. */
	enum mc_err err = regstore_get(ctx->db, k, c->id, ctx->now, c->e);
	if (err)
		return err;
	reg_apply(k, c->in, c->e, false);
	err = regstore_update(ctx->db, k, c->e);
	if (err == MC_ECONFLICT && k->unique)
		problem_add(ctx->problem, k->unique->name, k->taken, k->taken_vi);
	if (!err && c->mv.moving)
		err = regstore_place(ctx->db, k->name, c->id, c->mv.unit, c->mv.counter, c->mv.at);
	if (!err)
		err = audit_entry(ctx, k, c->id, NULL, c->e, c->mv.unit, c->mv.counter,
				  c->mv.moving);
	return err;
}

enum mc_err registers_update(struct svc_ctx *ctx, const struct reg_kind *k, int64_t id,
			     const void *in, struct reg_detail *out)
{
	struct change c = {.k = k, .in = in, .id = id, .e = arena_alloc(ctx->arena, k->size)};
	enum mc_err err = regstore_get(ctx->db, k, id, ctx->now, c.e);
	if (!err)
		err = may_read(ctx, reg_place_of(k, c.e)->unit);
	if (err)
		return err;
	registers_check(ctx, k, in, false);
	if (ctx->problem->n)
		return MC_EINVAL;
	err = plan_move(ctx, k, id, reg_place_of(k, c.e), in, &c.mv);
	if (!err)
		err = svc_write(ctx, update_tx, &c);
	return err ? err : registers_get(ctx, k, id, out);
}

/* Appointments. */

static void check_appointment(struct svc_ctx *ctx, const char *unit, const char *position)
{
	struct unit u;
	if (!position || (strcmp(position, "head") != 0 && strcmp(position, "deputy") != 0))
		problem_add(ctx->problem, "position", "must be head or deputy",
			    "chức vụ phải là head (trưởng) hoặc deputy (phó)");
	if (!unit) {
		problem_add(ctx->problem, "unit", "is required", "trường bắt buộc");
		return;
	}
	if (unitstore_get(ctx->db, unit, ctx->now, &u) != MC_OK)
		problem_add(ctx->problem, "unit", "is not a known unit code", "đơn vị không tồn tại");
	else if (strcmp(u.kind, "service_point") && strcmp(u.kind, "branch") && strcmp(u.kind, "center"))
		problem_add(ctx->problem, "unit", "must be a service point, a branch or the Center",
			    "phải là điểm phục vụ, chi nhánh hoặc Trung tâm");
}

struct appointment {
	int64_t id, from;
	const char *unit, *position;
};

static enum mc_err appoint_tx(struct svc_ctx *ctx, void *arg)
{
	struct appointment *a = arg;
	enum mc_err err = regstore_appoint(ctx->db, a->id, a->unit, a->position, a->from);
	if (err)
		return err;
	json_t *d = json_pack("{s:s, s:s, s:I}", "unit", a->unit, "position", a->position, "from",
			      (json_int_t)a->from);
	char *text = json_dumps(d, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(d);
	char *entity = arena_printf(ctx->arena, "%s:%lld", REG_STAFF, (long long)a->id);
	err = audit_append(ctx, a->unit, "appoint", entity, text);
	free(text);
	return err;
}

enum mc_err registers_appoint(struct svc_ctx *ctx, int64_t id, const char *unit,
			      const char *position, int64_t from, struct reg_detail *out)
{
	struct appointment a = {id, from, unit, position};
	struct reg_staff *s = arena_alloc(ctx->arena, sizeof(*s));
	enum mc_err err = regstore_get(ctx->db, &reg_staff_kind, id, ctx->now, s);
	if (err)
		return err;
	check_appointment(ctx, unit, position);
	if (ctx->problem->n)
		return MC_EINVAL;
	err = may_manage(ctx, unit);
	if (!err)
		err = svc_write(ctx, appoint_tx, &a);
	if (err)
		return err;
	memset(out, 0, sizeof(*out));
	out->e.staff = *s;
	return history(ctx, &reg_staff_kind, id, out);
}

/* Lists. */

static enum mc_err list_scope(struct svc_ctx *ctx, const struct reg_query *q, struct reg_filter *f)
{
	if (!ctx->user)
		return MC_EAUTH;
	f->unit = q->unit;
	f->at = ctx->now;
	f->after_id = q->after_id;
	f->limit = q->limit + 1;
	if (is_admin(ctx))
		return MC_OK;
	if (!q->unit) {
		problem_add(ctx->problem, "unit", "is required unless you are an administrator",
			    "cần chọn đơn vị");
		return MC_EINVAL;
	}
	if (perm_has_role(ctx->user, "citizen") && ctx->user->nroles == 1)
		return MC_EFORBIDDEN;
	return perm_check(ctx, NULL, q->unit);
}

struct page {
	size_t left;
	bool more;
	void (*fn)(const void *e, void *arg);
	void *arg;
};

/* Passes at most `left` entries on; one more than asked means another page follows. */
static void page_one(const void *e, void *arg)
{
	struct page *p = arg;
	if (p->left > 0) {
		p->left--;
		p->fn(e, p->arg);
	} else {
		p->more = true;
	}
}

enum mc_err registers_list(struct svc_ctx *ctx, const struct reg_kind *k, const struct reg_query *q,
			   void (*fn)(const void *e, void *arg), void *arg, bool *more)
{
	struct reg_filter f;
	struct page p = {.left = q->limit, .fn = fn, .arg = arg};
	enum mc_err err = list_scope(ctx, q, &f);
	if (!err)
		err = regstore_list(ctx->db, k, &f, page_one, &p);
	*more = p.more;
	return err;
}
