/* NFC and search keys on top of libutf8proc. utf8proc's own case folding and mark stripping do
 * the heavy lifting; đ/Đ are mapped by hand because no decomposition turns them into d. */
#include "base/base.h"

#include <pthread.h>
#include <utf8proc.h>

#include "domain/text.h"

/* The code point starting at s[i] when it is one of the bidirectional embeddings, overrides and
 * isolates U+202A..U+202E (E2 80 AA..AE) and U+2066..U+2069 (E2 81 A6..A9). */
static bool is_bidi_control(const unsigned char *s, size_t len, size_t i)
{
	if (s[i] != 0xe2 || i + 2 >= len)
		return false;
	return (s[i + 1] == 0x80 && s[i + 2] >= 0xaa && s[i + 2] <= 0xae) ||
	       (s[i + 1] == 0x81 && s[i + 2] >= 0xa6 && s[i + 2] <= 0xa9);
}

bool text_allowed(const char *s, size_t len, enum text_form form)
{
	const unsigned char *u = (const unsigned char *)s;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = u[i];
		bool layout = c == '\t' || c == '\n' || c == '\r';
		if ((c < 0x20 && !(layout && form == TEXT_LINES)) || c == 0x7f)
			return false;
		/* C1 controls U+0080..U+009F are encoded C2 80..C2 9F. */
		if (c == 0xc2 && i + 1 < len && u[i + 1] >= 0x80 && u[i + 1] <= 0x9f)
			return false;
		if (is_bidi_control(u, len, i))
			return false;
	}
	return true;
}

/* The code point at u[*i] (moving *i past it) when it is ASCII, below U+0300 or in
 * U+1E00..U+1EFF and well formed; else -1. */
static long latin_at(const unsigned char *u, size_t len, size_t *i)
{
	unsigned char c = u[*i];
	if (c < 0x80) {
		*i += 1;
		return c;
	}
	if (c >= 0xc2 && c <= 0xcb && *i + 1 < len && (u[*i + 1] & 0xc0) == 0x80) {
		long cp = (long)(c & 0x1f) << 6 | (u[*i + 1] & 0x3f); /* U+0080..U+02FF */
		*i += 2;
		return cp;
	}
	if (c == 0xe1 && *i + 2 < len && u[*i + 1] >= 0xb8 && u[*i + 1] <= 0xbb &&
	    (u[*i + 2] & 0xc0) == 0x80) {
		long cp = 0x1e00 | (long)(u[*i + 1] & 0x03) << 6 | (u[*i + 2] & 0x3f);
		*i += 3; /* U+1E00..U+1EFF */
		return cp;
	}
	return -1;
}

/* text.h: true when s is well-formed UTF-8 of code points below U+0300 (Latin letters,
 * precomposed, and spacing modifiers) and U+1E00..U+1EFF (Latin Extended Additional: most of
 * Vietnamese's letters with two marks). None of these is a combining mark (canonical combining
 * class 0), none is excluded from composition, and no two of them compose: such text is its own
 * NFC (test_text_idnum.c test_nfc_fast_path checks every one of these code points against
 * utf8proc). Any other text, or text not well formed, takes utf8proc's path, which also refuses
 * the latter. */
bool text_nfc_already(const char *s, size_t len, size_t *chars)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t n = 0;
	for (size_t i = 0; i < len; n++)
		if (latin_at(u, len, &i) < 0)
			return false;
	*chars = n;
	return true;
}

enum mc_err text_nfc(const char *s, size_t len, char **out)
{
	utf8proc_uint8_t *res = NULL;
	if (!text_allowed(s, len, TEXT_LINES))
		return MC_EINVAL;
	/* Text already NFC for certain (ASCII: codes, numbers, phones, ids; Vietnamese written with
	 * precomposed letters, as keyboards and browsers send it) skips utf8proc's decomposing and
	 * recomposing pass and its buffers. The copy is malloc'd as utf8proc's result is. */
	size_t chars;
	if (text_nfc_already(s, len, &chars)) {
		char *copy = xmalloc(len + 1);
		memcpy(copy, s, len);
		copy[len] = '\0';
		*out = copy;
		return MC_OK;
	}
	utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &res,
					  UTF8PROC_STABLE | UTF8PROC_COMPOSE);
	if (n < 0)
		return MC_EINVAL;
	*out = (char *)res;
	return MC_OK;
}

static utf8proc_int32_t fold_d(utf8proc_int32_t c, void *data)
{
	MC_UNUSED(data);
	if (c == 0x0111 || c == 0x0110) /* đ Đ */
		return 'd';
	return c;
}

#define KEY_FLAGS                                                                              \
	(UTF8PROC_STABLE | UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD |         \
	 UTF8PROC_COMPAT | UTF8PROC_STRIPCC)

