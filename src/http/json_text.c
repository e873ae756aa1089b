/* JSON text written without jansson's tree (json_text.h). */
#include "base/base.h"

#include "base/civil.h"
#include "http/json_text.h"

/* True when none of the 8 bytes of w needs escaping in a JSON string: none is below 0x20, a
 * quote or a backslash (the exact "any byte" tests of the bit hacks: a byte below n sets its high
 * bit in (w - n*ones) & ~w; one equal to c leaves a zero byte in w ^ c*ones). */
static inline bool word_plain(uint64_t w)
{
	const uint64_t ones = UINT64_C(0x0101010101010101), high = UINT64_C(0x8080808080808080);
	uint64_t q = w ^ (ones * '"'), bs = w ^ (ones * '\\');
	return !((((w - ones * 0x20) & ~w) | ((q - ones) & ~q) | ((bs - ones) & ~bs)) & high);
}

void json_text_str(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t len = strlen(s), run = 0, i = 0;
	buf_append(b, "\"", 1);
	while (i < len) {
		uint64_t w;
		/* Eight plain bytes at a time: most of a dossier's text (issue 22). */
		if (len - i >= 8 && (memcpy(&w, s + i, 8), word_plain(w))) {
			i += 8;
			continue;
		}
		unsigned char c = (unsigned char)s[i++];
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		buf_append(b, s + run, i - 1 - run);
		run = i;
		char esc[7] = {'\\', (char)c, 0};
		size_t n = 2;
		switch (c) {
		case '"': case '\\': break;
		case '\b': esc[1] = 'b'; break;
		case '\f': esc[1] = 'f'; break;
		case '\n': esc[1] = 'n'; break;
		case '\r': esc[1] = 'r'; break;
		case '\t': esc[1] = 't'; break;
		default:
			memcpy(esc + 1, "u00", 3);
			esc[4] = hex[c >> 4];
			esc[5] = hex[c & 15];
			n = 6;
		}
		buf_append(b, esc, n);
	}
	buf_append(b, s + run, len - run);
	buf_append(b, "\"", 1);
}

void json_text_opt(struct buf *b, const char *s)
{
	if (s && *s)
		json_text_str(b, s);
	else
		buf_append(b, "null", 4);
}

void json_text_time(struct buf *b, int64_t t)
{
	char s[32];
	if (t == 0 || t == INT64_MAX) {
		buf_append(b, "null", 4);
		return;
	}
	civil_format_time(t, s);
	json_text_str(b, s);
}
