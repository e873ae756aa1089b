/* Fuzzes the ID token checks of svc/oidc_token.c. The first byte picks how the rest is used: even,
 * as a compact token as the provider might send it (header decoding, algorithm and key choice,
 * libcjose's parsing); odd, as a claims text that is signed here with a known ES256 key, so that
 * the claim checks see arbitrary JSON behind a valid signature. Neither crashes or leaks, and
 * OIDC_OK implies a subject, a 12-digit ID number and a name. */
#include "base/base.h"

#include <cjose/cjose.h>

#include "svc/oidc_token.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static cjose_jwk_t *key;
static json_t *jwks;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	MC_UNUSED(argc);
	MC_UNUSED(argv);
	key = cjose_jwk_create_EC_random(CJOSE_JWK_EC_P_256, NULL);
	cjose_jwk_set_kid(key, "k1", 2, NULL);
	char *pub = cjose_jwk_to_json(key, false, NULL);
	jwks = json_pack("{s:[o]}", "keys", json_loads(pub, 0, NULL));
	free(pub);
	return 0;
}

static void check(const char *token, size_t len)
{
	struct oidc_identity id;
	struct oidc_expect e = {.issuer = "https://vneid.example", .client_id = "motcua",
				.nonce = "n", .id_claim = "id_number", .name_claim = "name",
				.now = 1796194970, .current_year = 2026};
	if (oidc_token_check(token, len, jwks, &e, &id) != OIDC_OK)
		return;
	if (!id.subject[0] || strlen(id.id_number) != 12 || !id.full_name[0]) {
		fprintf(stderr, "oidc_token_check accepted a token without the identity\n");
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	if ((data[0] & 1) == 0) {
		char *token = xstrndup((const char *)data + 1, size - 1);
		check(token, strlen(token));
		free(token);
		return 0;
	}
	json_t *hdr = json_pack("{s:s, s:s}", "alg", "ES256", "kid", "k1");
	cjose_jws_t *jws = cjose_jws_sign(key, (cjose_header_t *)hdr, data + 1, size - 1, NULL);
	const char *ser = NULL;
	if (jws && cjose_jws_export(jws, &ser, NULL))
		check(ser, strlen(ser));
	cjose_jws_release(jws);
	json_decref(hdr);
	return 0;
}
