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

#define API_PREFIX "/api/v1/"
#define API_PREFIX_LEN (sizeof(API_PREFIX) - 1)

/* The first segment of path under /api/v1/ (up to the next '/' or the end), or NULL when path is
 * not under it. */
static const char *first_word(const char *path, size_t *len)
{
	*len = 0;
	if (strncmp(path, API_PREFIX, API_PREFIX_LEN) != 0)
		return NULL;
	const char *w = path + API_PREFIX_LEN;
	*len = strcspn(w, "/");
	return w;
}

/* A pattern's fixed first word under /api/v1/, or NULL when it has none there (not under
 * /api/v1/, or a {param} in that segment): such a route is a candidate for every path. */
static const char *pattern_word(const char *pattern, size_t *len)
{
	const char *w = first_word(pattern, len);
	return w && !memchr(w, '{', *len) ? w : NULL;
}

static int word_cmp(const char *a, size_t alen, const char *b, size_t blen)
{
	int c = memcmp(a, b, alen < blen ? alen : blen);
	return c ? c : (alen > blen) - (alen < blen);
}

static void add_candidate(struct router *rt, size_t *n, size_t route)
{
	if (*n == ROUTER_CANDIDATES)
		abort(); /* a programmer error: raise ROUTER_CANDIDATES */
	rt->cand[(*n)++] = (uint16_t)route;
}

/* Builds the candidate lists: for each fixed word, in table order, the routes of that word and
 * those with no fixed word; then the list for any other path, the routes with no fixed word. */
static void router_index(struct router *rt)
{
	rt->nwords = 0;
	for (size_t i = 0; i < rt->n; i++) {
		size_t len, at = 0;
		const char *w = pattern_word(rt->routes[i]->pattern, &len);
		if (!w)
			continue;
		while (at < rt->nwords && word_cmp(rt->words[at].word, rt->words[at].len, w, len) < 0)
			at++;
		if (at < rt->nwords && word_cmp(rt->words[at].word, rt->words[at].len, w, len) == 0)
			continue;
		memmove(&rt->words[at + 1], &rt->words[at], (rt->nwords - at) * sizeof(rt->words[0]));
		rt->words[at] = (struct router_word){.word = w, .len = len};
		rt->nwords++;
	}
	size_t n = 0;
	for (size_t k = 0; k < rt->nwords; k++) {
		struct router_word *word = &rt->words[k];
		word->from = (uint16_t)n;
		for (size_t i = 0; i < rt->n; i++) {
			size_t len;
			const char *w = pattern_word(rt->routes[i]->pattern, &len);
			if (!w || word_cmp(w, len, word->word, word->len) == 0)
				add_candidate(rt, &n, i);
		}
		word->count = (uint16_t)(n - word->from);
	}
	rt->other_from = (uint16_t)n;
	for (size_t i = 0; i < rt->n; i++) {
		size_t len;
		if (!pattern_word(rt->routes[i]->pattern, &len))
			add_candidate(rt, &n, i);
	}
	rt->other_count = (uint16_t)(n - rt->other_from);
}

/* The candidates for path: its word's list, or the list for any other path. */
static const uint16_t *candidates(const struct router *rt, const char *path, size_t *count)
{
	size_t len;
	const char *w = first_word(path, &len);
	size_t lo = 0, hi = w ? rt->nwords : 0;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = word_cmp(rt->words[mid].word, rt->words[mid].len, w, len);
		if (c == 0) {
			*count = rt->words[mid].count;
			return &rt->cand[rt->words[mid].from];
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*count = rt->other_count;
	return &rt->cand[rt->other_from];
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
	router_index(rt);
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
	size_t count;
	const uint16_t *cand = candidates(rt, r->path, &count);
	for (size_t k = 0; k < count; k++) {
		size_t i = cand[k];
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
