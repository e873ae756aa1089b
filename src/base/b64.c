/* Strict base64url decoding: the alphabet is checked here, then libsodium decodes (it refuses
 * bits left over and impossible lengths). Encoding is libsodium's own. */
#include "base/base.h"

#include <sodium.h>

#include "base/b64.h"

bool b64url_decode(const char *text, size_t len, unsigned char *out, size_t cap, size_t *n)
{
	*n = 0;
	for (size_t i = 0; i < len; i++) {
		char c = text[i];
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '-' || c == '_'))
			return false;
	}
	return sodium_base642bin(out, cap, text, len, NULL, n, NULL,
				 sodium_base64_VARIANT_URLSAFE_NO_PADDING) == 0;
}
