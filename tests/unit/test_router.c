/* Tests of http/router.c: router_find, which tries only the routes that can match a path's first
 * segment under /api/v1/, gives for every request what trying every route in table order gives
 * (the route found, its params, the 405's Allow list, a static file or nothing), over a path made
 * from every pattern, each with every method, and paths at the edges of the index. */
#include "base/base.h"

#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "http/decode.h"
#include "http/router.h"

static struct router rt;

/* The reference: a pattern matched segment by segment, {name} taking one non-empty segment. */
static bool ref_match(const char *p, const char *u, const char **params, size_t *np,
		      struct arena *a)
{
	*np = 0;
	while (*p && *u) {
		if (*p == '{') {
			size_t len = strcspn(u, "/");
			if (len == 0 || *np == REQ_MAX_PARAMS)
				return false;
			params[(*np)++] = arena_strndup(a, u, len);
			p = strchr(p, '}') + 1;
			u += len;
			continue;
		}
		if (*p++ != *u++)
			return false;
	}
	return !*p && !*u;
}

struct ref_result {
	enum router_match m;
	const struct route *route;
	const char *params[REQ_MAX_PARAMS];
	size_t nparams;
	char allow[512];
};

/* Every route in table order, as the router did before it had an index. */
static void ref_find(const char *method, const char *path, struct ref_result *out,
		     struct arena *a)
{
	memset(out, 0, sizeof(*out));
	bool other = false;
	for (size_t i = 0; i < rt.n; i++) {
		const struct route *route = rt.routes[i];
		const char *params[REQ_MAX_PARAMS];
		size_t np;
		if (!ref_match(route->pattern, path, params, &np, a))
			continue;
		bool head_get = strcmp(method, "HEAD") == 0 && strcmp(route->method, "GET") == 0;
		if (strcmp(route->method, method) != 0 && !head_get) {
			other = true;
			size_t len = strlen(out->allow);
			snprintf(out->allow + len, sizeof(out->allow) - len, "%s%s", len ? ", " : "",
				 route->method);
			continue;
		}
		out->m = ROUTER_FOUND;
		out->route = route;
		memcpy(out->params, params, sizeof(params));
		out->nparams = np;
		return;
	}
	bool api = strncmp(path, "/api/", 5) == 0 || strcmp(path, "/api") == 0 ||
		   strcmp(path, "/metrics") == 0;
	out->m = other ? ROUTER_NO_METHOD
		       : (!api && (strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0)
				  ? ROUTER_STATIC
				  : ROUTER_NOT_FOUND);
}

static int checked;

static void check(const char *method, const char *path)
{
	struct arena a;
	arena_init(&a);
	struct ref_result want;
	ref_find(method, path, &want, &a);
	struct req r;
	req_offline_init(&r, method, path);
	enum router_match got = router_find(&rt, &r);
	if (got != want.m)
		fail_msg("%s %s: router_find gave %d, every route in order %d", method, path, got,
			 want.m);
	if (got == ROUTER_FOUND) {
		assert_ptr_equal(r.route, want.route);
		assert_ptr_equal(rt.routes[r.route_index], want.route);
		assert_int_equal(r.nparams, want.nparams);
		for (size_t i = 0; i < want.nparams; i++)
			assert_string_equal(r.params[i], want.params[i]);
	} else if (got == ROUTER_NO_METHOD) {
		assert_non_null(r.allow);
		assert_string_equal(r.allow, want.allow);
	} else if (got == ROUTER_STATIC) {
		assert_int_equal(r.route_index, ROUTER_STATIC_INDEX);
	}
	req_offline_release(&r);
	arena_release(&a);
	checked++;
}

/* The pattern with each {name} replaced by `fill`. */
static void fill_pattern(const char *pattern, const char *fill, char *out, size_t cap)
{
	size_t n = 0;
	for (const char *p = pattern; *p && n + strlen(fill) + 1 < cap;) {
		if (*p == '{') {
			memcpy(out + n, fill, strlen(fill));
			n += strlen(fill);
			p = strchr(p, '}') + 1;
		} else {
			out[n++] = *p++;
		}
	}
	out[n] = '\0';
}

static const char *const methods[] = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"};

static void test_every_pattern(void **state)
{
	MC_UNUSED(state);
	char path[512];
	for (size_t i = 0; i < rt.n; i++) {
		for (size_t m = 0; m < sizeof(methods) / sizeof(methods[0]); m++) {
			fill_pattern(rt.routes[i]->pattern, "H26.01-251205-0001", path, sizeof(path));
			check(methods[m], path);
			fill_pattern(rt.routes[i]->pattern, "x", path, sizeof(path));
			check(methods[m], path);
			/* one segment more, one character less, a trailing slash */
			snprintf(path + strlen(path), sizeof(path) - strlen(path), "/more");
			check(methods[m], path);
			fill_pattern(rt.routes[i]->pattern, "x", path, sizeof(path));
			path[strlen(path) - 1] = '\0';
			check(methods[m], path);
			fill_pattern(rt.routes[i]->pattern, "x", path, sizeof(path));
			snprintf(path + strlen(path), sizeof(path) - strlen(path), "/");
			check(methods[m], path);
		}
	}
	assert_true(rt.n > 100);
	assert_int_equal(checked % 5, 0);
}

static void test_edges(void **state)
{
	MC_UNUSED(state);
	static const char *const paths[] = {
		"/", "/api", "/api/", "/api/v1", "/api/v1/", "/api/v1//", "/api/v1//dossiers",
		"/api/v2/dossiers", "/api/v1/dossier", "/api/v1/dossierss", "/api/v1/DOSSIERS",
		"/api/v1/dossiers", "/api/v1/dossiers/", "/api/v1/{code}", "/api/v1/a", "/api/v1/zzzz",
		"/api/v1/health", "/api/v1/health/", "/metrics", "/metrics/", "/track/ABC",
		"/track/", "/pay-return/X", "/auth/oidc/login", "/index.html", "/app/dossiers/1",
		"/api/v1/public/dossiers/H26.01-251205-0001", "/api/v1/me",
	};
	for (size_t p = 0; p < sizeof(paths) / sizeof(paths[0]); p++)
		for (size_t m = 0; m < sizeof(methods) / sizeof(methods[0]); m++)
			check(methods[m], paths[p]);
	/* the index sends each of these where the table does */
	struct req r;
	req_offline_init(&r, "POST", "/api/v1/dossiers");
	assert_int_equal(router_find(&rt, &r), ROUTER_FOUND);
	assert_string_equal(r.route->pattern, "/api/v1/dossiers");
	req_offline_release(&r);
	req_offline_init(&r, "GET", "/metrics");
	assert_int_equal(router_find(&rt, &r), ROUTER_FOUND);
	assert_string_equal(r.route->pattern, "/metrics");
	req_offline_release(&r);
	req_offline_init(&r, "DELETE", "/api/v1/health");
	assert_int_equal(router_find(&rt, &r), ROUTER_NO_METHOD);
	assert_string_equal(r.allow, "GET");
	req_offline_release(&r);
}

int main(void)
{
	router_init(&rt);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_pattern),
		cmocka_unit_test(test_edges),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
