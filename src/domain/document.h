/* Documents (metadata of content-addressed blobs) as the other layers see them: plain structs, no
 * I/O. */
#ifndef MC_DOMAIN_DOCUMENT_H
#define MC_DOMAIN_DOCUMENT_H

#include "base/base.h"

#define DOC_ID_LEN 26 /* 48 bits of milliseconds and 80 random bits, base32 lower-case */

struct document {
	char id[DOC_ID_LEN + 1];
	char sha256[65];
	int64_t size;
	char content_type[32];
	const char *filename;
	char owner[32];
	const char *uploaded_by;
	int64_t created_at;
};

#endif
