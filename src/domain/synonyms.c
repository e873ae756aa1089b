/* Search synonyms (synonyms.h). */
#include "base/base.h"

#include "domain/synonyms.h"

static bool copy_side(char *(*fold)(const char *s, size_t n), const char *s, size_t n,
		      char out[SYNONYM_LEN])
{
	char *k = fold(s, n);
	bool ok = k && *k && strlen(k) < SYNONYM_LEN;
	if (ok)
		memcpy(out, k, strlen(k) + 1);
	free(k);
	return ok;
}

enum mc_err synonyms_parse(const char *text, size_t len, char *(*fold)(const char *s, size_t n),
			   struct synonyms *out, size_t *line)
{
	out->n = 0;
	*line = 0;
	size_t pos = 0;
	while (pos < len) {
		const char *start = text + pos;
		const char *nl = memchr(start, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - start) : len - pos;
		pos += n + (nl ? 1 : 0);
		(*line)++;
		size_t m = n;
		while (m > 0 && (start[m - 1] == '\r' || start[m - 1] == ' '))
			m--;
		size_t lead = strspn(start, " \t");
		if (m <= lead || start[lead] == '#')
			continue;
		const char *comma = memchr(start, ',', m);
		if (!comma)
			return MC_EINVAL;
		if (out->n == SYNONYMS_MAX)
			return MC_ETOOBIG;
		struct synonym *s = &out->items[out->n];
		size_t a = (size_t)(comma - start);
		if (!copy_side(fold, start, a, s->alias) ||
		    !copy_side(fold, comma + 1, m - a - 1, s->expansion))
			return MC_EINVAL;
		out->n++;
	}
	*line = 0;
	return MC_OK;
}

/* Where alias occurs in key as whole words (bounded by the ends or spaces), or NULL. */
static const char *find_words(const char *key, const char *alias)
{
	size_t n = strlen(alias);
	for (const char *p = strstr(key, alias); p; p = strstr(p + 1, alias))
		if ((p == key || p[-1] == ' ') && (p[n] == '\0' || p[n] == ' '))
			return p;
	return NULL;
}

bool synonyms_expand(const struct synonyms *s, const char *key, char *out, size_t cap)
{
	const struct synonym *best = NULL;
	const char *at = NULL;
	for (size_t i = 0; i < s->n; i++) {
		const char *p = find_words(key, s->items[i].alias);
		if (p && (!best || strlen(s->items[i].alias) > strlen(best->alias))) {
			best = &s->items[i];
			at = p;
		}
	}
	if (!best)
		return false;
	size_t before = (size_t)(at - key), alen = strlen(best->alias);
	int w = snprintf(out, cap, "%.*s%s%s", (int)before, key, best->expansion, at + alen);
	return w >= 0 && (size_t)w < cap;
}
