/* The route table: method + pattern with {name} segments, matched segment by segment. */
#ifndef MC_ROUTER_H
#define MC_ROUTER_H

#include "http/http.h"

#define ROUTER_MAX 192
#define ROUTER_STATIC_INDEX (-2)
/* Room for the candidate lists (router.c): every route once, and each route whose first segment
 * under /api/v1/ is not a fixed word once more per such word. */
#define ROUTER_CANDIDATES (ROUTER_MAX * 4)

/* The routes whose pattern could match a path whose first segment under /api/v1/ is `word`
 * (`len` bytes of a pattern), as positions of cand[] from `from`, in table order. */
struct router_word {
	const char *word;
	size_t len;
	uint16_t from, count;
};

struct router {
	const struct route *routes[ROUTER_MAX];
	size_t n;
	/* What router_find tries, by the path's first segment under /api/v1/: the words sorted, and
	 * the candidates for a path whose segment is none of them (or that is not under /api/v1/):
	 * the routes with no fixed word there, such as /metrics. */
	struct router_word words[ROUTER_MAX];
	size_t nwords;
	uint16_t cand[ROUTER_CANDIDATES];
	uint16_t other_from, other_count;
};

enum router_match { ROUTER_FOUND, ROUTER_NOT_FOUND, ROUTER_NO_METHOD, ROUTER_STATIC };

/* Collects the api_*_routes tables. */
void router_init(struct router *rt);
/* Matches r->method and r->path against the routes in table order (the first match wins; a 405's
 * Allow names the methods of every route whose pattern matches, in table order), trying only the
 * routes that can match the path's first segment under /api/v1/; on ROUTER_FOUND sets r->route, r->route_index and r->params; on
 * ROUTER_NO_METHOD sets r->allow; on ROUTER_STATIC sets r->route_index = ROUTER_STATIC_INDEX. */
enum router_match router_find(struct router *rt, struct req *r);

#endif
