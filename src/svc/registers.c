/* The registers' use cases: checks of input, permissions by unit, one write transaction with its
 * audit event per change. Where an entry is over time is register_store's spans; this module
 * decides who may read and move it. */
#include "base/base.h"

#include <jansson.h>

#include "base/civil.h"
#include "domain/idnum.h"
#include "domain/text.h"
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
	if (!unit || ustore_get(ctx->db, unit, ctx->now, &u) != MC_OK)
		return ctx->user ? MC_OK : MC_EAUTH;
	return may_manage(ctx, unit);
}

/* Field checks. */

static void check_text(struct svc_ctx *ctx, const char *field, const char *s, size_t min,
		       size_t max, bool required)
{
	if (!s) {
		if (required)
			problem_add(ctx->problem, field, "is required", "trường bắt buộc");
		return;
	}
	size_t n = text_length(s, strlen(s));
	if (n < min || n > max) {
		char *m = arena_printf(ctx->arena, "must have %zu to %zu characters", min, max);
		char *vi = arena_printf(ctx->arena, "phải có từ %zu đến %zu ký tự", min, max);
		problem_add(ctx->problem, field, m, vi);
	}
}

static void check_unit(struct svc_ctx *ctx, const char *unit, bool required)
{
	struct unit u;
	if (!unit) {
		if (required)
			problem_add(ctx->problem, "unit", "is required", "trường bắt buộc");
		return;
	}
	if (ustore_get(ctx->db, unit, ctx->now, &u) != MC_OK)
		problem_add(ctx->problem, "unit", "is not a known unit code", "đơn vị không tồn tại");
}

static void check_count(struct svc_ctx *ctx, const char *field, int64_t v, bool set,
			bool required, int64_t max)
{
	if (!set) {
		if (required)
			problem_add(ctx->problem, field, "is required", "trường bắt buộc");
		return;
	}
	if (v < 0)
		problem_add(ctx->problem, field, "must not be negative", "không được là số âm");
	else if (v > max)
		problem_add(ctx->problem, field, "is too large", "giá trị quá lớn");
}

void registers_check_staff(struct svc_ctx *ctx, const struct staff_in *in, bool creating)
{
	check_text(ctx, "full_name", in->full_name, 1, 200, creating);
	check_text(ctx, "position", in->position, 1, 100, creating);
	if (creating && !in->id_number)
		problem_add(ctx->problem, "id_number", "is required", "trường bắt buộc");
	int y = 0, m = 0, d = 0;
	civil_ymd(civil_local_day(ctx->now), &y, &m, &d);
	if (in->id_number && idnum_check_person(in->id_number, strlen(in->id_number), y) != IDNUM_OK)
		problem_add(ctx->problem, "id_number",
			    "must be a 12-digit personal identification number",
			    "số định danh cá nhân phải gồm 12 chữ số hợp lệ");
	check_unit(ctx, in->unit, creating);
	check_count(ctx, "counter", in->counter, in->counter_set, false, 99);
}

void registers_check_asset(struct svc_ctx *ctx, const struct asset_in *in, bool creating)
{
	const int64_t max = INT64_C(1000000000000000); /* 10^15 VND */
	check_text(ctx, "inventory_code", in->inventory_code, 1, 50, creating);
	check_text(ctx, "name", in->name, 1, 200, creating);
	check_text(ctx, "category", in->category, 1, 100, creating);
	check_text(ctx, "condition", in->condition, 0, 100, false);
	check_count(ctx, "quantity", in->quantity, in->quantity_set, creating, 1000000000);
	check_count(ctx, "original_value", in->original_value, in->original_set, creating, max);
	check_count(ctx, "remaining_value", in->remaining_value, in->remaining_set, creating, max);
	check_unit(ctx, in->unit, creating);
}

