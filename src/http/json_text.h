/* JSON text written straight into a buffer, byte for byte as jansson's json_dumps(JSON_COMPACT |
 * JSON_PRESERVE_ORDER) writes the same values, for the answers whose jansson tree and dump cost
 * more than the rest of the request (a dossier's 201, an inbox page, the public queue board; issue
 * 22). The callers' tests compare their texts with jansson's. */
#ifndef MC_HTTP_JSON_TEXT_H
#define MC_HTTP_JSON_TEXT_H

#include <stdbool.h>
#include <stdint.h>

#include "base/buf.h"

/* A JSON string as jansson writes it without JSON_ENSURE_ASCII or JSON_ESCAPE_SLASH: the quote,
 * the backslash and control characters escaped, everything else (UTF-8) as is. */
void json_text_str(struct buf *b, const char *s);
/* A string, or null for NULL and for the empty string. */
void json_text_opt(struct buf *b, const char *s);
/* time_or_null's text: null for 0 and INT64_MAX, else the RFC 3339 time as a JSON string. */
void json_text_time(struct buf *b, int64_t t);

static inline void json_text_bool(struct buf *b, bool v)
{
	buf_append(b, v ? "true" : "false", v ? 4 : 5);
}

/* A member's name: always a literal of the writing file (lower-case ASCII and '_'), so written as
 * it is, without json_text_str's escaping scan, with its quotes, its colon and the comma before
 * it in one append whose length is known when compiled. */
#define text_key(b, key, first)                                                                  \
	do {                                                                                     \
		if (first)                                                                       \
			buf_append((b), "\"" key "\":", sizeof(key) + 2);                        \
		else                                                                             \
			buf_append((b), ",\"" key "\":", sizeof(key) + 3);                       \
	} while (0)

#define text_obj_str(b, key, v, first)                                                           \
	do {                                                                                     \
		text_key(b, key, first);                                                         \
		json_text_str((b), (v));                                                         \
	} while (0)

#define text_obj_opt(b, key, v)                                                                  \
	do {                                                                                     \
		text_key(b, key, false);                                                         \
		json_text_opt((b), (v));                                                         \
	} while (0)

#define text_obj_time(b, key, t, first)                                                          \
	do {                                                                                     \
		text_key(b, key, first);                                                         \
		json_text_time((b), (t));                                                        \
	} while (0)

#define text_obj_int(b, key, v, first)                                                           \
	do {                                                                                     \
		text_key(b, key, first);                                                         \
		buf_append_int((b), (v));                                                        \
	} while (0)

#endif
