/* Procedure groups of a service point over HTTP (docs/appointments.md, "Procedure groups"):
 * GET (public: what the point publishes) and PUT (as booking settings) of
 * /api/v1/points/{code}/service-groups. */
#include "base/base.h"

#include "http/http.h"
#include "svc/service_groups.h"

static json_t *groups_json(const char *point, const struct sgroups *gs)
{
	json_t *list = json_array();
	for (size_t i = 0; i < gs->n; i++) {
		const struct sgroup *g = &gs->items[i];
		json_t *fields = json_array(), *counters = json_array();
		for (size_t j = 0; j < g->nfields; j++)
			json_array_append_new(fields, json_string(g->fields[j]));
		for (size_t j = 0; j < g->ncounters; j++)
			json_array_append_new(counters, json_integer(g->counters[j]));
		json_array_append_new(
			list, json_pack("{s:s, s:o, s:o, s:o, s:i}", "name", g->name, "fields", fields,
					"counters", counters, "capacity",
					g->capacity >= 0 ? json_integer(g->capacity) : json_null(),
					"places", sgroup_capacity(g)));
	}
	return json_pack("{s:s, s:o}", "point", point, "groups", list);
}

static void get_groups(struct req *r)
{
	struct sgroups gs;
	enum mc_err err = sgroups_get(&r->ctx, req_param(r, 0), &gs);
	if (err) {
		resp_err(r, err);
		return;
	}
	resp_json(r, 200, groups_json(req_param(r, 0), &gs));
}

/* A list member of a group: an array of at most max items, else an error naming it. */
static json_t *list_of(struct req *r, json_t *g, size_t i, const char *key, size_t max)
{
	json_t *v = json_object_get(g, key);
	if (json_is_array(v) && json_array_size(v) >= 1 && json_array_size(v) <= max)
		return v;
	problem_add(&r->problem, arena_printf(&r->arena, "groups[%zu].%s", i, key),
		    arena_printf(&r->arena, "must be a list of 1 to %zu items", max),
		    arena_printf(&r->arena, "phải là danh sách từ 1 đến %zu mục", max));
	return NULL;
}

static void read_group(struct req *r, json_t *obj, size_t i, struct sgroup *g)
{
	static const char *const members[] = {"name", "fields", "counters", "capacity", NULL};
	const char *prefix = arena_printf(&r->arena, "groups[%zu]", i);
	memset(g, 0, sizeof(*g));
	g->name = "";
	g->capacity = -1;
	if (!json_is_object(obj)) {
		problem_add(&r->problem, arena_printf(&r->arena, "groups[%zu]", i),
			    "must be an object", "phải là một đối tượng");
		return;
	}
	jin_only(r, obj, prefix, members);
	jin_str(r, obj, prefix, "name", true, SGROUP_NAME_CHARS, &g->name);
	if (!g->name)
		g->name = "";
	else if (!g->name[0])
		problem_add(&r->problem, arena_printf(&r->arena, "groups[%zu].name", i),
			    "is required", "phải nhập tên nhóm");
	json_t *cap = json_object_get(obj, "capacity");
	if (cap && !json_is_null(cap)) {
		json_int_t c = json_is_integer(cap) ? json_integer_value(cap) : -2;
		g->capacity = c < -2 || c > 1000 ? -2 : (int)c;
		if (g->capacity == -1)
			g->capacity = -2;
	}
	json_t *fields = list_of(r, obj, i, "fields", SGROUP_FIELDS_MAX);
	json_t *counters = list_of(r, obj, i, "counters", SGROUP_COUNTERS_MAX);
	size_t nf = json_array_size(fields), nc = json_array_size(counters);
	g->fields = arena_alloc(&r->arena, (nf + 1) * sizeof(*g->fields));
	g->keys = arena_alloc(&r->arena, (nf + 1) * sizeof(*g->keys));
	g->counters = arena_alloc(&r->arena, (nc + 1) * sizeof(*g->counters));
	if (!g->fields || !g->keys || !g->counters)
		return;
	const char *fname = arena_printf(&r->arena, "groups[%zu].fields", i);
	for (size_t j = 0; j < nf; j++) {
		jin_item_str(r, fields, j, fname, 200, &g->fields[j]);
		if (!g->fields[j])
			g->fields[j] = "";
	}
	g->nfields = nf;
	for (size_t j = 0; j < nc; j++) {
		json_t *c = json_array_get(counters, j);
		json_int_t n = json_is_integer(c) ? json_integer_value(c) : 0;
		g->counters[j] = n < 0 || n > 1000 ? 0 : (int)n;
	}
	g->ncounters = nc;
}

static void put_groups(struct req *r)
{
	static const char *const fields[] = {"groups", NULL};
	json_t *body;
	struct sgroups gs;
	gs.n = 0;
	if (json_body_or_reply(r, &body))
		return;
	jin_only(r, body, "", fields);
	json_t *list = json_object_get(body, "groups");
	if (!json_is_array(list) || json_array_size(list) > SGROUP_MAX)
		problem_add(&r->problem, "groups", "must be a list of at most 30 groups",
			    "phải là danh sách tối đa 30 nhóm");
	else
		for (size_t i = 0; i < json_array_size(list); i++)
			read_group(r, json_array_get(list, i), i, &gs.items[gs.n++]);
	/* The use case checks against the catalog and across groups once the edge found nothing. */
	enum mc_err err = sgroups_set(&r->ctx, req_param(r, 0), &gs);
	json_decref(body);
	if (!err)
		err = sgroups_get(&r->ctx, req_param(r, 0), &gs);
	if (err) {
		resp_err(r, err);
		return;
	}
	resp_json(r, 200, groups_json(req_param(r, 0), &gs));
}

const struct route api_groups_routes[] = {
	{"GET", "/api/v1/points/{code}/service-groups", get_groups, 0},
	{"PUT", "/api/v1/points/{code}/service-groups", put_groups, R_AUTH | R_JSON},
	{NULL, NULL, NULL, 0},
};
