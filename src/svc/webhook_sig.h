/* Standard Webhooks signatures (docs/webhooks.md): secrets "whsec_" + base64 of 24 to 64 random
 * bytes, and the header value "v1,<base64 of HMAC-SHA256 over '<id>.<timestamp>.<body>'>". Pure
 * computation over libsodium; thread-safe. */
#ifndef MC_WEBHOOK_SIG_H
#define MC_WEBHOOK_SIG_H

#include "base/base.h"
#include "domain/webhook.h"

#define WEBHOOK_KEY_MIN 24
#define WEBHOOK_KEY_MAX 64
#define WEBHOOK_SIG_MAX 64 /* "v1," + 44 characters of base64 + NUL, with room */

/* Reads a secret's text into its key bytes (*n of them, at most WEBHOOK_KEY_MAX): true when it is
 * "whsec_" followed by standard base64 (with padding) of 24 to 64 bytes. */
bool webhook_secret_parse(const char *text, unsigned char key[WEBHOOK_KEY_MAX], size_t *n);
/* A new secret of 32 random bytes, as text. */
void webhook_secret_new(char out[WEBHOOK_SECRET_MAX]);
/* The webhook-signature value of a message: id, timestamp (seconds) and body as sent. */
void webhook_sign(const unsigned char *key, size_t key_len, const char *id, int64_t timestamp,
		  const char *body, size_t body_len, char out[WEBHOOK_SIG_MAX]);

#endif
