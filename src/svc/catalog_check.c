/* The rules a procedure must follow that need no database: code shape, enums, lengths, ranges,
 * unique component ids, steps ending with an approver. Which units exist is catalog.c's concern. */
#include "base/base.h"

#include "domain/text.h"
#include "domain/workclock.h"
#include "svc/catalog.h"
#include "svc/fee_json.h"

bool catalog_code_valid(const char *s)
{
	if (strlen(s) != 8 || s[1] != '.')
		return false;
	for (size_t i = 0; i < 8; i++)
		if (i != 1 && (s[i] < '0' || s[i] > '9'))
			return false;
	return true;
}

bool catalog_component_id_valid(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 23)
		return false;
	return strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_-") == n;
}

static bool named(const struct problem *p, const char *field)
{
	for (const struct field_error *e = p->head; e; e = e->next)
		if (strcmp(e->field, field) == 0)
			return true;
	return false;
}

/* Adds an error unless the field already has one (from decoding, or an earlier rule). */
static void add_once(struct problem *p, const char *field, const char *msg, const char *msg_vi)
{
	if (!named(p, field))
		problem_add(p, field, msg, msg_vi);
}

static const char *path(struct problem *p, const char *prefix, size_t i, const char *name)
{
	return arena_printf(p->arena, "%s[%zu].%s", prefix, i, name);
}

static void check_text(struct problem *p, const char *field, const char *s, size_t max)
{
	if (!s) {
		add_once(p, field, "is required", "trường bắt buộc");
		return;
	}
	size_t n = text_length(s, strlen(s));
	if (n == 0 || n > max)
		add_once(p, field, arena_printf(p->arena, "must have 1 to %zu characters", max),
			 arena_printf(p->arena, "phải có từ 1 đến %zu ký tự", max));
}

static bool one_of(const char *s, const char *const *set)
{
	for (size_t i = 0; set[i]; i++)
		if (strcmp(s, set[i]) == 0)
			return true;
	return false;
}

static void check_enum(struct problem *p, const char *field, const char *s,
		       const char *const *set, const char *msg, const char *msg_vi)
{
	if (!one_of(s, set))
		add_once(p, field, msg, msg_vi);
}

static void check_duration(struct problem *p, const char *prefix, const struct proc_duration *d)
{
	enum wc_unit unit;
	const char *f_unit = arena_printf(p->arena, "%s.unit", prefix);
	const char *f_value = arena_printf(p->arena, "%s.value", prefix);
	if (named(p, prefix))
		return; /* absent or not an object: already reported */
	if (wc_unit_parse(d->unit, &unit) != MC_OK) {
		add_once(p, f_unit, "must be working_hours, working_days, calendar_days or same_day",
			 "đơn vị thời hạn phải là working_hours, working_days, calendar_days hoặc same_day");
		return;
	}
	if (unit == WC_SAME_DAY && d->value != 1)
		add_once(p, f_value, "must be 1 for same_day", "thời hạn same_day phải có giá trị 1");
	else if (d->value < 0 || d->value > WC_MAX_VALUE)
		add_once(p, f_value, "must be from 0 to 1000000", "phải từ 0 đến 1000000");
}

static void check_resolver(const struct procedure *in, struct problem *p)
{
	if (named(p, "resolver"))
		return;
	if (strcmp(in->resolver_kind, "commune_pc") == 0) {
		if (in->resolver_unit[0])
			add_once(p, "resolver.unit", "must be absent when kind is commune_pc",
				 "không ghi đơn vị khi cơ quan giải quyết là UBND xã/phường");
		if (strcmp(in->level, "city") == 0)
			add_once(p, "resolver.kind", "commune_pc is only for commune-level procedures",
				 "chỉ thủ tục cấp xã mới do UBND xã/phường giải quyết");
	} else if (strcmp(in->resolver_kind, "unit") == 0) {
		if (!in->resolver_unit[0])
			add_once(p, "resolver.unit", "is required when kind is unit",
				 "phải ghi mã đơn vị giải quyết");
	} else {
		add_once(p, "resolver.kind", "must be commune_pc or unit",
			 "loại cơ quan giải quyết phải là commune_pc hoặc unit");
	}
}

