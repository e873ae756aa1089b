/* Fuzzes upload typing (svc/documents.c: documents_type, libmagic on the bytes whatever the name
 * or the declared type). libmagic itself is not instrumented, so coverage guides the fuzzer only
 * through our side; the sanitizers still watch every call.
 *
 * Beyond not crashing: the answer is one of the three accepted types or NULL, the same bytes get
 * the same answer twice, and a PDF, a JPEG or a PNG starts as such files start (libmagic may
 * refuse a file that starts well, never accept one that does not). */
#include "base/base.h"

#include "svc/documents.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Whether "%PDF-" occurs in the first KiB (where libmagic looks for it). */
static bool pdf_head(const uint8_t *data, size_t size)
{
	size_t n = size < 1024 ? size : 1024;
	for (size_t i = 0; i + 5 <= n; i++)
		if (memcmp(data + i, "%PDF-", 5) == 0)
			return true;
	return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0; /* the upload answers 422 before typing */
	const char *t = documents_type(data, size);
	const char *again = documents_type(data, size);
	if (t != again) {
		fprintf(stderr, "documents_type answered %s then %s\n", t ? t : "NULL",
			again ? again : "NULL");
		abort();
	}
	if (!t)
		return 0;
	bool ok = false;
	if (!strcmp(t, "image/png"))
		ok = size >= 8 && memcmp(data, "\x89PNG\r\n\x1a\n", 8) == 0;
	else if (!strcmp(t, "image/jpeg"))
		ok = size >= 3 && memcmp(data, "\xff\xd8\xff", 3) == 0;
	else if (!strcmp(t, "application/pdf"))
		ok = pdf_head(data, size);
	if (!ok) {
		fprintf(stderr, "documents_type accepted %zu bytes as %s\n", size, t);
		abort();
	}
	return 0;
}
