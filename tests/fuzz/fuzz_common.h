/* Helpers shared by the fuzz targets (included once per target, static functions): reading the
 * targets' input lines, URL query strings decoded as libmicrohttpd decodes them for the server,
 * and the checks every answered request must pass. */
#ifndef MC_FUZZ_COMMON_H
#define MC_FUZZ_COMMON_H

#include <jansson.h>
#include <microhttpd.h>

#include "http/decode.h"

/* Splits the first line (up to '\n') off data: a NUL-terminated copy in the arena, and the rest. */
static inline char *fuzz_line(struct arena *a, const uint8_t **data, size_t *size)
{
	const uint8_t *nl = memchr(*data, '\n', *size);
	size_t n = nl ? (size_t)(nl - *data) : *size;
	char *line = arena_strndup(a, (const char *)*data, n);
	*data += nl ? n + 1 : n;
	*size -= nl ? n + 1 : n;
	return line;
}

/* Reads "k=v&k2=v2" into r->args as libmicrohttpd does for the server: '+' is a space, %XX bytes
 * are decoded (a decoded NUL ends the text, as for the server's C strings), at most REQ_MAX_ARGS. */
static inline void fuzz_query(struct req *r, const char *qs)
{
	char *copy = arena_strdup(&r->arena, qs);
	for (char *p = copy; p;) {
		char *amp = strchr(p, '&');
		if (amp)
			*amp = '\0';
		if (*p) {
			char *eq = strchr(p, '=');
			if (eq)
				*eq = '\0';
			for (char *c = p; *c; c++)
				if (*c == '+')
					*c = ' ';
			MHD_http_unescape(p);
			char *v = eq ? eq + 1 : NULL;
			if (v) {
				for (char *c = v; *c; c++)
					if (*c == '+')
						*c = ' ';
				MHD_http_unescape(v);
			}
			if (r->nargs == REQ_MAX_ARGS) {
				r->too_many_args = true;
				return;
			}
			r->args[r->nargs].key = p;
			r->args[r->nargs].value = v ? v : "";
			r->nargs++;
		}
		p = amp ? amp + 1 : NULL;
	}
}

static inline void fuzz_fail(const char *what, const struct req *r)
{
	fprintf(stderr, "fuzz check failed: %s (status %d, answer %.*s)\n", what, r->status,
		(int)(r->out_len < 400 ? r->out_len : 400), r->out ? r->out : "");
	abort();
}

/* An answered decoder: a problem+json body that is a JSON object with the answer's status, each
 * error naming a field with both messages. */
static inline void fuzz_check_problem(const struct req *r)
{
	if (!r->responded || !r->out)
		fuzz_fail("answered without a body", r);
	json_error_t e;
	json_t *j = json_loadb(r->out, r->out_len, 0, &e);
	if (!j || !json_is_object(j))
		fuzz_fail("the problem is not a JSON object", r);
	if (json_integer_value(json_object_get(j, "status")) != r->status)
		fuzz_fail("the problem's status differs from the answer's", r);
	json_t *errors = json_object_get(j, "errors");
	size_t i;
	json_t *v;
	if (!json_is_array(errors))
		fuzz_fail("the problem has no errors array", r);
	json_array_foreach(errors, i, v) {
		if (!json_is_string(json_object_get(v, "field")) ||
		    !json_is_string(json_object_get(v, "message")) ||
		    !json_is_string(json_object_get(v, "message_vi")))
			fuzz_fail("an error lacks its field or messages", r);
	}
	json_decref(j);
}

#endif
