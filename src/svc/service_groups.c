/* Procedure groups of service points: declaring them (validated against the catalog's fields,
 * audited as booking settings are) and the look-ups bookings and the queue make in their own
 * transactions. */
#include "base/base.h"

#include "domain/text.h"
#include "store/group_store.h"
#include "store/procedure_store.h"
#include "store/unit_store.h"
#include "svc/audit.h"
#include "svc/perm.h"
#include "svc/service_groups.h"

static enum mc_err find_point(struct svc_ctx *ctx, const char *point)
{
	struct unit u;
	enum mc_err err = unitstore_get(ctx->db, point, ctx->now, &u);
	if (err)
		return err;
	return strcmp(u.kind, "service_point") == 0 ? MC_OK : MC_ENOTFOUND;
}

enum mc_err sgroups_load(struct svc_ctx *ctx, const char *point, struct sgroups *out)
{
	return gstore_load(ctx->db, ctx->arena, point, out);
}

struct get_args {
	const char *point;
	struct sgroups *out;
};

static enum mc_err get_tx(struct svc_ctx *ctx, void *arg)
{
	struct get_args *a = arg;
	enum mc_err err = find_point(ctx, a->point);
	return err ? err : sgroups_load(ctx, a->point, a->out);
}

enum mc_err sgroups_get(struct svc_ctx *ctx, const char *point, struct sgroups *out)
{
	struct get_args a = {point, out};
	out->n = 0;
	return svc_read(ctx, get_tx, &a);
}

/* The search key of s in the arena ("" when it is not valid UTF-8: the edge checked it). */
static const char *key_of(struct svc_ctx *ctx, const char *s)
{
	char *key = NULL;
	if (text_search_key(s, strlen(s), &key) != MC_OK)
		return "";
	const char *out = arena_strdup(ctx->arena, key);
	free(key);
	return out ? out : "";
}

const struct sgroup *sgroups_named(const struct sgroups *gs, const char *name)
{
	char *key = NULL;
	const struct sgroup *found = NULL;
	if (!name || text_search_key(name, strlen(name), &key) != MC_OK)
		return NULL;
	for (size_t i = 0; !found && i < gs->n; i++) {
		char *k = NULL;
		if (text_search_key(gs->items[i].name, strlen(gs->items[i].name), &k) == MC_OK &&
		    !strcmp(k, key))
			found = &gs->items[i];
		free(k);
	}
	free(key);
	return found;
}

enum mc_err sgroups_of_procedure(struct svc_ctx *ctx, const struct sgroups *gs,
				 const char *procedure, const struct sgroup **out)
{
	struct procedure p;
	*out = NULL;
	enum mc_err err = procstore_get(ctx->db, ctx->arena, procedure, 0, &p);
	if (err)
		return err;
	const char *key = key_of(ctx, p.field);
	for (size_t i = 0; !*out && i < gs->n; i++)
		for (size_t j = 0; j < gs->items[i].nfields; j++)
			if (!strcmp(gs->items[i].keys[j], key)) {
				*out = &gs->items[i];
				break;
			}
	return MC_OK;
}

void sgroups_not_declared(struct svc_ctx *ctx, const char *field)
{
	problem_add(ctx->problem, field, "must be a service group the point declares",
		    "phải là một nhóm thủ tục mà điểm tiếp nhận đã công bố");
}

static char *field_name(struct svc_ctx *ctx, size_t i, const char *what, size_t j)
{
	return arena_printf(ctx->arena, "groups[%zu].%s[%zu]", i, what, j);
}

/* Checks the groups against each other and the catalog (in the write transaction); every bad
 * member is named. Fields get their search keys and the catalog's spelling. */
