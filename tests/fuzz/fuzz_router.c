/* Fuzzes the router (http/router.c) and the query decoders of the lists and reports
 * (http/decode.h) on "METHOD path?query" lines, the query decoded as libmicrohttpd decodes it for
 * the server.
 *
 * Beyond not crashing: a found route's pattern and method agree with the request (HEAD reaches
 * GET), each {param} is a non-empty path segment and the literal parts are the path's; "no
 * method" names the methods allowed; a static file is only a GET or HEAD outside /api/ and
 * /metrics. A query decoder that answered gave a well-formed 422 (or 400) problem; one that did
 * not left no field error behind. */
#include "base/base.h"

#include "fuzz_common.h"
#include "http/router.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct router router;
static bool ready;

/* Rebuilds the path from the pattern and the params: equal to the request's path. */
static void check_match(struct req *r)
{
	const char *p = r->route->pattern;
	size_t np = 0, n = 0;
	char *rebuilt = arena_alloc(&r->arena, strlen(r->path) + 1);
	while (*p) {
		if (*p == '{') {
			if (np >= r->nparams)
				fuzz_fail("fewer params than the pattern has", r);
			const char *v = r->params[np++];
			if (!*v || strchr(v, '/'))
				fuzz_fail("a param is empty or holds a slash", r);
			size_t len = strlen(v);
			if (n + len > strlen(r->path))
				fuzz_fail("params longer than the path", r);
			memcpy(rebuilt + n, v, len);
			n += len;
			p = strchr(p, '}') + 1;
			continue;
		}
		if (n >= strlen(r->path))
			fuzz_fail("pattern longer than the path", r);
		rebuilt[n++] = *p++;
	}
	rebuilt[n] = '\0';
	if (np != r->nparams || strcmp(rebuilt, r->path) != 0)
		fuzz_fail("the matched pattern does not give back the path", r);
	bool head_get = strcmp(r->method, "HEAD") == 0 && strcmp(r->route->method, "GET") == 0;
	if (strcmp(r->route->method, r->method) != 0 && !head_get)
		fuzz_fail("a route of another method was found", r);
}

static void run_query(struct req *r)
{
	for (size_t i = 0; i < decode_nqueries; i++) {
		const struct query_decoder *q = &decode_queries[i];
		if (strcmp(q->pattern, r->route->pattern) != 0)
			continue;
		void *in = arena_alloc(&r->arena, q->in_size);
		if (q->decode(r, in)) {
			if (r->status != 422 && r->status != 400)
				fuzz_fail("a query decoder answered an unexpected status", r);
			fuzz_check_problem(r);
		} else if (r->responded || r->problem.n) {
			fuzz_fail("a query decoder kept errors without answering", r);
		}
		return;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct req r;
	if (!ready) {
		router_init(&router);
		ready = true;
	}
	struct arena a;
	arena_init(&a);
	char *line = fuzz_line(&a, &data, &size);
	char *sp = strchr(line, ' ');
	const char *method = "GET", *target = line;
	if (sp) {
		*sp = '\0';
		method = line;
		target = sp + 1;
	}
	char *path = arena_strdup(&a, target);
	char *qs = strchr(path, '?');
	if (qs)
		*qs++ = '\0';
	MHD_http_unescape(path); /* the server's handler gets the path decoded */
	req_offline_init(&r, method, path);
	r.ctx.now = 1795651200; /* 2026-11-26 09:00 in Hanoi */
	if (qs)
		fuzz_query(&r, qs);
	enum router_match m = router_find(&router, &r);
	switch (m) {
	case ROUTER_FOUND:
		check_match(&r);
		if ((strcmp(r.method, "GET") == 0 || strcmp(r.method, "HEAD") == 0) &&
		    !r.too_many_args)
			run_query(&r);
		break;
	case ROUTER_NO_METHOD:
		if (!r.allow || !*r.allow)
			fuzz_fail("405 without Allow", &r);
		break;
	case ROUTER_STATIC:
		if ((strcmp(r.method, "GET") != 0 && strcmp(r.method, "HEAD") != 0) ||
		    strncmp(r.path, "/api/", 5) == 0 || strcmp(r.path, "/metrics") == 0)
			fuzz_fail("a static file outside GET/HEAD or under the API", &r);
		break;
	case ROUTER_NOT_FOUND:
		break;
	}
	req_offline_release(&r);
	arena_release(&a);
	return 0;
}
