/* The route table: method + pattern with {name} segments, matched segment by segment. */
#ifndef MC_ROUTER_H
#define MC_ROUTER_H

#include "http/http.h"

#define ROUTER_MAX 192
#define ROUTER_STATIC_INDEX (-2)

struct router {
	const struct route *routes[ROUTER_MAX];
	size_t n;
};

enum router_match { ROUTER_FOUND, ROUTER_NOT_FOUND, ROUTER_NO_METHOD, ROUTER_STATIC };

/* Collects the api_*_routes tables. */
void router_init(struct router *rt);
/* Matches r->method and r->path; on ROUTER_FOUND sets r->route, r->route_index and r->params; on
 * ROUTER_NO_METHOD sets r->allow; on ROUTER_STATIC sets r->route_index = ROUTER_STATIC_INDEX. */
enum router_match router_find(struct router *rt, struct req *r);

#endif
