/* Standard Webhooks signatures (webhook_sig.h) with libsodium's HMAC-SHA256 and base64. Keys
 * are wiped from the stack once used. */
#include "base/base.h"

#include <sodium.h>

#include "svc/webhook_sig.h"

#define PREFIX "whsec_"

bool webhook_secret_parse(const char *text, unsigned char key[WEBHOOK_KEY_MAX], size_t *n)
{
	size_t plen = strlen(PREFIX);
	*n = 0;
	if (!text || strncmp(text, PREFIX, plen) != 0 || strlen(text) >= WEBHOOK_SECRET_MAX)
		return false;
	const char *b64 = text + plen, *end = NULL;
	if (sodium_base642bin(key, WEBHOOK_KEY_MAX, b64, strlen(b64), NULL, n, &end,
			      sodium_base64_VARIANT_ORIGINAL) != 0 ||
	    *end != '\0' || *n < WEBHOOK_KEY_MIN) {
		sodium_memzero(key, WEBHOOK_KEY_MAX);
		*n = 0;
		return false;
	}
	return true;
}

void webhook_secret_new(char out[WEBHOOK_SECRET_MAX])
{
	unsigned char key[32];
	size_t plen = strlen(PREFIX);
	randombytes_buf(key, sizeof(key));
	memcpy(out, PREFIX, plen);
	sodium_bin2base64(out + plen, WEBHOOK_SECRET_MAX - plen, key, sizeof(key),
			  sodium_base64_VARIANT_ORIGINAL);
	sodium_memzero(key, sizeof(key));
}

void webhook_sign(const unsigned char *key, size_t key_len, const char *id, int64_t timestamp,
		  const char *body, size_t body_len, char out[WEBHOOK_SIG_MAX])
{
	crypto_auth_hmacsha256_state st;
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	char ts[24];
	int tn = snprintf(ts, sizeof(ts), "%lld", (long long)timestamp);
	crypto_auth_hmacsha256_init(&st, key, key_len);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)id, strlen(id));
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)".", 1);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)ts, (unsigned long long)tn);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)".", 1);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)body, body_len);
	crypto_auth_hmacsha256_final(&st, mac);
	sodium_memzero(&st, sizeof(st));
	memcpy(out, "v1,", 3);
	sodium_bin2base64(out + 3, WEBHOOK_SIG_MAX - 3, mac, sizeof(mac),
			  sodium_base64_VARIANT_ORIGINAL);
}
