/* Fuzzes the Vietnamese text rules of domain/text.c on arbitrary bytes: NFC normalization and the
 * search key. Beyond not crashing: NFC is idempotent, and normalizing to NFC first does not change
 * the search key (the key ignores the composition of its input). */
#include "base/base.h"

#include "domain/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	char *nfc = NULL, *nfc2 = NULL, *key = NULL, *key_nfc = NULL;
	enum mc_err key_err = text_search_key(s, size, &key);
	if (text_nfc(s, size, &nfc) != MC_OK)
		goto out;
	size_t len = strlen(nfc);
	if (text_nfc(nfc, len, &nfc2) != MC_OK || strcmp(nfc, nfc2) != 0) {
		fprintf(stderr, "text_nfc is not idempotent\n");
		abort();
	}
	/* Valid UTF-8 for NFC is valid for the search key too. */
	if (key_err != MC_OK || text_search_key(nfc, len, &key_nfc) != MC_OK) {
		fprintf(stderr, "text_search_key rejects text that text_nfc accepts\n");
		abort();
	}
	if (strcmp(key, key_nfc) != 0) {
		fprintf(stderr, "search key of the NFC form \"%s\" differs from \"%s\"\n", key_nfc, key);
		abort();
	}
	(void)text_length(nfc, len);
out:
	free(key_nfc);
	free(key);
	free(nfc2);
	free(nfc);
	return 0;
}
