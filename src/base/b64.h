/* Strict base64url (RFC 4648 §5, no padding), the encoding of the API's opaque cursors and of
 * receipt signatures: decoding accepts exactly the texts that encoding writes. */
#ifndef MC_B64_H
#define MC_B64_H

#include "base/base.h"

/* Decodes len characters of text into out (at most cap bytes), *n the bytes written. False for
 * a character outside A-Z a-z 0-9 - _, a length no encoding gives, bits left over, or more than
 * cap bytes. libsodium's decoder alone is not enough: 1.0.18 reads bytes above 0x7f as digits. */
bool b64url_decode(const char *text, size_t len, unsigned char *out, size_t cap, size_t *n);

#endif
