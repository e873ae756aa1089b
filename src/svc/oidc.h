/* Login through the national identity provider (VNeID) with OpenID Connect: the authorization
 * code flow with PKCE (S256), state and nonce. The provider's metadata is discovered on first use
 * and its signing keys (JWKS) are cached, refetched once when a token names an unknown key, at
 * most once per configured interval. Outbound calls block for up to 10 s each: callers run these
 * functions on the slow pool. Thread-safe. */
#ifndef MC_OIDC_H
#define MC_OIDC_H

#include "svc/auth.h"
#include "svc/oidc_token.h"
#include "svc/svc.h"

#define OIDC_PENDING_TTL 600 /* seconds a pending login waits for the provider's answer */

struct oidc_provider;

/* What is wrong with the identity provider's configuration (a sentence for the operator), or
 * NULL when it can be used: an https issuer (or http to this machine), a client id and secret,
 * claim names, and a scope holding "openid". */
const char *oidc_config_problem(const struct svc_config *cfg);

/* The provider of cfg->oidc_issuer (nothing is fetched yet), or NULL when none is configured. */
struct oidc_provider *oidc_provider_new(const struct svc_config *cfg);
/* Frees the provider and its cached keys; accepts NULL. */
void oidc_provider_free(struct oidc_provider *p);

/* True when an identity provider is configured. */
bool oidc_enabled(struct svc_state *s);

/* Starts a login: discovers the provider if needed, stores a pending login (random state, nonce
 * and PKCE verifier, and return_to: NULL, or a path of the web UI starting with "/#/") and sets
 * *url to the provider's authorization URL and *state to the state (both in the arena), which
 * the browser must keep (struct oidc_answer). MC_ENOTFOUND without a provider,
 * MC_EINVAL for a bad return_to (field "return_to"), MC_EBUSY when too many logins are pending,
 * MC_EIO when the provider cannot be discovered; *why then says why, for the log. */
enum mc_err oidc_begin(struct svc_ctx *ctx, const char *return_to, const char **url,
		       const char **state, const char **why);

/* The provider's answer as the browser brings it to the callback (each NULL when absent), and
 * the state the browser was given in a cookie when the login started: the two must be equal, so
 * that nobody can finish a login started in another browser (login CSRF). */
struct oidc_answer {
	const char *code, *state, *iss, *error;
	const char *browser_state;
};

/* Ends a login: takes the pending login of the state (at most once, even when what follows
 * fails), exchanges the code at the token endpoint with the PKCE verifier, checks the ID token
 * (oidc_token.h) and logs the verified citizen in (citizens_login_verified, via "vneid" with the
 * token's sub: the verified account of the number, found or created; a session in *out). *return_to gets the stored
 * path or NULL. MC_EAUTH when anything is refused, MC_EIO when the provider cannot be reached:
 * *why then says why for the log (never a token). Nothing is created unless all checks pass. */
enum mc_err oidc_finish(struct svc_ctx *ctx, const struct oidc_answer *a, struct auth_session *out,
			const char **return_to, const char **why);

#endif
