/* ID token checks (oidc_token.h): the header's algorithm against the allow-list, the key chosen
 * from the JWKS by kid and type, the signature by libcjose, then the claims in the order of
 * OpenID Connect Core §3.1.3.7, and last the claims motcua needs (ID number, name). Fetching the
 * keys and the token is svc/oidc.c's work. */
#include "base/base.h"

#include <cjose/cjose.h>
#include <math.h>
#include <sodium.h>

#include "domain/idnum.h"
#include "domain/text.h"
#include "svc/oidc_token.h"

struct alg_rule {
	const char *alg, *kty, *crv;
};

/* Asymmetric algorithms only: "none" and the HMAC family (whose key would be our client
 * secret, known to more than the provider) are never accepted. */
static const struct alg_rule algs[] = {
	{"RS256", "RSA", NULL},
	{"PS256", "RSA", NULL},
	{"ES256", "EC", "P-256"},
};

const char *oidc_verdict_name(enum oidc_verdict v)
{
	static const char *const names[] = {"ok",  "malformed", "alg", "kid_unknown", "signature",
					    "iss", "aud",       "azp", "exp",         "iat",
					    "nonce", "sub",     "id_claim", "name_claim"};
	return (size_t)v < MC_ARRAY_LEN(names) ? names[v] : "unknown";
}

/* A compact JWS: three base64url segments. A JWE (five) is refused here, before any parsing. */
static bool compact_shape(const char *s, size_t len)
{
	size_t dots = 0;
	if (len == 0 || len > OIDC_TOKEN_MAX)
		return false;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (c == '.')
			dots++;
		else if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
			   c == '-' || c == '_'))
			return false;
	}
	return dots == 2;
}

