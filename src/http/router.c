/* Matching requests to routes. Paths under /api/ and /metrics are the API; any other GET or HEAD
 * path is a static file of the web UI. */
#include "base/base.h"

#include "http/router.h"

static void add_table(struct router *rt, const struct route *table)
{
	for (const struct route *r = table; r->method; r++) {
		if (rt->n == ROUTER_MAX)
			abort(); /* a programmer error: raise ROUTER_MAX */
		rt->routes[rt->n++] = r;
	}
}

void router_init(struct router *rt)
{
	rt->n = 0;
	add_table(rt, api_system_routes);
	add_table(rt, api_auth_routes);
	add_table(rt, api_users_routes);
	add_table(rt, api_units_routes);
	add_table(rt, api_queue_routes);
	add_table(rt, api_calendar_routes);
	add_table(rt, api_workflow_routes); /* before the dossier actions' {code}/{action} */
	add_table(rt, api_dossiers_routes);
	add_table(rt, api_public_routes);
	add_table(rt, api_documents_routes);
	add_table(rt, api_signing_routes);
	add_table(rt, api_forms_routes);
	add_table(rt, api_reports_routes);
	add_table(rt, api_indicator_views_routes);
	add_table(rt, api_periodic_routes);
	add_table(rt, api_staff_figures_routes);
	add_table(rt, api_procedures_routes);
	add_table(rt, api_reorg_routes);
	add_table(rt, api_registers_routes);
	add_table(rt, api_oidc_routes);
	add_table(rt, api_webhooks_routes);
	add_table(rt, api_notify_routes);
	add_table(rt, api_portal_routes);
	add_table(rt, api_fees_routes);
	add_table(rt, api_bookings_routes);
	add_table(rt, api_groups_routes);
	add_table(rt, api_feedback_routes);
}

/* Matches one pattern; fills params from the arena on success. */
static bool match(const char *pattern, const char *path, struct req *r)
{
	const char *p = pattern, *u = path;
	size_t np = 0;
	while (*p && *u) {
		if (*p == '{') {
			const char *close = strchr(p, '}');
			const char *slash = strchr(u, '/');
			size_t len = slash ? (size_t)(slash - u) : strlen(u);
			if (len == 0 || np == REQ_MAX_PARAMS)
				return false;
			r->params[np++] = arena_strndup(&r->arena, u, len);
			p = close + 1;
			u += len;
			continue;
		}
		if (*p != *u)
			return false;
		p++;
		u++;
	}
	if (*p || *u)
		return false;
	r->nparams = np;
	return true;
}

static bool is_api_path(const char *path)
{
	return strncmp(path, "/api/", 5) == 0 || strcmp(path, "/api") == 0 ||
	       strcmp(path, "/metrics") == 0;
}

enum router_match router_find(struct router *rt, struct req *r)
{
	bool other_method = false;
	static const char *const allow_all = NULL;
	MC_UNUSED(allow_all);
	for (size_t i = 0; i < rt->n; i++) {
		const struct route *route = rt->routes[i];
		if (!match(route->pattern, r->path, r))
			continue;
		bool head_get = strcmp(r->method, "HEAD") == 0 && strcmp(route->method, "GET") == 0;
		if (strcmp(route->method, r->method) != 0 && !head_get) {
			other_method = true;
			r->allow = r->allow ? arena_printf(&r->arena, "%s, %s", r->allow, route->method)
					    : route->method;
			continue;
		}
		r->route = route;
		r->route_index = (int)i;
		return ROUTER_FOUND;
	}
	if (other_method)
		return ROUTER_NO_METHOD;
	if (!is_api_path(r->path) && (strcmp(r->method, "GET") == 0 || strcmp(r->method, "HEAD") == 0)) {
		r->route_index = ROUTER_STATIC_INDEX;
		return ROUTER_STATIC;
	}
	return ROUTER_NOT_FOUND;
}
