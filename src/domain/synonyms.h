/* The search synonyms of the procedure catalogue (data/search_synonyms.csv): what people type
 * ("so do", "cccd") and the words of the procedure names it stands for. Pure: parsing and
 * rewriting search keys (domain/text.h text_search_key form: lower case, no diacritics, single
 * spaces). */
#ifndef MC_SYNONYMS_H
#define MC_SYNONYMS_H

#include "base/base.h"

#define SYNONYMS_MAX 512
#define SYNONYM_LEN 96

struct synonym {
	char alias[SYNONYM_LEN];     /* a search key */
	char expansion[SYNONYM_LEN]; /* a search key */
};

struct synonyms {
	struct synonym items[SYNONYMS_MAX];
	size_t n;
};

/* Parses the CSV text (lines "alias,expansion"; '#' starts a comment line; blank lines skipped).
 * fold turns each side into its search key (malloc'd; NULL on failure). MC_EINVAL with *line set
 * for a malformed line (no comma, an empty side, a side too long), MC_ETOOBIG past SYNONYMS_MAX. */
enum mc_err synonyms_parse(const char *text, size_t len, char *(*fold)(const char *s, size_t n),
			   struct synonyms *out, size_t *line);

/* Rewrites key: the longest alias found as whole words is replaced by its expansion (once). True
 * with the result in out (cap bytes) when an alias matched; false (out untouched) otherwise or
 * when the result does not fit. */
bool synonyms_expand(const struct synonyms *s, const char *key, char *out, size_t cap);

#endif
