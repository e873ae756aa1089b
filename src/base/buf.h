/* A growable byte buffer with a hard cap set at init: exceeding the cap is an error (MC_ETOOBIG),
 * never a silent realloc past it, and the buffer remembers it (full), so that a writer of many
 * appends may check once at the end. The bytes are always followed by a NUL. */
#ifndef MC_BUF_H
#define MC_BUF_H

#include "base/base.h"
#include "base/fmt.h"

struct buf {
	char *data;
	size_t len, cap, max;
	bool full; /* an append was refused: the bytes miss some */
};

void buf_init(struct buf *b, size_t max);
/* buf_init with cap bytes (at most max + 1) taken at once: a text of many small appends whose
 * usual size is known is then not grown by doubling, a realloc and a copy each time (the 201 of
 * an intake, ~2.4 KB, was five). */
void buf_init_cap(struct buf *b, size_t max, size_t cap);
void buf_release(struct buf *b);
enum mc_err buf_append_grow(struct buf *b, const void *data, size_t len);
/* Appends len bytes. Inline for the common case, room already there (the capacity never passes
 * max + 1, so room means within the cap): a 201 of intake is ~900 appends (issue 22). */
static inline enum mc_err buf_append(struct buf *b, const void *data, size_t len)
{
	if (len >= b->cap - b->len)
		return buf_append_grow(b, data, len);
	if (len)
		memcpy(b->data + b->len, data, len);
	b->len += len;
	b->data[b->len] = '\0';
	return MC_OK;
}
enum mc_err buf_append_str(struct buf *b, const char *s);
/* v in decimal, as "%lld" writes it, digit by digit (snprintf takes ~700 instructions a number):
 * written at the end of out, NUL-terminated; returns where it starts. */
const char *int_text(int64_t v, char out[INT_TEXT_MAX]);
/* Appends int_text(v). */
enum mc_err buf_append_int(struct buf *b, int64_t v);
enum mc_err buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Hands the bytes to the caller (who frees them) and empties the buffer. */
char *buf_take(struct buf *b, size_t *len);

#endif
