/* Fuzzes the opaque list cursors: ?cursor= decoding (page_or_reply: base64url without padding,
 * no NUL), the dossier lists' cursor inside it (svc/dossiers.h), the integer cursors of the
 * registers, audit, queue and reorganization lists, and the cache key of the unit lists, whose
 * cursor is a unit code (any bytes but NUL).
 *
 * Beyond not crashing: a dossier cursor parses only when formatting its values gives it back
 * (one text per position), and every formatted cursor parses back to its values through the
 * base64url text a client gets; the unit list key is injective (two queries share a key only
 * when they are equal). The input is both the cursor text and, read as numbers and texts, the
 * values and queries. */
#include "base/base.h"

#include <sodium.h>

#include "fuzz_common.h"
#include "svc/units.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int64_t read_i64(const uint8_t *data, size_t size, size_t at)
{
	uint64_t v = 0;
	for (size_t i = 0; i < 8; i++)
		v = (v << 8) | (at + i < size ? data[at + i] : 0);
	return (int64_t)v;
}

/* The cursor given as ?cursor=text: decoded, then read as each list reads it. */
static void as_cursor(const char *text)
{
	struct req r;
	size_t limit;
	const char *value;
	req_offline_init(&r, "GET", "/api/v1/dossiers");
	r.args[0].key = "cursor";
	r.args[0].value = text;
	r.nargs = 1;
	if (page_or_reply(&r, &limit, &value)) {
		if (r.status != 422)
			fuzz_fail("a bad cursor answered other than 422", &r);
		fuzz_check_problem(&r);
		goto out;
	}
	if (!value || limit != 50)
		fuzz_fail("a cursor decoded to nothing", &r);
	if (strcmp(page_cursor(&r, value), text) != 0)
		fuzz_fail("a cursor decodes from a text that encoding does not give", &r);
	for (int order = 0; order < 2; order++) {
		int64_t due = INT64_MIN, id = 0;
		if (!dossier_cursor_parse(value, order, &due, &id))
			continue;
		const char *again = dossier_cursor_format(&r.arena, order, due, id);
		if (strcmp(again, value) != 0 || id <= 0)
			fuzz_fail("a dossier cursor parses from a text formatting does not give", &r);
	}
out:
	req_offline_release(&r);
}

/* Cursors made from values go round: format, encode, decode, parse. */
static void round_trip(int64_t due, int64_t id)
{
	struct req r;
	size_t limit;
	const char *value;
	if (id <= 0)
		id = id == INT64_MIN ? 1 : (id == 0 ? 1 : -id);
	req_offline_init(&r, "GET", "/api/v1/dossiers");
	for (int order = 0; order < 2; order++) {
		const char *c = dossier_cursor_format(&r.arena, order, due, id);
		r.args[0].key = "cursor";
		r.args[0].value = page_cursor(&r, c);
		r.nargs = 1;
		int64_t d2 = 0, id2 = 0;
		if (page_or_reply(&r, &limit, &value) || strcmp(value, c) != 0 ||
		    !dossier_cursor_parse(value, order, &d2, &id2) || id2 != id ||
		    (order && d2 != due))
			fuzz_fail("a formatted dossier cursor does not come back", &r);
	}
	req_offline_release(&r);
}

/* Two unit list queries from the input: equal keys only for equal queries. */
static void unit_keys(const uint8_t *data, size_t size)
{
	struct arena a;
	struct problem p;
	struct svc_ctx ctx;
	struct units_query q[2];
	arena_init(&a);
	problem_init(&p, &a);
	memset(&ctx, 0, sizeof(ctx));
	ctx.arena = &a;
	ctx.problem = &p;
	memset(q, 0, sizeof(q));
	/* Texts separated by NUL bytes: kind, subkind, parent, q, after for each query; an empty
	 * text is an absent member. */
	const char *texts[10] = {0};
	size_t t = 0, start = 0;
	for (size_t i = 0; i <= size && t < 10; i++)
		if (i == size || data[i] == 0) {
			texts[t++] = i > start ? arena_strndup(&a, (const char *)data + start, i - start)
					       : NULL;
			start = i + 1;
		}
	for (int k = 0; k < 2; k++) {
		q[k].kind = texts[k * 5];
		q[k].subkind = texts[k * 5 + 1];
		q[k].parent = texts[k * 5 + 2];
		q[k].q = texts[k * 5 + 3];
		q[k].after_code = texts[k * 5 + 4];
		q[k].limit = 50;
	}
	char *k0 = units_list_key(&ctx, &q[0]), *k1 = units_list_key(&ctx, &q[1]);
	if (strcmp(k0, k1) == 0) {
		const char *a0[] = {q[0].kind, q[0].subkind, q[0].parent, q[0].q, q[0].after_code};
		const char *a1[] = {q[1].kind, q[1].subkind, q[1].parent, q[1].q, q[1].after_code};
		for (size_t i = 0; i < 5; i++)
			if ((!a0[i]) != (!a1[i]) || (a0[i] && strcmp(a0[i], a1[i]) != 0)) {
				fprintf(stderr, "unit list queries differ in member %zu but share a key\n",
					i);
				abort();
			}
	}
	arena_release(&a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = xmalloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	as_cursor(text);
	free(text);
	round_trip(read_i64(data, size, 0), read_i64(data, size, 8));
	unit_keys(data, size);
	return 0;
}
