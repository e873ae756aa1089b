/* Capped growable buffers (see buf.h). */
#include "base/base.h"

#include <stdarg.h>

#include "base/buf.h"
#include "base/fmt.h"

void buf_init(struct buf *b, size_t max)
{
	b->data = NULL;
	b->len = b->cap = 0;
	b->max = max;
	b->full = false;
}

void buf_init_cap(struct buf *b, size_t max, size_t cap)
{
	buf_init(b, max);
	if (cap > max + 1)
		cap = max + 1;
	if (cap) {
		b->data = xmalloc(cap);
		b->data[0] = '\0';
		b->cap = cap;
	}
}

void buf_release(struct buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

static enum mc_err reserve(struct buf *b, size_t extra)
{
	if (extra > b->max || b->len > b->max - extra) {
		b->full = true;
		return MC_ETOOBIG;
	}
	size_t need = b->len + extra + 1;
	if (need <= b->cap)
		return MC_OK;
	size_t cap = b->cap ? b->cap : 256;
	while (cap < need)
		cap *= 2;
	if (cap > b->max + 1)
		cap = b->max + 1;
	b->data = xrealloc(b->data, cap);
	b->cap = cap;
	return MC_OK;
}

enum mc_err buf_append_grow(struct buf *b, const void *data, size_t len)
{
	enum mc_err err = reserve(b, len);
	if (err)
		return err;
	if (len)
		memcpy(b->data + b->len, data, len);
	b->len += len;
	b->data[b->len] = '\0';
	return MC_OK;
}

enum mc_err buf_append_str(struct buf *b, const char *s)
{
	return buf_append(b, s, strlen(s));
}

const char *int_text(int64_t v, char out[INT_TEXT_MAX])
{
	const char *t = uint_text(v < 0 ? 0 - (uint64_t)v : (uint64_t)v, out);
	if (v >= 0)
		return t;
	size_t at = (size_t)(t - out) - 1;
	out[at] = '-';
	return out + at;
}

enum mc_err buf_append_int(struct buf *b, int64_t v)
{
	char s[INT_TEXT_MAX];
	const char *t = int_text(v, s);
	return buf_append(b, t, (size_t)(s + INT_TEXT_MAX - 1 - t));
}

enum mc_err buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	/* Written into the room there is; when it did not fit, measured, and again after growing. */
	size_t room = b->data ? b->cap - b->len : 0;
	int n = fmt_vsnprintf(room ? b->data + b->len : NULL, room, fmt, ap);
	va_end(ap);
	if (n < 0) {
		if (room)
			b->data[b->len] = '\0';
		return MC_EINVAL;
	}
	if ((size_t)n >= room) {
		enum mc_err err = reserve(b, (size_t)n);
		if (err) {
			if (room)
				b->data[b->len] = '\0';
			return err;
		}
		va_start(ap, fmt);
		fmt_vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	b->len += (size_t)n;
	return MC_OK;
}

char *buf_take(struct buf *b, size_t *len)
{
	if (reserve(b, 0) != MC_OK)
		return NULL;
	b->data[b->len] = '\0';
	char *p = b->data;
	if (len)
		*len = b->len;
	b->data = NULL;
	b->len = b->cap = 0;
	return p;
}
