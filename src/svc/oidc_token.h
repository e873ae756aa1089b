/* The checks of an OpenID Connect ID token (OpenID Connect Core 1.0 §3.1.3.7), as a pure function:
 * the token, the provider's keys (a JWKS) and what is expected in; the person's identity or the
 * named reason of the refusal out. No I/O and no clock of its own, so every refusal has a unit
 * test. Signatures are verified by libcjose; this file only chooses the key and reads claims. */
#ifndef MC_OIDC_TOKEN_H
#define MC_OIDC_TOKEN_H

#include <jansson.h>

#include "base/base.h"

#define OIDC_TOKEN_MAX 16384 /* bytes of a compact ID token */
#define OIDC_LEEWAY 60       /* seconds of clock difference allowed on exp and iat */
#define OIDC_NAME_MAX 200    /* characters of the full name */

enum oidc_verdict {
	OIDC_OK = 0,
	OIDC_MALFORMED,   /* not a compact JWS with a JSON object as payload */
	OIDC_ALG,         /* alg outside RS256, PS256, ES256 (so never none or HS*), or crit */
	OIDC_KID_UNKNOWN, /* the header's kid is not in the JWKS: the provider may have rotated */
	OIDC_SIGNATURE,   /* no key of the JWKS verifies it */
	OIDC_ISSUER,      /* iss is not the expected issuer */
	OIDC_AUDIENCE,    /* aud does not hold our client id */
	OIDC_AZP,         /* several audiences without azp = our client id, or another azp */
	OIDC_EXPIRED,     /* exp missing or passed (beyond the leeway) */
	OIDC_IAT,         /* iat missing or in the future (beyond the leeway) */
	OIDC_NONCE,       /* nonce missing or not the one of this login */
	OIDC_SUBJECT,     /* sub missing, empty or longer than 255 */
	OIDC_ID_CLAIM,    /* the ID number claim missing or not a valid personal ID number */
	OIDC_NAME_CLAIM,  /* the name claim missing, not text, or not 1–200 characters */
};

/* A short name of a verdict for logs ("signature", "aud", ...). */
const char *oidc_verdict_name(enum oidc_verdict v);

struct oidc_expect {
	const char *issuer;     /* the discovered issuer */
	const char *client_id;
	const char *nonce;      /* the nonce stored with the pending login */
	const char *id_claim;   /* the claim holding the 12-digit ID number ("id_number") */
	const char *name_claim; /* the claim holding the full name ("name") */
	int64_t now;            /* the real clock, seconds */
	int current_year;       /* for the ID number's birth year (domain clock) */
};

struct oidc_identity {
	char subject[256];
	char id_number[13];
	char full_name[4 * OIDC_NAME_MAX + 1]; /* NFC */
};

/* Checks token (len bytes, compact serialization) against jwks ({"keys": [...]}; borrowed, only
 * read, so one JWKS may be shared by threads). On OIDC_OK *out holds the identity. Thread-safe. */
enum oidc_verdict oidc_token_check(const char *token, size_t len, json_t *jwks,
				   const struct oidc_expect *e, struct oidc_identity *out);

#endif
