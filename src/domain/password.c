/* Password rules (password.h). The common list is searched in place: it is embedded sorted, so a
 * binary search over its lines needs no index and no start-up work. */
#include "base/base.h"

#include "base/embed.h"
#include "domain/password.h"
#include "domain/text.h"

#define COMMON_LIST "data/common_passwords.txt"
#define FOLD_MAX (PASSWORD_MAX_CHARS * 4 + 1) /* bytes of the longest password, and its NUL */

static char fold(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* Compares a line of the list with a key as bytes (shorter first on a common prefix). */
static int compare(const unsigned char *line, size_t n, const char *key, size_t klen)
{
	int c = memcmp(line, key, n < klen ? n : klen);
	if (c != 0)
		return c;
	return n < klen ? -1 : n > klen ? 1 : 0;
}

static bool in_list(const char *key, size_t klen)
{
	const struct embed_file *f = embed_find(COMMON_LIST);
	if (!f || klen == 0)
		return false;
	const unsigned char *d = f->data;
	size_t lo = 0, hi = f->size; /* lines starting in [lo, hi); lo is always a line's start */
	while (lo < hi) {
		size_t start = lo + (hi - lo) / 2;
		while (start > lo && d[start - 1] != '\n')
			start--;
		size_t end = start;
		while (end < f->size && d[end] != '\n')
			end++;
		int c = compare(d + start, end - start, key, klen);
		if (c == 0)
			return true;
		if (c < 0)
			lo = end + 1;
		else
			hi = start;
	}
	return false;
}

/* The password folded to lowercase (ASCII letters only; the list has no others). */
static size_t fold_copy(const char *s, char out[FOLD_MAX])
{
	size_t n = 0;
	for (; s[n] && n < FOLD_MAX - 1; n++)
		out[n] = fold(s[n]);
	out[n] = '\0';
	return n;
}

bool password_is_common(const char *password)
{
	char f[FOLD_MAX];
	size_t n = fold_copy(password, f);
	return in_list(f, n);
}

static bool decoration(char c)
{
	return (c >= '0' && c <= '9') || c == ' ' || (c >= '!' && c <= '/') ||
	       (c >= ':' && c <= '@') || (c >= '[' && c <= '`') || (c >= '{' && c <= '~');
}

/* On the list as it is, or once the digits, spaces and punctuation around it are taken away
 * ("Password2026!", "!!sunshine123"). */
static bool common(const char *f, size_t n)
{
	if (in_list(f, n))
		return true;
	size_t a = 0, b = n;
	while (a < b && decoration(f[a]))
		a++;
	while (b > a && decoration(f[b - 1]))
		b--;
	return (a > 0 || b < n) && b > a && in_list(f + a, b - a);
}

static bool contains_folded(const char *f, size_t n, const char *name)
{
	char g[FOLD_MAX];
	size_t m = fold_copy(name, g);
	if (m < 3 || m > n)
		return false;
	for (size_t i = 0; i + m <= n; i++)
		if (memcmp(f + i, g, m) == 0)
			return true;
	return false;
}

static int step_of(char a, char b)
{
	if (a == '9' && b == '0')
		return 1; /* 1234567890 */
	if (a == '0' && b == '9')
		return -1;
	return (int)(unsigned char)b - (int)(unsigned char)a;
}

static bool repetitive(const char *f, size_t n)
{
	size_t distinct = 0;
	bool seen[256] = {false};
	for (size_t i = 0; i < n; i++)
		if (!seen[(unsigned char)f[i]]) {
			seen[(unsigned char)f[i]] = true;
			distinct++;
		}
	if (distinct < 4)
		return true;
	int step = step_of(f[0], f[1]);
	bool run = step == 1 || step == -1;
	for (size_t i = 2; run && i < n; i++)
		run = step_of(f[i - 1], f[i]) == step;
	if (run)
		return true;
	for (size_t p = 1; p <= n / 2; p++) { /* one part repeated: abcdabcdab */
		size_t i = p;
		while (i < n && f[i] == f[i - p])
			i++;
		if (i == n)
			return true;
	}
	return false;
}

enum pw_verdict password_judge(const char *password, const char *const personal[], size_t npersonal)
{
	size_t chars = text_length(password, strlen(password));
	if (chars < PASSWORD_MIN_CHARS || chars > PASSWORD_MAX_CHARS)
		return PW_LENGTH;
	char f[FOLD_MAX];
	size_t n = fold_copy(password, f);
	for (size_t i = 0; i < npersonal; i++)
		if (personal[i] && contains_folded(f, n, personal[i]))
			return PW_PERSONAL;
	if (common(f, n))
		return PW_COMMON;
	if (repetitive(f, n))
		return PW_REPETITIVE;
	return PW_OK;
}
