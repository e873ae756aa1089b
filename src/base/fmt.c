/* snprintf for the formats our hot paths use: base/fmt.h. */
#include "base/base.h"

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>

#include "base/fmt.h"

enum len_mod { LEN_INT, LEN_LONG, LEN_LLONG, LEN_SIZE };

struct conv {
	char kind; /* '%', 's', 'd' (also "%i") or 'u' */
	bool zero;
	int width;
	enum len_mod len;
};

/* The conversion whose text starts at p, just after its '%'; returns where the text after it
 * starts, or NULL for a conversion left to vsnprintf. */
static const char *parse_conv(const char *p, struct conv *c)
{
	*c = (struct conv){.len = LEN_INT};
	if (*p == '%') {
		c->kind = '%';
		return p + 1;
	}
	if (*p == '0') {
		c->zero = true;
		p++;
	}
	if (*p >= '1' && *p <= '9') {
		c->width = *p++ - '0';
		if (*p >= '0' && *p <= '9')
			c->width = c->width * 10 + (*p++ - '0');
	}
	if (*p == 'l') {
		c->len = LEN_LONG;
		if (*++p == 'l') {
			c->len = LEN_LLONG;
			p++;
		}
	} else if (*p == 'z') {
		c->len = LEN_SIZE;
		p++;
	}
	switch (*p) {
	case 's':
		if (c->zero || c->width || c->len != LEN_INT) /* "%ls" is a wide string */
			return NULL;
		c->kind = 's';
		return p + 1;
	case 'd':
	case 'i':
		c->kind = 'd';
		return p + 1;
	case 'u':
		c->kind = 'u';
		return p + 1;
	default:
		return NULL;
	}
}

/* Whether every conversion of fmt is one parse_conv takes. */
bool fmt_is_fast(const char *fmt)
{
	struct conv c;
	for (const char *p = strchr(fmt, '%'); p; p = strchr(p, '%'))
		if (!(p = parse_conv(p + 1, &c)))
			return false;
	return true;
}

/* The text written so far: n bytes counted, the first cap - 1 of them stored. */
struct out {
	char *p;
	size_t cap, n;
};

static void put(struct out *o, const char *s, size_t len)
{
	if (o->n + 1 < o->cap) {
		size_t room = o->cap - 1 - o->n;
		memcpy(o->p + o->n, s, len < room ? len : room);
	}
	o->n += len;
}

static void put_fill(struct out *o, char ch, size_t count)
{
	if (o->n + 1 < o->cap) {
		size_t room = o->cap - 1 - o->n;
		memset(o->p + o->n, ch, count < room ? count : room);
	}
	o->n += count;
}

const char *uint_text(unsigned long long v, char out[INT_TEXT_MAX])
{
	size_t at = INT_TEXT_MAX - 1;
	out[at] = '\0';
	do {
		out[--at] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	return out + at;
}

/* An integer of magnitude u, negative or not, with the conversion's width: spaces before the
 * sign, or with the flag 0 zeros after it, as printf pads. */
static void put_int(struct out *o, const struct conv *c, bool negative, unsigned long long u)
{
	char text[INT_TEXT_MAX];
	const char *digits = uint_text(u, text);
	size_t count = (size_t)(text + INT_TEXT_MAX - 1 - digits), len = count + (negative ? 1 : 0);
	size_t pad = (size_t)c->width > len ? (size_t)c->width - len : 0;
	if (!c->zero)
		put_fill(o, ' ', pad);
	if (negative)
		put(o, "-", 1);
	if (c->zero)
		put_fill(o, '0', pad);
	put(o, digits, count);
}

int fmt_vsnprintf(char *out, size_t cap, const char *fmt, va_list ap)
{
	if (!fmt_is_fast(fmt))
		return vsnprintf(out, cap, fmt, ap);
	struct out o = {out, cap, 0};
	const char *p = fmt;
	for (;;) {
		const char *pct = strchr(p, '%');
		put(&o, p, pct ? (size_t)(pct - p) : strlen(p));
		if (!pct)
			break;
		struct conv c;
		p = parse_conv(pct + 1, &c);
		if (c.kind == '%') {
			put(&o, "%", 1);
		} else if (c.kind == 's') {
			const char *s = va_arg(ap, const char *);
			if (!s)
				s = "(null)"; /* as glibc writes it */
			put(&o, s, strlen(s));
		} else if (c.kind == 'd') {
			long long v = c.len == LEN_INT	  ? va_arg(ap, int)
				      : c.len == LEN_LONG ? va_arg(ap, long)
				      : c.len == LEN_SIZE ? va_arg(ap, ssize_t)
							  : va_arg(ap, long long);
			put_int(&o, &c, v < 0, v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v);
		} else {
			unsigned long long v = c.len == LEN_INT    ? va_arg(ap, unsigned)
					       : c.len == LEN_LONG ? va_arg(ap, unsigned long)
					       : c.len == LEN_SIZE ? va_arg(ap, size_t)
								   : va_arg(ap, unsigned long long);
			put_int(&o, &c, false, v);
		}
	}
	if (cap)
		out[o.n < cap ? o.n : cap - 1] = '\0';
	if (o.n > INT_MAX) {
		errno = EOVERFLOW;
		return -1;
	}
	return (int)o.n;
}

int fmt_snprintf(char *out, size_t cap, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = fmt_vsnprintf(out, cap, fmt, ap);
	va_end(ap);
	return n;
}
