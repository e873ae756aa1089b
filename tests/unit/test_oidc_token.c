/* Tests of the ID token checks (svc/oidc_token.c): every named refusal, the allowed algorithms
 * (RS256, PS256, ES256) and those never accepted (none, HS256, others), key choice by kid, type,
 * curve, use and alg, audiences with azp, the clock leeway, and the claims motcua takes (ID number,
 * NFC name). Tokens are signed here with libcjose's own keys. */
#include "base/base.h"

#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <cjose/cjose.h>
#include <sodium.h>

#include "svc/oidc_token.h"

#define ISSUER "https://vneid.example.gov.vn"
#define CLIENT "motcua"
#define NONCE "n-0S6_WzA2Mj"
#define NOW 1796194970
#define NAME_NFC "Nguy\xe1\xbb\x85n Th\xe1\xbb\x8b H\xe1\xba\xb1ng"
#define NAME_NFD "Nguye\xcc\x82\xcc\x83n Thi\xcc\xa3 Ha\xcc\x86\xcc\x80ng"

struct keys {
	cjose_jwk_t *rsa, *rsa_other, *rsa_small, *ec, *ec384, *oct;
	json_t *jwks; /* the public keys of rsa (kid "r1"), ec ("e1"), ec384 ("e3"), oct ("h1") */
};

static struct keys K;

static cjose_jwk_t *with_kid(cjose_jwk_t *k, const char *kid)
{
	assert_non_null(k);
	assert_true(cjose_jwk_set_kid(k, kid, strlen(kid), NULL));
	return k;
}

static json_t *public_json(cjose_jwk_t *k, bool priv)
{
	char *s = cjose_jwk_to_json(k, priv, NULL);
	assert_non_null(s);
	json_t *o = json_loads(s, 0, NULL);
	free(s);
	assert_non_null(o);
	return o;
}

static int setup(void **state)
{
	static const uint8_t e[] = {1, 0, 1};
	MC_UNUSED(state);
	K.rsa = with_kid(cjose_jwk_create_RSA_random(2048, e, sizeof(e), NULL), "r1");
	K.rsa_other = with_kid(cjose_jwk_create_RSA_random(2048, e, sizeof(e), NULL), "r1");
	K.rsa_small = with_kid(cjose_jwk_create_RSA_random(1024, e, sizeof(e), NULL), "r0");
	K.ec = with_kid(cjose_jwk_create_EC_random(CJOSE_JWK_EC_P_256, NULL), "e1");
	K.ec384 = with_kid(cjose_jwk_create_EC_random(CJOSE_JWK_EC_P_384, NULL), "e3");
	K.oct = with_kid(cjose_jwk_create_oct_random(32, NULL), "h1");
	json_t *keys = json_array();
	json_array_append_new(keys, public_json(K.rsa, false));
	json_array_append_new(keys, public_json(K.rsa_small, false));
	json_array_append_new(keys, public_json(K.ec, false));
	json_array_append_new(keys, public_json(K.ec384, false));
	json_array_append_new(keys, public_json(K.oct, true)); /* a symmetric key never counts */
	K.jwks = json_pack("{s:o}", "keys", keys);
	return 0;
}

static int teardown(void **state)
{
	MC_UNUSED(state);
	cjose_jwk_release(K.rsa);
	cjose_jwk_release(K.rsa_other);
	cjose_jwk_release(K.rsa_small);
	cjose_jwk_release(K.ec);
	cjose_jwk_release(K.ec384);
	cjose_jwk_release(K.oct);
	json_decref(K.jwks);
	return 0;
}

/* Claims that pass every check. */
static json_t *good_claims(void)
{
	return json_pack("{s:s, s:s, s:s, s:I, s:I, s:s, s:s, s:s}", "iss", ISSUER, "aud", CLIENT,
			 "sub", "vneid-4711", "iat", (json_int_t)NOW - 5, "exp", (json_int_t)NOW + 600,
			 "nonce", NONCE, "id_number", "001190012345", "name", NAME_NFC);
}

