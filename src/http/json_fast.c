/* The fast JSON object reader (json_fast.h). One pass over the bytes; strings without escapes
 * are copied once, by jansson, straight from the body. Every check is at least as strict as
 * jansson 2.14's (RFC 8259, UTF-8 without overlong forms, surrogates or code points past
 * U+10FFFF, no NUL through \u0000), and anything it does not accept is jansson's to judge. */
#include "base/base.h"

#include "http/json_fast.h"

#define MAX_DEPTH 64
#define MAX_DIGITS 18 /* fits an int64 whatever the digits */

struct reader {
	const unsigned char *p, *end;
	char *scratch; /* strings with escapes, decoded one after the other: never more bytes than
			  the text holds */
	size_t used;
	int depth;
};

static void skip_space(struct reader *r)
{
	while (r->p < r->end && (*r->p == ' ' || *r->p == '\n' || *r->p == '\r' || *r->p == '\t'))
		r->p++;
}

/* The length of the UTF-8 sequence at s (n bytes available) when it is a valid one: 2 to 4
 * bytes, no overlong form, no surrogate, at most U+10FFFF; else 0. */
static size_t utf8_multi(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	if (c < 0xC2 || c > 0xF4)
		return 0;
	size_t len = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++)
		if ((s[i] & 0xC0) != 0x80)
			return 0;
	if ((c == 0xE0 && s[1] < 0xA0) || (c == 0xED && s[1] >= 0xA0) || (c == 0xF0 && s[1] < 0x90) ||
	    (c == 0xF4 && s[1] >= 0x90))
		return 0;
	return len;
}

static bool hex4(const unsigned char *s, const unsigned char *end, unsigned *out)
{
	unsigned v = 0;
	if (end - s < 4)
		return false;
	for (int i = 0; i < 4; i++) {
		unsigned c = s[i], d;
		if (c >= '0' && c <= '9')
			d = c - '0';
		else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
			d = (c | 0x20) - 'a' + 10;
		else
			return false;
		v = v << 4 | d;
	}
	*out = v;
	return true;
}

