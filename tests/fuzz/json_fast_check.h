/* The check shared by test_json_fast and fuzz_json_fast: what json_fast_object reads is what
 * jansson reads (the same tree, members in the same order), and jansson accepts every text it
 * accepts. Returns the fast reader's verdict (true: it read the text); aborts on a difference. */
#ifndef MC_JSON_FAST_CHECK_H
#define MC_JSON_FAST_CHECK_H

#include <jansson.h>

#include "base/base.h"
#include "http/json_fast.h"

static inline bool json_fast_same_as_jansson(const char *s, size_t len)
{
	json_t *fast = json_fast_object(s, len);
	json_error_t e;
	json_t *ref = json_loadb(s, len, JSON_REJECT_DUPLICATES, &e);
	bool read = fast != NULL;
	if (fast) {
		char *a = json_dumps(fast, JSON_ENCODE_ANY | JSON_COMPACT);
		char *b = ref ? json_dumps(ref, JSON_ENCODE_ANY | JSON_COMPACT) : NULL;
		if (!ref || !json_equal(fast, ref) || !a || !b || strcmp(a, b) != 0) {
			fprintf(stderr, "json_fast_object read %zu bytes as %s, jansson as %s (%s)\n", len,
				a ? a : "?", b ? b : "an error", ref ? "" : e.text);
			abort();
		}
		free(a);
		free(b);
	}
	json_decref(fast);
	json_decref(ref);
	return read;
}

#endif