static enum mc_err check_groups(struct svc_ctx *ctx, struct sgroups *gs)
{
	for (size_t i = 0; i < gs->n; i++) {
		struct sgroup *g = &gs->items[i];
		const char *name_key = key_of(ctx, g->name);
		for (size_t k = 0; k < i; k++)
			if (!strcmp(key_of(ctx, gs->items[k].name), name_key)) {
				problem_add(ctx->problem, arena_printf(ctx->arena, "groups[%zu].name", i),
					    "is the name of another group of the point",
					    "trùng tên với một nhóm khác của điểm tiếp nhận");
				break;
			}
		if (g->capacity < -1 || g->capacity > SGROUP_CAPACITY_MAX)
			problem_add(ctx->problem, arena_printf(ctx->arena, "groups[%zu].capacity", i),
				    "must be from 0 to 50, or null for the number of its counters",
				    "số chỗ mỗi khung giờ phải từ 0 đến 50, hoặc để trống (bằng số quầy)");
		for (size_t j = 0; j < g->ncounters; j++) {
			bool twice = false;
			for (size_t k = 0; k < j; k++)
				twice |= g->counters[k] == g->counters[j];
			if (g->counters[j] < 1 || g->counters[j] > SGROUP_COUNTERS_MAX || twice)
				problem_add(ctx->problem, field_name(ctx, i, "counters", j),
					    "must be a counter from 1 to 99, listed once",
					    "số quầy phải từ 1 đến 99 và không lặp lại");
		}
		for (size_t j = 0; j < g->nfields; j++) {
			char spelled[256];
			const char *key = key_of(ctx, g->fields[j]);
			enum mc_err err = gstore_field(ctx->db, key, spelled, sizeof(spelled));
			if (err && err != MC_ENOTFOUND)
				return err;
			if (err) {
				problem_add(ctx->problem, field_name(ctx, i, "fields", j),
					    "is not a field of any procedure of the catalog",
					    "không có lĩnh vực này trong danh mục thủ tục");
				continue;
			}
			g->keys[j] = key;
			g->fields[j] = arena_strdup(ctx->arena, spelled);
			bool taken = false;
			for (size_t k = 0; k <= i && !taken; k++)
				for (size_t m = 0; m < (k == i ? j : gs->items[k].nfields); m++)
					if (gs->items[k].keys[m] && !strcmp(gs->items[k].keys[m], key))
						taken = true;
			if (taken)
				problem_add(ctx->problem, field_name(ctx, i, "fields", j),
					    "is already covered by a group of the point",
					    "lĩnh vực này đã thuộc một nhóm của điểm tiếp nhận");
		}
	}
	return ctx->problem->n ? MC_EINVAL : MC_OK;
}

struct set_args {
	const char *point;
	struct sgroups *gs;
};

static enum mc_err set_tx(struct svc_ctx *ctx, void *arg)
{
	struct set_args *a = arg;
	enum mc_err err = find_point(ctx, a->point);
	if (!err && perm_admin(ctx) != MC_OK && perm_check(ctx, "center_manager", a->point) != MC_OK)
		err = perm_check(ctx, "unit_manager", a->point);
	if (!err)
		err = check_groups(ctx, a->gs);
	if (!err)
		err = gstore_replace(ctx->db, a->point, a->gs, ctx->now, ctx->user->username);
	if (!err) {
		size_t counters = 0;
		for (size_t i = 0; i < a->gs->n; i++)
			counters += a->gs->items[i].ncounters;
		char *detail = arena_printf(ctx->arena, "{\"groups\":%zu,\"counters\":%zu}",
					    a->gs->n, counters);
		err = audit_append(ctx, a->point, "service_groups",
				   arena_printf(ctx->arena, "point:%s", a->point), detail);
	}
	return err;
}

enum mc_err sgroups_set(struct svc_ctx *ctx, const char *point, struct sgroups *in)
{
	for (size_t i = 0; i < in->n; i++)
		for (size_t j = 0; j < in->items[i].nfields; j++)
			in->items[i].keys[j] = NULL;
	if (ctx->problem->n)
		return MC_EINVAL;
	struct set_args a = {point, in};
	return svc_write(ctx, set_tx, &a);
}