void registers_check_record(struct svc_ctx *ctx, const struct record_in *in, bool creating)
{
	check_text(ctx, "box", in->box, 1, 20, creating);
	check_text(ctx, "file", in->file, 1, 20, creating);
	check_text(ctx, "title", in->title, 1, 200, creating);
	check_text(ctx, "retention", in->retention, 0, 50, false);
	if (creating && !in->year_set)
		problem_add(ctx->problem, "year", "is required", "trường bắt buộc");
	if (in->year_set && (in->year < 1900 || in->year > 2100))
		problem_add(ctx->problem, "year", "must be from 1900 to 2100",
			    "năm phải từ 1900 đến 2100");
	check_count(ctx, "sheets", in->sheets, in->sheets_set, creating, 1000000);
	check_unit(ctx, in->unit, creating);
}

/* Writing. */

static const char *opt(const char *s)
{
	return s ? s : "";
}

static enum mc_err audit_json(struct svc_ctx *ctx, const char *unit, const char *action,
			      const char *kind, int64_t id, json_t *detail)
{
	char *text = json_dumps(detail, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(detail);
	char *entity = arena_printf(ctx->arena, "%s:%lld", kind, (long long)id);
	enum mc_err err = audit_append(ctx, unit, action, entity, text);
	free(text);
	return err;
}

static int64_t from_of(struct svc_ctx *ctx, int64_t from, bool set)
{
	return set ? from : ctx->now;
}

enum mc_err registers__insert_staff(struct svc_ctx *ctx, const struct staff_in *in, int64_t *id)
{
	struct reg_staff *s = arena_alloc(ctx->arena, sizeof(*s));
	bool used = false;
	snprintf(s->full_name, sizeof(s->full_name), "%s", in->full_name);
	snprintf(s->id_number, sizeof(s->id_number), "%s", in->id_number);
	snprintf(s->position, sizeof(s->position), "%s", in->position);
	s->created_at = ctx->now;
	enum mc_err err = regstore_id_number_used(ctx->db, in->id_number, &used);
	if (!err && used) {
		problem_add(ctx->problem, "id_number", "is already registered",
			    "số định danh đã có trong danh sách cán bộ");
		err = MC_ECONFLICT;
	}
	if (!err)
		err = regstore_staff_insert(ctx->db, s);
	if (!err)
		err = regstore_place(ctx->db, REG_STAFF, s->id, in->unit, in->counter,
				     from_of(ctx, in->from, in->from_set));
	*id = s->id;
	return err;
}

enum mc_err registers__insert_asset(struct svc_ctx *ctx, const struct asset_in *in, int64_t *id)
{
	struct reg_asset *a = arena_alloc(ctx->arena, sizeof(*a));
	bool used = false;
	snprintf(a->inventory_code, sizeof(a->inventory_code), "%s", in->inventory_code);
	snprintf(a->name, sizeof(a->name), "%s", in->name);
	snprintf(a->category, sizeof(a->category), "%s", in->category);
	snprintf(a->condition, sizeof(a->condition), "%s", opt(in->condition));
	a->quantity = in->quantity;
	a->original_value = in->original_value;
	a->remaining_value = in->remaining_value;
	a->created_at = ctx->now;
	enum mc_err err = regstore_inventory_code_used(ctx->db, in->inventory_code, &used);
	if (!err && used) {
		problem_add(ctx->problem, "inventory_code", "is already used",
			    "mã tài sản đã được dùng");
		err = MC_ECONFLICT;
	}
	if (!err)
		err = regstore_asset_insert(ctx->db, a);
	if (!err)
		err = regstore_place(ctx->db, REG_ASSET, a->id, in->unit, 0,
				     from_of(ctx, in->from, in->from_set));
	*id = a->id;
	return err;
}

enum mc_err registers__insert_record(struct svc_ctx *ctx, const struct record_in *in, int64_t *id)
{
	struct reg_record *r = arena_alloc(ctx->arena, sizeof(*r));
	snprintf(r->box, sizeof(r->box), "%s", in->box);
	snprintf(r->file, sizeof(r->file), "%s", in->file);
	snprintf(r->title, sizeof(r->title), "%s", in->title);
	snprintf(r->retention, sizeof(r->retention), "%s", opt(in->retention));
	r->year = in->year;
	r->sheets = in->sheets;
	r->created_at = ctx->now;
	enum mc_err err = regstore_record_insert(ctx->db, r);
	if (!err)
		err = regstore_place(ctx->db, REG_RECORD, r->id, in->unit, 0,
				     from_of(ctx, in->from, in->from_set));
	*id = r->id;
	return err;
}

/* Runs one insert (or update) with its audit event in a write transaction. */
static enum mc_err commit_or_rollback(struct svc_ctx *ctx, enum mc_err err)
{
	if (!err)
		err = db_commit(ctx->db);
	db_rollback(ctx->db);
	return err;
}

enum mc_err registers_staff_create(struct svc_ctx *ctx, const struct staff_in *in,
				   struct staff_detail *out)
{
	int64_t id = 0;
	enum mc_err err = precheck_manage(ctx, in->unit);
	if (err)
		return err;
	registers_check_staff(ctx, in, true);
	if (ctx->problem->n)
		return MC_EINVAL;
	err = may_manage(ctx, in->unit);
	if (!err)
		err = db_begin_write(ctx->db);
	if (err)
		return err;
	err = registers__insert_staff(ctx, in, &id);
	if (!err)
		err = audit_json(ctx, in->unit, "create_staff", "staff", id,
				 json_pack("{s:s, s:s, s:s}", "full_name", in->full_name, "position",
					   in->position, "unit", in->unit));
	err = commit_or_rollback(ctx, err);
	return err ? err : registers_staff_get(ctx, id, out);
}

enum mc_err registers_asset_create(struct svc_ctx *ctx, const struct asset_in *in,
				   struct asset_detail *out)
{
	int64_t id = 0;
	enum mc_err err = precheck_manage(ctx, in->unit);
	if (err)
		return err;
	registers_check_asset(ctx, in, true);
	if (ctx->problem->n)
		return MC_EINVAL;
	err = may_manage(ctx, in->unit);
	if (!err)
		err = db_begin_write(ctx->db);
	if (err)
		return err;
	err = registers__insert_asset(ctx, in, &id);
	if (!err)
		err = audit_json(ctx, in->unit, "create_asset", "asset", id,
				 json_pack("{s:s, s:s, s:I, s:s}", "inventory_code",
					   in->inventory_code, "name", in->name, "quantity",
					   (json_int_t)in->quantity, "unit", in->unit));
	err = commit_or_rollback(ctx, err);
	return err ? err : registers_asset_get(ctx, id, out);
}

enum mc_err registers_record_create(struct svc_ctx *ctx, const struct record_in *in,
				    struct record_detail *out)
{
	int64_t id = 0;
	enum mc_err err = precheck_manage(ctx, in->unit);
	if (err)
		return err;
	registers_check_record(ctx, in, true);
	if (ctx->problem->n)
		return MC_EINVAL;
	err = may_manage(ctx, in->unit);
	if (!err)
		err = db_begin_write(ctx->db);
	if (err)
		return err;
	err = registers__insert_record(ctx, in, &id);
	if (!err)
		err = audit_json(ctx, in->unit, "create_record", "record", id,
				 json_pack("{s:s, s:s, s:s, s:s}", "box", in->box, "file", in->file,
					   "title", in->title, "unit", in->unit));
	err = commit_or_rollback(ctx, err);
	return err ? err : registers_record_get(ctx, id, out);
}

/* Reading. */

enum mc_err registers_staff_get(struct svc_ctx *ctx, int64_t id, struct staff_detail *out)
{
	memset(out, 0, sizeof(*out));
	enum mc_err err = regstore_staff_get(ctx->db, id, ctx->now, &out->s);
	if (!err)
		err = may_read(ctx, out->s.at.unit);
	if (!err)
		err = regstore_spans(ctx->db, REG_STAFF, id, out->spans, REG_HISTORY_MAX, &out->nspans);
	if (!err)
		err = regstore_appointments(ctx->db, id, out->appts, REG_HISTORY_MAX, &out->nappts);
	return err;
}

enum mc_err registers_asset_get(struct svc_ctx *ctx, int64_t id, struct asset_detail *out)
{
	memset(out, 0, sizeof(*out));
	enum mc_err err = regstore_asset_get(ctx->db, id, ctx->now, &out->a);
	if (!err)
		err = may_read(ctx, out->a.at.unit);
	if (!err)
		err = regstore_spans(ctx->db, REG_ASSET, id, out->spans, REG_HISTORY_MAX, &out->nspans);
	return err;
}

enum mc_err registers_record_get(struct svc_ctx *ctx, int64_t id, struct record_detail *out)
{
	memset(out, 0, sizeof(*out));
	enum mc_err err = regstore_record_get(ctx->db, id, ctx->now, &out->r);
	if (!err)
		err = may_read(ctx, out->r.at.unit);
	if (!err)
		err = regstore_spans(ctx->db, REG_RECORD, id, out->spans, REG_HISTORY_MAX,
				     &out->nspans);
	return err;
}

/* Updating: the permission to manage the current unit, and the new one when the entry moves. */

struct move {
	bool moving;
	const char *unit;
	int64_t counter, at;
};

static enum mc_err plan_move(struct svc_ctx *ctx, const char *kind, int64_t id,
			     const struct reg_place *cur, const char *unit, int64_t counter,
			     int64_t from, bool from_set, struct move *mv)
{
	int64_t since = 0;
	mv->unit = unit ? unit : cur->unit;
	mv->counter = counter;
	mv->at = from_of(ctx, from, from_set);
	mv->moving = strcmp(mv->unit, cur->unit) != 0 || counter != cur->counter;
	enum mc_err err = may_read(ctx, cur->unit);
	if (!err)
		err = may_manage(ctx, cur->unit);
	if (!err && mv->moving)
		err = may_manage(ctx, mv->unit);
	if (!err && mv->moving)
		err = regstore_open_since(ctx->db, kind, id, &since);
	if (!err && mv->moving && mv->at < since) {
		problem_add(ctx->problem, "from", "must not be before the current placement began",
			    "không được trước thời điểm bắt đầu của vị trí hiện tại");
		err = MC_EINVAL;
	}
	return err;
}

static void set_text(char *dst, size_t cap, const char *s)
{
	if (s)
		snprintf(dst, cap, "%s", s);
}

enum mc_err registers_staff_update(struct svc_ctx *ctx, int64_t id, const struct staff_in *in,
				   struct staff_detail *out)
{
	struct reg_staff *s = arena_alloc(ctx->arena, sizeof(*s));
	struct move mv;
	enum mc_err err = regstore_staff_get(ctx->db, id, ctx->now, s);
	if (!err)
		err = may_read(ctx, s->at.unit);
	if (err)
		return err;
	registers_check_staff(ctx, in, false);
	if (ctx->problem->n)
		return MC_EINVAL;
	err = plan_move(ctx, REG_STAFF, id, &s->at, in->unit,
			in->counter_set ? in->counter : s->at.counter, in->from, in->from_set, &mv);
	if (!err)
		err = db_begin_write(ctx->db);
	if (err)
		return err;
	set_text(s->full_name, sizeof(s->full_name), in->full_name);
	set_text(s->position, sizeof(s->position), in->position);
	err = regstore_staff_update(ctx->db, s);
	if (!err && mv.moving)
		err = regstore_place(ctx->db, REG_STAFF, id, mv.unit, mv.counter, mv.at);
	if (!err)
		err = audit_json(ctx, mv.unit, "update_staff", "staff", id,
				 json_pack("{s:s, s:s, s:s, s:I, s:b}", "full_name", s->full_name,
					   "position", s->position, "unit", mv.unit, "counter",
					   (json_int_t)mv.counter, "moved", mv.moving));
	err = commit_or_rollback(ctx, err);
	return err ? err : registers_staff_get(ctx, id, out);
}

static void set_num(int64_t *dst, int64_t v, bool set)
{
	if (set)
		*dst = v;
}

enum mc_err registers_asset_update(struct svc_ctx *ctx, int64_t id, const struct asset_in *in,
				   struct asset_detail *out)
{
	struct reg_asset *a = arena_alloc(ctx->arena, sizeof(*a));
	struct move mv;
	enum mc_err err = regstore_asset_get(ctx->db, id, ctx->now, a);
	if (!err)
		err = may_read(ctx, a->at.unit);
	if (err)
		return err;
	registers_check_asset(ctx, in, false);
	if (ctx->problem->n)
		return MC_EINVAL;
	err = plan_move(ctx, REG_ASSET, id, &a->at, in->unit, 0, in->from, in->from_set, &mv);
	if (!err)
		err = db_begin_write(ctx->db);
	if (err)
		return err;
	set_text(a->inventory_code, sizeof(a->inventory_code), in->inventory_code);
	set_text(a->name, sizeof(a->name), in->name);
	set_text(a->category, sizeof(a->category), in->category);
	set_text(a->condition, sizeof(a->condition), in->condition);
	set_num(&a->quantity, in->quantity, in->quantity_set);
	set_num(&a->original_value, in->original_value, in->original_set);
	set_num(&a->remaining_value, in->remaining_value, in->remaining_set);
	err = regstore_asset_update(ctx->db, a);
	if (err == MC_ECONFLICT)
		problem_add(ctx->problem, "inventory_code", "is already used", "mã tài sản đã được dùng");
	if (!err && mv.moving)
		err = regstore_place(ctx->db, REG_ASSET, id, mv.unit, 0, mv.at);
	if (!err)
		err = audit_json(ctx, mv.unit, "update_asset", "asset", id,
				 json_pack("{s:s, s:I, s:I, s:s, s:s, s:b}", "inventory_code",
					   a->inventory_code, "quantity", (json_int_t)a->quantity,
					   "remaining_value", (json_int_t)a->remaining_value,
					   "condition", a->condition, "unit", mv.unit, "moved", mv.moving));
	err = commit_or_rollback(ctx, err);
	return err ? err : registers_asset_get(ctx, id, out);
}

enum mc_err registers_record_update(struct svc_ctx *ctx, int64_t id, const struct record_in *in,
				    struct record_detail *out)
{
	struct reg_record *r = arena_alloc(ctx->arena, sizeof(*r));
	struct move mv;
	enum mc_err err = regstore_record_get(ctx->db, id, ctx->now, r);
	if (!err)
		err = may_read(ctx, r->at.unit);
	if (err)
		return err;
	registers_check_record(ctx, in, false);
	if (ctx->problem->n)
		return MC_EINVAL;
	err = plan_move(ctx, REG_RECORD, id, &r->at, in->unit, 0, in->from, in->from_set, &mv);
	if (!err)
		err = db_begin_write(ctx->db);
	if (err)
		return err;
	set_text(r->box, sizeof(r->box), in->box);
	set_text(r->file, sizeof(r->file), in->file);
	set_text(r->title, sizeof(r->title), in->title);
	set_text(r->retention, sizeof(r->retention), in->retention);
	set_num(&r->year, in->year, in->year_set);
	set_num(&r->sheets, in->sheets, in->sheets_set);
	err = regstore_record_update(ctx->db, r);
	if (!err && mv.moving)
		err = regstore_place(ctx->db, REG_RECORD, id, mv.unit, 0, mv.at);
	if (!err)
		err = audit_json(ctx, mv.unit, "update_record", "record", id,
				 json_pack("{s:s, s:s, s:s, s:s, s:b}", "box", r->box, "file",
					   r->file, "title", r->title, "unit", mv.unit, "moved",
					   mv.moving));
	err = commit_or_rollback(ctx, err);
	return err ? err : registers_record_get(ctx, id, out);
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
	if (ustore_get(ctx->db, unit, ctx->now, &u) != MC_OK)
		problem_add(ctx->problem, "unit", "is not a known unit code", "đơn vị không tồn tại");
	else if (strcmp(u.kind, "service_point") && strcmp(u.kind, "branch") && strcmp(u.kind, "center"))
		problem_add(ctx->problem, "unit", "must be a service point, a branch or the Center",
			    "phải là điểm phục vụ, chi nhánh hoặc Trung tâm");
}

enum mc_err registers_appoint(struct svc_ctx *ctx, int64_t id, const char *unit,
			      const char *position, int64_t from, struct staff_detail *out)
{
	struct reg_staff *s = arena_alloc(ctx->arena, sizeof(*s));
	enum mc_err err = regstore_staff_get(ctx->db, id, ctx->now, s);
	if (err)
		return err;
	check_appointment(ctx, unit, position);
	if (ctx->problem->n)
		return MC_EINVAL;
	err = may_manage(ctx, unit);
	if (!err)
		err = db_begin_write(ctx->db);
	if (err)
		return err;
	err = regstore_appoint(ctx->db, id, unit, position, from);
	if (!err)
		err = audit_json(ctx, unit, "appoint", "staff", id,
				 json_pack("{s:s, s:s, s:I}", "unit", unit, "position", position,
					   "from", (json_int_t)from));
	err = commit_or_rollback(ctx, err);
	if (err)
		return err;
	memset(out, 0, sizeof(*out));
	out->s = *s;
	err = regstore_spans(ctx->db, REG_STAFF, id, out->spans, REG_HISTORY_MAX, &out->nspans);
	if (!err)
		err = regstore_appointments(ctx->db, id, out->appts, REG_HISTORY_MAX, &out->nappts);
	return err;
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
	void *arg;
	void (*staff)(const struct reg_staff *s, void *arg);
	void (*asset)(const struct reg_asset *a, void *arg);
	void (*record)(const struct reg_record *r, void *arg);
};

/* Passes at most `left` entries on; one more than asked means another page follows. */
static bool page_take(struct page *p)
{
	if (p->left == 0) {
		p->more = true;
		return false;
	}
	p->left--;
	return true;
}

static void staff_one(const struct reg_staff *s, void *arg)
{
	struct page *p = arg;
	if (page_take(p))
		p->staff(s, p->arg);
}

static void asset_one(const struct reg_asset *a, void *arg)
{
	struct page *p = arg;
	if (page_take(p))
		p->asset(a, p->arg);
}

static void record_one(const struct reg_record *r, void *arg)
{
	struct page *p = arg;
	if (page_take(p))
		p->record(r, p->arg);
}

enum mc_err registers_staff_list(struct svc_ctx *ctx, const struct reg_query *q,
				 void (*fn)(const struct reg_staff *s, void *arg), void *arg,
				 bool *more)
{
	struct reg_filter f;
	struct page p = {.left = q->limit, .arg = arg, .staff = fn};
	enum mc_err err = list_scope(ctx, q, &f);
	if (!err)
		err = regstore_staff_list(ctx->db, &f, staff_one, &p);
	*more = p.more;
	return err;
}

enum mc_err registers_asset_list(struct svc_ctx *ctx, const struct reg_query *q,
				 void (*fn)(const struct reg_asset *a, void *arg), void *arg,
				 bool *more)
{
	struct reg_filter f;
	struct page p = {.left = q->limit, .arg = arg, .asset = fn};
	enum mc_err err = list_scope(ctx, q, &f);
	if (!err)
		err = regstore_asset_list(ctx->db, &f, asset_one, &p);
	*more = p.more;
	return err;
}

enum mc_err registers_record_list(struct svc_ctx *ctx, const struct reg_query *q,
				  void (*fn)(const struct reg_record *r, void *arg), void *arg,
				  bool *more)
{
	struct reg_filter f;
	struct page p = {.left = q->limit, .arg = arg, .record = fn};
	enum mc_err err = list_scope(ctx, q, &f);
	if (!err)
		err = regstore_record_list(ctx->db, &f, record_one, &p);
	*more = p.more;
	return err;
}