/* Signs claims (taken) with key under alg; kid NULL leaves it out of the header. */
static char *sign(cjose_jwk_t *key, const char *alg, const char *kid, json_t *claims)
{
	json_t *hdr = json_pack("{s:s}", "alg", alg);
	if (kid)
		json_object_set_new(hdr, "kid", json_string(kid));
	char *payload = json_dumps(claims, JSON_COMPACT);
	cjose_err err;
	cjose_jws_t *jws = cjose_jws_sign(key, (cjose_header_t *)hdr, (const uint8_t *)payload,
					  strlen(payload), &err);
	assert_non_null(jws);
	const char *ser = NULL;
	assert_true(cjose_jws_export(jws, &ser, NULL));
	char *out = xstrdup(ser);
	cjose_jws_release(jws);
	free(payload);
	json_decref(hdr);
	json_decref(claims);
	return out;
}

/* A token of three segments built by hand: header and payload JSON texts and a signature. */
static char *by_hand(const char *header, const char *payload, const char *sig)
{
	char h[1024], p[2048];
	sodium_bin2base64(h, sizeof(h), (const unsigned char *)header, strlen(header),
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_bin2base64(p, sizeof(p), (const unsigned char *)payload, strlen(payload),
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	size_t n = strlen(h) + strlen(p) + strlen(sig) + 3;
	char *out = xmalloc(n);
	snprintf(out, n, "%s.%s.%s", h, p, sig);
	return out;
}

static enum oidc_verdict check(const char *token, struct oidc_identity *id)
{
	struct oidc_expect e = {.issuer = ISSUER, .client_id = CLIENT, .nonce = NONCE,
				.id_claim = "id_number", .name_claim = "name", .now = NOW,
				.current_year = 2026};
	return oidc_token_check(token, strlen(token), K.jwks, &e, id);
}

/* Checks a token made from good claims with one member set (value taken) or, value NULL,
 * removed; signs with the RSA key. */
static enum oidc_verdict check_with(const char *member, json_t *value)
{
	struct oidc_identity id;
	json_t *c = good_claims();
	if (value)
		json_object_set_new(c, member, value);
	else
		json_object_del(c, member);
	char *t = sign(K.rsa, "RS256", "r1", c);
	enum oidc_verdict v = check(t, &id);
	free(t);
	return v;
}

static void test_accepts_each_allowed_algorithm(void **state)
{
	struct oidc_identity id;
	MC_UNUSED(state);
	char *rs = sign(K.rsa, "RS256", "r1", good_claims());
	char *ps = sign(K.rsa, "PS256", "r1", good_claims());
	char *es = sign(K.ec, "ES256", "e1", good_claims());
	assert_int_equal(check(rs, &id), OIDC_OK);
	assert_string_equal(id.subject, "vneid-4711");
	assert_string_equal(id.id_number, "001190012345");
	assert_string_equal(id.full_name, NAME_NFC);
	assert_int_equal(check(ps, &id), OIDC_OK);
	assert_int_equal(check(es, &id), OIDC_OK);
	free(rs);
	free(ps);
	free(es);
}

static void test_refuses_none_hmac_and_other_algorithms(void **state)
{
	struct oidc_identity id;
	MC_UNUSED(state);
	json_t *claims = good_claims();
	char *payload = json_dumps(claims, JSON_COMPACT);
	json_decref(claims);
	char *none = by_hand("{\"alg\":\"none\"}", payload, "");
	char *none_kid = by_hand("{\"alg\":\"none\",\"kid\":\"r1\"}", payload, "c2ln");
	/* HS256 keyed with a symmetric key the JWKS even lists: still refused. */
	char *hs = sign(K.oct, "HS256", "h1", good_claims());
	char *rs384 = sign(K.rsa, "RS384", "r1", good_claims());
	char *crit = by_hand("{\"alg\":\"RS256\",\"kid\":\"r1\",\"crit\":[\"exp\"]}", payload, "c2ln");
	assert_int_equal(check(none, &id), OIDC_ALG);
	assert_int_equal(check(none_kid, &id), OIDC_ALG);
	assert_int_equal(check(hs, &id), OIDC_ALG);
	assert_int_equal(check(rs384, &id), OIDC_ALG);
	assert_int_equal(check(crit, &id), OIDC_ALG);
	assert_string_equal(id.id_number, ""); /* nothing is given on a refusal */
	free(payload);
	free(none);
	free(none_kid);
	free(hs);
	free(rs384);
	free(crit);
}

static void test_chooses_the_key_by_kid_type_and_use(void **state)
{
	struct oidc_identity id;
	MC_UNUSED(state);
	char *unknown = sign(K.rsa, "RS256", "r9", good_claims());
	char *no_kid = sign(K.ec, "ES256", NULL, good_claims());
	char *other = sign(K.rsa_other, "RS256", "r1", good_claims()); /* same kid, another key */
	char *small = sign(K.rsa_small, "RS256", "r0", good_claims());
	char *curve = sign(K.ec384, "ES256", "e3", good_claims()); /* ES256 needs P-256 */
	char *kind = sign(K.rsa, "RS256", "e1", good_claims()); /* kid of an EC key */
	assert_int_equal(check(unknown, &id), OIDC_KID_UNKNOWN);
	assert_int_equal(check(no_kid, &id), OIDC_OK);
	assert_int_equal(check(other, &id), OIDC_SIGNATURE);
	assert_int_equal(check(small, &id), OIDC_SIGNATURE);
	assert_int_equal(check(curve, &id), OIDC_SIGNATURE);
	assert_int_equal(check(kind, &id), OIDC_SIGNATURE);
	free(unknown);
	free(no_kid);
	free(other);
	free(small);
	free(curve);
	free(kind);
}

static void test_key_use_and_alg_members_are_respected(void **state)
{
	struct oidc_identity id;
	MC_UNUSED(state);
	json_t *rsa = json_array_get(json_object_get(K.jwks, "keys"), 0);
	char *t = sign(K.rsa, "RS256", "r1", good_claims());
	json_object_set_new(rsa, "use", json_string("enc"));
	assert_int_equal(check(t, &id), OIDC_SIGNATURE);
	json_object_set_new(rsa, "use", json_string("sig"));
	json_object_set_new(rsa, "alg", json_string("PS256"));
	assert_int_equal(check(t, &id), OIDC_SIGNATURE);
	json_object_set_new(rsa, "alg", json_string("RS256"));
	assert_int_equal(check(t, &id), OIDC_OK);
	json_object_del(rsa, "alg");
	json_object_del(rsa, "use");
	free(t);
}

static void test_refuses_a_changed_payload(void **state)
{
	struct oidc_identity id;
	MC_UNUSED(state);
	char *t = sign(K.rsa, "RS256", "r1", good_claims());
	char *t2 = sign(K.rsa, "RS256", "r1", json_pack("{s:s}", "sub", "x"));
	/* The second token's payload under the first token's signature. */
	char *dot1 = strchr(t, '.'), *dot2 = strrchr(t, '.');
	char *p1 = strchr(t2, '.'), *p2 = strrchr(t2, '.');
	size_t n = (size_t)(dot1 - t) + (size_t)(p2 - p1) + strlen(dot2) + 1;
	char *mixed = xmalloc(n);
	snprintf(mixed, n, "%.*s%.*s%s", (int)(dot1 - t), t, (int)(p2 - p1), p1, dot2);
	assert_int_equal(check(mixed, &id), OIDC_SIGNATURE);
	free(t);
	free(t2);
	free(mixed);
}

static void test_refuses_malformed_tokens(void **state)
{
	struct oidc_identity id;
	MC_UNUSED(state);
	char *header = by_hand("[\"RS256\"]", "{}", "c2ln");
	assert_int_equal(check("", &id), OIDC_MALFORMED);
	assert_int_equal(check("abc", &id), OIDC_MALFORMED);
	assert_int_equal(check("a.b.c.d.e", &id), OIDC_MALFORMED); /* an encrypted token (JWE) */
	assert_int_equal(check("ey J.x.y", &id), OIDC_MALFORMED);
	assert_int_equal(check(header, &id), OIDC_MALFORMED);
	/* Signed correctly, but the payload is no JSON object. */
	json_t *hdr = json_pack("{s:s, s:s}", "alg", "RS256", "kid", "r1");
	cjose_jws_t *jws = cjose_jws_sign(K.rsa, (cjose_header_t *)hdr, (const uint8_t *)"[1]", 3,
					  NULL);
	const char *ser = NULL;
	assert_true(cjose_jws_export(jws, &ser, NULL));
	assert_int_equal(check(ser, &id), OIDC_MALFORMED);
	cjose_jws_release(jws);
	/* Duplicate claims: signed text {"sub":"x","sub":"y"}. */
	const char *twice = "{\"sub\":\"x\",\"sub\":\"y\"}";
	jws = cjose_jws_sign(K.rsa, (cjose_header_t *)hdr, (const uint8_t *)twice, strlen(twice),
			     NULL);
	assert_true(cjose_jws_export(jws, &ser, NULL));
	assert_int_equal(check(ser, &id), OIDC_MALFORMED);
	cjose_jws_release(jws);
	json_decref(hdr);
	char big[OIDC_TOKEN_MAX + 2];
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	big[10] = big[20] = '.';
	assert_int_equal(check(big, &id), OIDC_MALFORMED);
	free(header);
}

static void test_issuer_and_audiences(void **state)
{
	MC_UNUSED(state);
	assert_int_equal(check_with("iss", json_string(ISSUER "/")), OIDC_ISSUER);
	assert_int_equal(check_with("iss", NULL), OIDC_ISSUER);
	assert_int_equal(check_with("aud", json_string("another-client")), OIDC_AUDIENCE);
	assert_int_equal(check_with("aud", NULL), OIDC_AUDIENCE);
	assert_int_equal(check_with("aud", json_pack("[s]", CLIENT)), OIDC_OK);
	assert_int_equal(check_with("aud", json_pack("[s, i]", CLIENT, 5)), OIDC_AUDIENCE);
	assert_int_equal(check_with("aud", json_pack("[s, s]", "a", "b")), OIDC_AUDIENCE);
	/* Several audiences need azp = our client id. */
	assert_int_equal(check_with("aud", json_pack("[s, s]", "other", CLIENT)), OIDC_AZP);
	struct oidc_identity id;
	json_t *c = good_claims();
	json_object_set_new(c, "aud", json_pack("[s, s]", "other", CLIENT));
	json_object_set_new(c, "azp", json_string(CLIENT));
	char *t = sign(K.rsa, "RS256", "r1", c);
	assert_int_equal(check(t, &id), OIDC_OK);
	free(t);
	assert_int_equal(check_with("azp", json_string("other")), OIDC_AZP);
}

static void test_times_with_leeway(void **state)
{
	MC_UNUSED(state);
	assert_int_equal(check_with("exp", json_integer(NOW - OIDC_LEEWAY)), OIDC_EXPIRED);
	assert_int_equal(check_with("exp", json_integer(NOW - OIDC_LEEWAY + 1)), OIDC_OK);
	assert_int_equal(check_with("exp", json_real(NOW + 30.5)), OIDC_OK);
	assert_int_equal(check_with("exp", json_string("2099-01-01")), OIDC_EXPIRED);
	assert_int_equal(check_with("exp", NULL), OIDC_EXPIRED);
	assert_int_equal(check_with("iat", json_integer(NOW + OIDC_LEEWAY + 1)), OIDC_IAT);
	assert_int_equal(check_with("iat", json_integer(NOW + OIDC_LEEWAY)), OIDC_OK);
	assert_int_equal(check_with("iat", NULL), OIDC_IAT);
}

static void test_nonce_and_subject(void **state)
{
	MC_UNUSED(state);
	assert_int_equal(check_with("nonce", json_string(NONCE "x")), OIDC_NONCE);
	assert_int_equal(check_with("nonce", json_string("n-0S6_WzA2MJ")), OIDC_NONCE);
	assert_int_equal(check_with("nonce", NULL), OIDC_NONCE);
	assert_int_equal(check_with("nonce", json_integer(1)), OIDC_NONCE);
	assert_int_equal(check_with("sub", NULL), OIDC_SUBJECT);
	assert_int_equal(check_with("sub", json_string("")), OIDC_SUBJECT);
	assert_int_equal(check_with("sub", json_string("a b")), OIDC_SUBJECT);
	char long_sub[300];
	memset(long_sub, 's', sizeof(long_sub) - 1);
	long_sub[sizeof(long_sub) - 1] = '\0';
	assert_int_equal(check_with("sub", json_string(long_sub)), OIDC_SUBJECT);
}

static void test_id_number_claim(void **state)
{
	MC_UNUSED(state);
	assert_int_equal(check_with("id_number", NULL), OIDC_ID_CLAIM);
	assert_int_equal(check_with("id_number", json_string("00119001234")), OIDC_ID_CLAIM);
	assert_int_equal(check_with("id_number", json_string("999190012345")), OIDC_ID_CLAIM);
	assert_int_equal(check_with("id_number", json_string("001190O12345")), OIDC_ID_CLAIM);
	assert_int_equal(check_with("id_number", json_integer(1190012345)), OIDC_ID_CLAIM);
	/* Century digit 2 (born 2000-2099), year 30: 2030 is after 2026. */
	assert_int_equal(check_with("id_number", json_string("001230012345")), OIDC_ID_CLAIM);
}

static void test_name_claim(void **state)
{
	struct oidc_identity id;
	char name[1024];
	MC_UNUSED(state);
	assert_int_equal(check_with("name", NULL), OIDC_NAME_CLAIM);
	assert_int_equal(check_with("name", json_string("")), OIDC_NAME_CLAIM);
	assert_int_equal(check_with("name", json_string("   ")), OIDC_NAME_CLAIM);
	assert_int_equal(check_with("name", json_string("Nguy\n")), OIDC_NAME_CLAIM);
	assert_int_equal(check_with("name", json_integer(7)), OIDC_NAME_CLAIM);
	/* 200 characters pass (each "ễ" is one character of three bytes), 201 do not. */
	name[0] = '\0';
	for (int i = 0; i < 200; i++)
		snprintf(name + strlen(name), sizeof(name) - strlen(name), "\xe1\xbb\x85");
	assert_int_equal(check_with("name", json_string(name)), OIDC_OK);
	snprintf(name + strlen(name), sizeof(name) - strlen(name), "a");
	assert_int_equal(check_with("name", json_string(name)), OIDC_NAME_CLAIM);
	/* A decomposed name is given composed. */
	json_t *c = good_claims();
	json_object_set_new(c, "name", json_string(NAME_NFD));
	char *t = sign(K.rsa, "RS256", "r1", c);
	assert_int_equal(check(t, &id), OIDC_OK);
	assert_string_equal(id.full_name, NAME_NFC);
	free(t);
}

static void test_other_claim_names(void **state)
{
	struct oidc_identity id;
	MC_UNUSED(state);
	json_t *c = good_claims();
	json_object_del(c, "id_number");
	json_object_set_new(c, "cccd", json_string("001085004321"));
	json_object_set_new(c, "ho_ten", json_string("Trần Văn Minh"));
	char *t = sign(K.rsa, "RS256", "r1", c);
	struct oidc_expect e = {.issuer = ISSUER, .client_id = CLIENT, .nonce = NONCE,
				.id_claim = "cccd", .name_claim = "ho_ten", .now = NOW,
				.current_year = 2026};
	assert_int_equal(oidc_token_check(t, strlen(t), K.jwks, &e, &id), OIDC_OK);
	assert_string_equal(id.id_number, "001085004321");
	assert_string_equal(id.full_name, "Trần Văn Minh");
	e.id_claim = "id_number";
	assert_int_equal(oidc_token_check(t, strlen(t), K.jwks, &e, &id), OIDC_ID_CLAIM);
	free(t);
}

static void test_verdict_names(void **state)
{
	MC_UNUSED(state);
	assert_string_equal(oidc_verdict_name(OIDC_SIGNATURE), "signature");
	assert_string_equal(oidc_verdict_name(OIDC_AUDIENCE), "aud");
	assert_string_equal(oidc_verdict_name(OIDC_NAME_CLAIM), "name_claim");
	assert_string_equal(oidc_verdict_name((enum oidc_verdict)99), "unknown");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_accepts_each_allowed_algorithm),
		cmocka_unit_test(test_refuses_none_hmac_and_other_algorithms),
		cmocka_unit_test(test_chooses_the_key_by_kid_type_and_use),
		cmocka_unit_test(test_key_use_and_alg_members_are_respected),
		cmocka_unit_test(test_refuses_a_changed_payload),
		cmocka_unit_test(test_refuses_malformed_tokens),
		cmocka_unit_test(test_issuer_and_audiences),
		cmocka_unit_test(test_times_with_leeway),
		cmocka_unit_test(test_nonce_and_subject),
		cmocka_unit_test(test_id_number_claim),
		cmocka_unit_test(test_name_claim),
		cmocka_unit_test(test_other_claim_names),
		cmocka_unit_test(test_verdict_names),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