static const char *str_member(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* True when a JWK may check a signature of this algorithm: its type (and curve), and its
 * optional use and alg members, fit. */
static bool key_fits(json_t *k, const struct alg_rule *rule)
{
	const char *kty = str_member(k, "kty"), *use = str_member(k, "use");
	const char *alg = str_member(k, "alg"), *crv = str_member(k, "crv");
	if (!kty || strcmp(kty, rule->kty) != 0)
		return false;
	if (rule->crv && (!crv || strcmp(crv, rule->crv) != 0))
		return false;
	if (json_object_get(k, "use") && (!use || strcmp(use, "sig") != 0))
		return false;
	return !json_object_get(k, "alg") || (alg && strcmp(alg, rule->alg) == 0);
}

static bool verify_with(cjose_jws_t *jws, json_t *k, const struct alg_rule *rule)
{
	cjose_err cerr;
	cjose_jwk_t *jwk = cjose_jwk_import_json((cjose_header_t *)k, &cerr);
	if (!jwk)
		return false;
	bool ok = true;
	if (strcmp(rule->kty, "RSA") == 0 && cjose_jwk_get_keysize(jwk, &cerr) < 2048)
		ok = false; /* shorter RSA keys are breakable */
	if (ok)
		ok = cjose_jws_verify(jws, jwk, &cerr);
	cjose_jwk_release(jwk);
	return ok;
}

/* Verifies with the key named by kid, or, without a kid, with any key that fits. */
static enum oidc_verdict verify(cjose_jws_t *jws, json_t *jwks, const struct alg_rule *rule,
				const char *kid)
{
	json_t *keys = json_object_get(jwks, "keys"), *k;
	size_t i;
	bool kid_seen = false;
	json_array_foreach(keys, i, k) {
		const char *key_kid = str_member(k, "kid");
		if (!json_is_object(k) || (kid && (!key_kid || strcmp(key_kid, kid) != 0)))
			continue;
		kid_seen = true;
		if (key_fits(k, rule) && verify_with(jws, k, rule))
			return OIDC_OK;
	}
	return kid && !kid_seen ? OIDC_KID_UNKNOWN : OIDC_SIGNATURE;
}

/* Reads a NumericDate claim (an integer, or a number with a fraction, which is cut). */
static bool time_claim(json_t *claims, const char *key, int64_t *out)
{
	json_t *v = json_object_get(claims, key);
	if (json_is_integer(v)) {
		*out = (int64_t)json_integer_value(v);
		return true;
	}
	double d = json_real_value(v);
	if (!json_is_real(v) || !isfinite(d) || d < -9e15 || d > 9e15)
		return false;
	*out = (int64_t)d;
	return true;
}

static enum oidc_verdict check_audience(json_t *claims, const char *client_id)
{
	json_t *aud = json_object_get(claims, "aud"), *a;
	json_t *azp = json_object_get(claims, "azp");
	size_t n = 0, i;
	bool ours = false;
	if (json_is_string(aud)) {
		n = 1;
		ours = strcmp(json_string_value(aud), client_id) == 0;
	} else if (json_is_array(aud)) {
		json_array_foreach(aud, i, a) {
			if (!json_is_string(a))
				return OIDC_AUDIENCE;
			ours = ours || strcmp(json_string_value(a), client_id) == 0;
		}
		n = json_array_size(aud);
	}
	if (!ours)
		return OIDC_AUDIENCE;
	if ((n > 1 && !azp) || (azp && (!json_is_string(azp) ||
					strcmp(json_string_value(azp), client_id) != 0)))
		return OIDC_AZP;
	return OIDC_OK;
}

static enum oidc_verdict check_times(json_t *claims, int64_t now)
{
	int64_t exp, iat;
	if (!time_claim(claims, "exp", &exp) || exp + OIDC_LEEWAY <= now)
		return OIDC_EXPIRED;
	if (!time_claim(claims, "iat", &iat) || iat - OIDC_LEEWAY > now)
		return OIDC_IAT;
	return OIDC_OK;
}

static bool nonce_ok(json_t *claims, const char *want)
{
	const char *got = str_member(claims, "nonce");
	size_t n = want ? strlen(want) : 0;
	return got && n > 0 && strlen(got) == n && sodium_memcmp(got, want, n) == 0;
}

/* sub: 1–255 printable ASCII characters (it is logged and stored). */
static bool subject(json_t *claims, struct oidc_identity *out)
{
	const char *sub = str_member(claims, "sub");
	size_t n = sub ? strlen(sub) : 0;
	if (n == 0 || n >= sizeof(out->subject))
		return false;
	for (size_t i = 0; i < n; i++)
		if (sub[i] < 0x21 || sub[i] > 0x7e)
			return false;
	memcpy(out->subject, sub, n + 1);
	return true;
}

static bool id_number(json_t *claims, const struct oidc_expect *e, struct oidc_identity *out)
{
	const char *id = str_member(claims, e->id_claim);
	if (!id || strlen(id) != 12 || idnum_check_person(id, 12, e->current_year) != IDNUM_OK)
		return false;
	memcpy(out->id_number, id, 13);
	return true;
}

/* The name in NFC: 1–200 characters, no control character, not only spaces. */
static bool full_name(json_t *claims, const struct oidc_expect *e, struct oidc_identity *out)
{
	json_t *v = json_object_get(claims, e->name_claim);
	char *nfc = NULL;
	if (!json_is_string(v) || text_nfc(json_string_value(v), json_string_length(v), &nfc))
		return false;
	size_t bytes = strlen(nfc), chars = text_length(nfc, bytes);
	bool ok = chars >= 1 && chars <= OIDC_NAME_MAX && bytes < sizeof(out->full_name) &&
		  strspn(nfc, " ") < bytes;
	for (size_t i = 0; ok && i < bytes; i++)
		ok = (unsigned char)nfc[i] >= 0x20;
	if (ok)
		memcpy(out->full_name, nfc, bytes + 1);
	free(nfc);
	return ok;
}

static enum oidc_verdict check_claims(json_t *claims, const struct oidc_expect *e,
				      struct oidc_identity *out)
{
	enum oidc_verdict v;
	const char *iss = str_member(claims, "iss");
	if (!iss || strcmp(iss, e->issuer) != 0)
		return OIDC_ISSUER;
	if ((v = check_audience(claims, e->client_id)) || (v = check_times(claims, e->now)))
		return v;
	if (!nonce_ok(claims, e->nonce))
		return OIDC_NONCE;
	if (!subject(claims, out))
		return OIDC_SUBJECT;
	if (!id_number(claims, e, out))
		return OIDC_ID_CLAIM;
	return full_name(claims, e, out) ? OIDC_OK : OIDC_NAME_CLAIM;
}

/* Decodes the protected header (the first segment) without trusting anything in it yet. */
static json_t *decode_header(const char *token)
{
	unsigned char raw[2048];
	size_t n = 0;
	const char *dot = strchr(token, '.');
	if (!dot || sodium_base642bin(raw, sizeof(raw), token, (size_t)(dot - token), NULL, &n, NULL,
				      sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
		return NULL;
	json_t *hdr = json_loadb((const char *)raw, n, JSON_REJECT_DUPLICATES, NULL);
	if (!json_is_object(hdr)) {
		json_decref(hdr);
		return NULL;
	}
	return hdr;
}

/* The header's algorithm rule, or NULL when the algorithm is not allowed, crit is present (no
 * extension is understood) or kid is not text. */
static const struct alg_rule *header_rule(json_t *hdr, const char **kid)
{
	const char *alg = str_member(hdr, "alg");
	json_t *k = json_object_get(hdr, "kid");
	*kid = json_string_value(k);
	if (!alg || json_object_get(hdr, "crit") || (k && !*kid))
		return NULL;
	for (size_t i = 0; i < MC_ARRAY_LEN(algs); i++)
		if (strcmp(alg, algs[i].alg) == 0)
			return &algs[i];
	return NULL;
}

enum oidc_verdict oidc_token_check(const char *token, size_t len, json_t *jwks,
				   const struct oidc_expect *e, struct oidc_identity *out)
{
	cjose_err cerr;
	uint8_t *payload = NULL;
	size_t plen = 0;
	const char *kid = NULL;
	json_t *hdr = NULL, *claims = NULL;
	cjose_jws_t *jws = NULL;
	enum oidc_verdict v = OIDC_MALFORMED;
	memset(out, 0, sizeof(*out));
	if (!compact_shape(token, len) || !(hdr = decode_header(token)))
		goto out;
	const struct alg_rule *rule = header_rule(hdr, &kid);
	if (!rule) {
		v = OIDC_ALG;
		goto out;
	}
	if (!(jws = cjose_jws_import(token, len, &cerr)))
		goto out;
	if ((v = verify(jws, jwks, rule, kid)) != OIDC_OK)
		goto out;
	v = OIDC_MALFORMED;
	if (!cjose_jws_get_plaintext(jws, &payload, &plen, &cerr))
		goto out;
	claims = json_loadb((const char *)payload, plen, JSON_REJECT_DUPLICATES, NULL);
	if (json_is_object(claims))
		v = check_claims(claims, e, out);
out:
	json_decref(claims);
	json_decref(hdr);
	cjose_jws_release(jws);
	if (v != OIDC_OK)
		memset(out, 0, sizeof(*out));
	return v;
}
