/* Tests of the access log's line (http/access_line.c) against snprintf's text of the same fields
 * ("rid=%s %s %s \"%s\" %d %zu %lld.%02lldms" and " aborted"), for random requests and durations,
 * ties of the rounding among them; the path's control characters, quotes and DEL written as '?', at
 * most 511 bytes of it; a line cut at the buffer's end. */
#include "base/base.h"

#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "http/access_line.h"
#include "http/http.h"

/* The line by snprintf, the path cleaned and cut the same way. */
static void expected_line(const struct req *r, int status, int64_t ns, bool completed, char *out,
			  size_t cap)
{
	char path[512];
	size_t n = 0;
	for (const char *p = r->path ? r->path : ""; *p && n < 511; p++)
		path[n++] = ((unsigned char)*p < 0x20 || *p == '"' || *p == 0x7f) ? '?' : *p;
	path[n] = '\0';
	long long hundredths = (long long)((ns + 5000) / 10000); /* of a millisecond, half up */
	snprintf(out, cap, "rid=%s %s %s \"%s\" %d %zu %lld.%02lldms%s", r->rid,
		 r->client[0] ? r->client : "-", r->method ? r->method : "?", path, status, r->out_len,
		 hundredths / 100, hundredths % 100, completed ? "" : " aborted");
}

/* A fixed-seed xorshift generator: the cases are the same on every run. */
static uint32_t seed = 20261206;
static int next(void)
{
	seed ^= seed << 13;
	seed ^= seed >> 17;
	seed ^= seed << 5;
	return (int)(seed >> 1);
}

static void test_known(void **state)
{
	MC_UNUSED(state);
	static struct req r; /* large: not on the stack */
	memset(&r, 0, sizeof(r));
	str_copy(r.rid, sizeof(r.rid), "1a2b3c-42");
	str_copy(r.client, sizeof(r.client), "203.0.113.5");
	r.method = "GET";
	r.path = "/api/v1/public/dossiers/\"x\"\n";
	r.out_len = 1234;
	char line[256];
	access_line(&r, 429, 12345600, true, line, sizeof(line));
	assert_string_equal(line,
			    "rid=1a2b3c-42 203.0.113.5 GET \"/api/v1/public/dossiers/?x??\" 429 1234 12.35ms");
	r.client[0] = '\0';
	r.method = NULL;
	r.path = NULL;
	access_line(&r, 0, 2500000000, false, line, sizeof(line));
	assert_string_equal(line, "rid=1a2b3c-42 - ? \"\" 0 1234 2500.00ms aborted");
	/* Ties round up; below a tie, down. */
	access_line(&r, 0, 719125000, true, line, sizeof(line));
	assert_string_equal(line, "rid=1a2b3c-42 - ? \"\" 0 1234 719.13ms");
	access_line(&r, 0, 719124999, true, line, sizeof(line));
	assert_string_equal(line, "rid=1a2b3c-42 - ? \"\" 0 1234 719.12ms");
	access_line(&r, 0, 4999, true, line, sizeof(line));
	assert_string_equal(line, "rid=1a2b3c-42 - ? \"\" 0 1234 0.00ms");
	/* Cut at the buffer's end, always terminated. */
	access_line(&r, 0, 2500000000, false, line, 12);
	assert_string_equal(line, "rid=1a2b3c-");
}

static void test_random(void **state)
{
	MC_UNUSED(state);
	static struct req r;
	static char path[900];
	static const char *const methods[] = {"GET", "POST", "PATCH", "DELETE", NULL};
	for (int i = 0; i < 20000; i++) {
		memset(&r, 0, sizeof(r));
		snprintf(r.rid, sizeof(r.rid), "%06x-%d", next() & 0xffffff, next());
		if (next() % 4)
			snprintf(r.client, sizeof(r.client), "10.%d.%d.%d", next() % 256, next() % 256,
				 next() % 256);
		r.method = methods[next() % 5];
		size_t len = (size_t)(next() % 4 ? next() % 80 : next() % 899);
		for (size_t k = 0; k < len; k++)
			path[k] = (char)(1 + next() % 255);
		path[len] = '\0';
		r.path = next() % 10 ? path : NULL;
		r.out_len = (size_t)next() % (next() % 2 ? 1000 : 100000000);
		/* Durations as the server measures them: nanoseconds over 1e9, from 0 to ~100 s. */
		int64_t ns = i % 4 == 0   ? (int64_t)(next() % 100000) * 10000 + 5000 /* a tie */
			     : next() % 3 ? next() % 50000000
					  : (int64_t)next() * 47;
		int status = next() % 3 ? 200 + next() % 400 : 0;
		bool completed = next() % 5;
		char got[2048], want[2048];
		access_line(&r, status, ns, completed, got, sizeof(got));
		expected_line(&r, status, ns, completed, want, sizeof(want));
		if (strcmp(got, want))
			fail_msg("request %d (%lld ns): got\n%s\nwant\n%s", i, (long long)ns, got, want);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_known),
		cmocka_unit_test(test_random),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