static size_t put_utf8(char *out, unsigned cp)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | cp >> 6);
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | cp >> 12);
		out[1] = (char)(0x80 | (cp >> 6 & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | cp >> 18);
	out[1] = (char)(0x80 | (cp >> 12 & 0x3F));
	out[2] = (char)(0x80 | (cp >> 6 & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/* The escape at *q (after its backslash) decoded into out; false when jansson would refuse it or
 * it is \u0000. */
static bool read_escape(const unsigned char **q, const unsigned char *end, char *out, size_t *o)
{
	static const char simple[] = "\"\"\\\\//b\bf\fn\nr\rt\t";
	if (*q >= end)
		return false;
	unsigned c = **q;
	(*q)++;
	if (c != 'u') {
		for (size_t i = 0; simple[i]; i += 2)
			if ((unsigned char)simple[i] == c) {
				out[(*o)++] = simple[i + 1];
				return true;
			}
		return false;
	}
	unsigned cp, low;
	if (!hex4(*q, end, &cp) || cp == 0 || (cp >= 0xDC00 && cp <= 0xDFFF))
		return false;
	*q += 4;
	if (cp >= 0xD800 && cp <= 0xDBFF) { /* a high surrogate: its low one must follow */
		if (end - *q < 6 || (*q)[0] != '\\' || (*q)[1] != 'u' || !hex4(*q + 2, end, &low) ||
		    low < 0xDC00 || low > 0xDFFF)
			return false;
		*q += 6;
		cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
	}
	*o += put_utf8(out + *o, cp);
	return true;
}

/* The string whose opening quote r->p has just passed: a pointer into the text when it holds no
 * escape, else its decoding in the scratch buffer. */
static bool read_string(struct reader *r, const char **s, size_t *n)
{
	const unsigned char *start = r->p, *q = start;
	for (;;) {
		if (q >= r->end || *q < 0x20)
			return false;
		if (*q == '"') {
			*s = (const char *)start;
			*n = (size_t)(q - start);
			r->p = q + 1;
			return true;
		}
		if (*q == '\\')
			break;
		if (*q < 0x80) {
			q++;
			continue;
		}
		size_t k = utf8_multi(q, (size_t)(r->end - q));
		if (!k)
			return false;
		q += k;
	}
	char *out = r->scratch + r->used;
	size_t o = (size_t)(q - start);
	memcpy(out, start, o);
	for (;;) {
		if (q >= r->end || *q < 0x20)
			return false;
		if (*q == '"')
			break;
		if (*q == '\\') {
			q++;
			if (!read_escape(&q, r->end, out, &o))
				return false;
		} else if (*q < 0x80) {
			out[o++] = (char)*q++;
		} else {
			size_t k = utf8_multi(q, (size_t)(r->end - q));
			if (!k)
				return false;
			memcpy(out + o, q, k);
			o += k;
			q += k;
		}
	}
	*s = out;
	*n = o;
	r->used += o;
	r->p = q + 1;
	return true;
}

/* An integer of at most MAX_DIGITS digits, as JSON writes them (no leading zero); what follows
 * it is the caller's to check, so "01" and "1.5" end up refused here or there. */
static json_t *read_integer(struct reader *r)
{
	const unsigned char *q = r->p;
	bool negative = q < r->end && *q == '-';
	q += negative;
	const unsigned char *digits = q;
	if (q < r->end && *q == '0')
		q++;
	else
		while (q < r->end && *q >= '0' && *q <= '9')
			q++;
	size_t n = (size_t)(q - digits);
	if (n == 0 || n > MAX_DIGITS ||
	    (q < r->end && (*q == '.' || *q == 'e' || *q == 'E' || (*q >= '0' && *q <= '9'))))
		return NULL;
	json_int_t v = 0;
	for (const unsigned char *d = digits; d < q; d++)
		v = v * 10 + (*d - '0');
	r->p = q;
	return json_integer(negative ? -v : v);
}

static json_t *read_word(struct reader *r, const char *word, size_t n, json_t *value)
{
	if ((size_t)(r->end - r->p) < n || memcmp(r->p, word, n) != 0)
		return NULL;
	r->p += n;
	return value;
}

static json_t *read_value(struct reader *r);

/* After the value of an array or object: past the comma (true), or at its end (false, *end). */
static bool next_member(struct reader *r, char close, bool *end)
{
	skip_space(r);
	if (r->p < r->end && *r->p == ',') {
		r->p++;
		skip_space(r);
		return true;
	}
	*end = r->p < r->end && *r->p == close;
	r->p += *end;
	return false;
}

static json_t *read_object(struct reader *r)
{
	json_t *obj = json_object();
	bool end = false;
	r->p++;
	skip_space(r);
	if (r->p < r->end && *r->p == '}') {
		r->p++;
		return obj;
	}
	do {
		const char *key;
		size_t klen;
		if (r->p >= r->end || *r->p != '"')
			break;
		r->p++;
		if (!read_string(r, &key, &klen))
			break;
		skip_space(r);
		if (r->p >= r->end || *r->p != ':' || json_object_getn(obj, key, klen))
			break;
		r->p++;
		skip_space(r);
		json_t *v = read_value(r);
		if (!v || json_object_setn_new_nocheck(obj, key, klen, v) != 0)
			break;
	} while (next_member(r, '}', &end));
	if (end)
		return obj;
	json_decref(obj);
	return NULL;
}

static json_t *read_array(struct reader *r)
{
	json_t *arr = json_array();
	bool end = false;
	r->p++;
	skip_space(r);
	if (r->p < r->end && *r->p == ']') {
		r->p++;
		return arr;
	}
	do {
		json_t *v = read_value(r);
		if (!v || json_array_append_new(arr, v) != 0)
			break;
	} while (next_member(r, ']', &end));
	if (end)
		return arr;
	json_decref(arr);
	return NULL;
}

static json_t *read_value(struct reader *r)
{
	if (r->p >= r->end)
		return NULL;
	const char *s;
	size_t n;
	json_t *v = NULL;
	switch (*r->p) {
	case '{':
	case '[':
		if (r->depth >= MAX_DEPTH)
			return NULL;
		r->depth++;
		v = *r->p == '{' ? read_object(r) : read_array(r);
		r->depth--;
		return v;
	case '"':
		r->p++;
		return read_string(r, &s, &n) ? json_stringn_nocheck(s, n) : NULL;
	case 't':
		return read_word(r, "true", 4, json_true());
	case 'f':
		return read_word(r, "false", 5, json_false());
	case 'n':
		return read_word(r, "null", 4, json_null());
	default:
		return read_integer(r);
	}
}

json_t *json_fast_object(const char *s, size_t len)
{
	struct reader r = {.p = (const unsigned char *)s, .end = (const unsigned char *)s + len};
	skip_space(&r);
	if (r.p >= r.end || *r.p != '{')
		return NULL;
	char small[1024];
	r.scratch = len < sizeof(small) ? small : xmalloc(len);
	json_t *obj = read_value(&r);
	skip_space(&r);
	if (obj && r.p != r.end) {
		json_decref(obj);
		obj = NULL;
	}
	if (r.scratch != small)
		free(r.scratch);
	return obj;
}