/* Collapses white space in place: runs of it become one space, none at either end. */
static void collapse_space(char *p, size_t n)
{
	size_t w = 0;
	bool space = true;
	for (size_t i = 0; i < n; i++) {
		char c = p[i];
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			if (!space)
				p[w++] = ' ';
			space = true;
		} else {
			p[w++] = c;
			space = false;
		}
	}
	if (w > 0 && p[w - 1] == ' ')
		w--;
	p[w] = '\0';
}

/* The search key of each code point below U+0300 and in U+1E00..U+1EFF (text_nfc_already's: every
 * letter of Vietnamese, precomposed), made once by utf8proc itself from that code point alone.
 * With no composition, and every combining mark stripped as it is met, utf8proc maps a text of
 * such code points to the concatenation of their own keys, so text_search_key joins these instead
 * of calling it (~8,000 instructions a name, issue 22); test_text_idnum.c test_search_key_fast
 * compares the two over every such code point and random texts of them. Control characters
 * (whose line ends utf8proc treats as sequences) and keys longer than a slot take utf8proc. */
#define FOLD_SLOT 7
struct fold {
	signed char len; /* -1: utf8proc's */
	char s[FOLD_SLOT];
};
static struct fold fold_low[0x300], fold_ext[0x100]; /* U+0000..U+02FF, U+1E00..U+1EFF */
static pthread_once_t fold_once = PTHREAD_ONCE_INIT;

static void fold_make(struct fold *f, utf8proc_int32_t cp)
{
	f->len = -1;
	if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f))
		return;
	utf8proc_uint8_t in[4];
	utf8proc_ssize_t n = utf8proc_encode_char(cp, in);
	utf8proc_uint8_t *res = NULL;
	utf8proc_ssize_t m = utf8proc_map_custom(in, n, &res, KEY_FLAGS, fold_d, NULL);
	if (m >= 0 && m <= FOLD_SLOT) {
		memcpy(f->s, res, (size_t)m);
		f->len = (signed char)m;
	}
	free(res);
}

static void fold_init(void)
{
	for (utf8proc_int32_t cp = 0; cp < 0x300; cp++)
		fold_make(&fold_low[cp], cp);
	for (utf8proc_int32_t cp = 0; cp < 0x100; cp++)
		fold_make(&fold_ext[cp], 0x1e00 + cp);
}

/* The key of s from the table, malloc'd; NULL when some code point of s is not in it or s is not
 * well formed (utf8proc then decides, and refuses the latter). */
static char *search_key_table(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	char *out = xmalloc(len * FOLD_SLOT + 1);
	size_t w = 0;
	for (size_t i = 0; i < len;) {
		long cp = latin_at(u, len, &i);
		const struct fold *f = cp < 0 ? NULL : cp < 0x300 ? &fold_low[cp] : &fold_ext[cp - 0x1e00];
		if (!f || f->len < 0) {
			free(out);
			return NULL;
		}
		memcpy(out + w, f->s, (size_t)f->len);
		w += (size_t)f->len;
	}
	collapse_space(out, w);
	return out;
}

enum mc_err text_search_key(const char *s, size_t len, char **out)
{
	pthread_once(&fold_once, fold_init);
	/* (a long text takes utf8proc rather than a buffer of seven bytes per byte) */
	char *key = len <= 4096 ? search_key_table(s, len) : NULL;
	if (key) {
		*out = key;
		return MC_OK;
	}
	utf8proc_uint8_t *res = NULL;
	utf8proc_ssize_t n = utf8proc_map_custom((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len,
						 &res, KEY_FLAGS, fold_d, NULL);
	if (n < 0)
		return MC_EINVAL;
	collapse_space((char *)res, (size_t)n);
	*out = (char *)res;
	return MC_OK;
}

enum mc_err text_compact_key(const char *s, size_t len, char **out)
{
	char *key = NULL;
	enum mc_err err = text_search_key(s, len, &key);
	if (err)
		return err;
	size_t w = 0;
	for (size_t i = 0; key[i]; i++) {
		unsigned char c = (unsigned char)key[i];
		if (c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
			key[w++] = key[i];
	}
	key[w] = '\0';
	*out = key;
	return MC_OK;
}

size_t text_length(const char *s, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			n++;
	return n;
}

bool text_phone_ok(const char *s)
{
	size_t n = strlen(s), digits = 0;
	if (n > 20)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c >= '0' && c <= '9')
			digits++;
		else if (!(i == 0 && c == '+') && c != ' ' && c != '.' && c != '-')
			return false;
	}
	return digits >= 8 && digits <= 15;
}

bool text_vn_phone_ok(const char *s)
{
	size_t n = strlen(s);
	if (n < 10 || n > 11 || s[0] != '0')
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

bool text_email_ok(const char *s)
{
	const char *at = strchr(s, '@');
	size_t n = strlen(s);
	if (!at || at == s || strchr(at + 1, '@') || !strchr(at + 1, '.') || at[1] == '.' ||
	    n > 254 || s[n - 1] == '.')
		return false;
	for (const char *c = s; *c; c++)
		if ((unsigned char)*c <= ' ' || *c == 0x7f)
			return false;
	return true;
}