static void check_component(struct problem *p, const struct procedure *in, size_t i)
{
	static const char *const ooc[] = {"original", "copy", "either", NULL};
	static const char *const sop[] = {"submit", "present", NULL};
	const struct proc_component *c = &in->components[i];
	if (!catalog_component_id_valid(c->id))
		add_once(p, path(p, "components", i, "id"), "must be 1 to 23 of a-z, 0-9, _ and -",
			 "mã thành phần gồm 1 đến 23 ký tự a-z, 0-9, _ và -");
	for (size_t j = 0; j < i; j++)
		if (c->id[0] && strcmp(in->components[j].id, c->id) == 0)
			add_once(p, path(p, "components", i, "id"),
				 arena_printf(p->arena, "is already used by components[%zu]", j),
				 "mã thành phần bị trùng");
	check_text(p, path(p, "components", i, "name"), c->name, CATALOG_COMPONENT_MAX);
	check_enum(p, path(p, "components", i, "original_or_copy"), c->original_or_copy, ooc,
		   "must be original, copy or either", "phải là original, copy hoặc either");
	if (c->quantity < 1 || c->quantity > 100)
		add_once(p, path(p, "components", i, "quantity"), "must be from 1 to 100",
			 "số lượng phải từ 1 đến 100");
	check_enum(p, path(p, "components", i, "submit_or_present"), c->submit_or_present, sop,
		   "must be submit or present", "phải là submit hoặc present");
}

static void check_step(struct problem *p, const struct procedure *in, size_t i)
{
	static const char *const roles[] = {"processor", "approver", NULL};
	const struct proc_step *s = &in->steps[i];
	check_text(p, path(p, "steps", i, "name"), s->name, CATALOG_NAME_MAX);
	if (!s->unit[0])
		add_once(p, path(p, "steps", i, "unit"), "is required",
			 "phải ghi \"resolver\" hoặc mã đơn vị");
	check_enum(p, path(p, "steps", i, "role"), s->role, roles, "must be processor or approver",
		   "vai trò phải là processor hoặc approver");
	if (i + 1 == in->nsteps && strcmp(s->role, "approver") != 0)
		add_once(p, path(p, "steps", i, "role"),
			 "must be approver: the last step's holder decides",
			 "bước cuối cùng phải do người phê duyệt (approver) thực hiện");
	check_duration(p, path(p, "steps", i, "duration"), &s->duration);
}

static void check_lists(const struct procedure *in, struct problem *p)
{
	if (in->ncomponents < 1 || in->ncomponents > PROC_MAX_COMPONENTS)
		add_once(p, "components", "must have 1 to 64 items", "phải có từ 1 đến 64 thành phần");
	for (size_t i = 0; i < in->ncomponents && i < PROC_MAX_COMPONENTS; i++)
		check_component(p, in, i);
	if (in->nsteps < 1 || in->nsteps > PROC_MAX_STEPS)
		add_once(p, "steps", "must have 1 to 32 items", "phải có từ 1 đến 32 bước xử lý");
	for (size_t i = 0; i < in->nsteps && i < PROC_MAX_STEPS; i++)
		check_step(p, in, i);
}

/* The fee rules, unless decoding already named an error under "fees". */
static void check_fees(struct problem *p, const struct procedure *in)
{
	for (const struct field_error *e = p->head; e; e = e->next)
		if (strncmp(e->field, "fees", 4) == 0)
			return;
	fee_rules_check(in->fees, in->nfees, p, "fees");
}

void catalog_check(const struct procedure *in, struct problem *p)
{
	static const char *const levels[] = {"commune", "city", NULL};
	static const char *const online[] = {"full", "partial", "none", NULL};
	if (!catalog_code_valid(in->code))
		add_once(p, "code", "must be a digit, a dot and six digits, like 1.001193",
			 "mã thủ tục phải có dạng 1.001193");
	check_text(p, "name", in->name, CATALOG_NAME_MAX);
	check_text(p, "field", in->field, CATALOG_FIELD_MAX);
	check_enum(p, "level", in->level, levels, "must be commune or city",
		   "cấp thực hiện phải là commune hoặc city");
	check_duration(p, "duration", &in->duration);
	if (in->fee_vnd != PROC_FEE_UNSET && (in->fee_vnd < 0 || in->fee_vnd > CATALOG_FEE_MAX))
		add_once(p, "fee_vnd", "must be null or from 0 to 1000000000000",
			 "lệ phí phải để trống hoặc từ 0 đến 1000000000000 đồng");
	check_fees(p, in);
	check_enum(p, "online", in->online, online, "must be full, partial or none",
		   "mức độ trực tuyến phải là full, partial hoặc none");
	check_resolver(in, p);
	check_text(p, "result", in->result, CATALOG_RESULT_MAX);
	check_lists(in, p);
}
