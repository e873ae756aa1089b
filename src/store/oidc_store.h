/* Pending logins through the national identity provider (SQL only): what GET /auth/oidc/login
 * must remember until the provider sends the browser back to the callback. */
#ifndef MC_OIDC_STORE_H
#define MC_OIDC_STORE_H

#include "store/db.h"

#define OIDC_STATE_HASH_LEN 32
#define OIDC_RETURN_MAX 256

struct oidc_pending {
	char nonce[64];    /* base64url of random bytes */
	char verifier[64]; /* the PKCE code verifier, base64url of random bytes */
	char return_to[OIDC_RETURN_MAX + 1]; /* "" when none */
	int64_t created_at;
};

/* Deletes the pending logins created before `before`, then counts those left into *left. */
enum mc_err oidcstore_prune(struct db *db, int64_t before, int64_t *left);
/* Stores a pending login under the hash of its state. MC_ECONFLICT when the hash exists. */
enum mc_err oidcstore_insert(struct db *db, const unsigned char hash[OIDC_STATE_HASH_LEN],
			     const struct oidc_pending *p);
/* Deletes the pending login of a state hash and gives what it held (one statement, so two
 * callbacks with the same state can never both get it). MC_ENOTFOUND when there is none. */
enum mc_err oidcstore_take(struct db *db, const unsigned char hash[OIDC_STATE_HASH_LEN],
			   struct oidc_pending *out);

#endif
