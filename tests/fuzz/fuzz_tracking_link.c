/* Fuzzes what a tracking link and a receipt check read from their URL: the query of
 * "/track/{code}?s=<secret>&sig=<signature>" and of "/api/v1/public/receipts/verify?code=&sig="
 * decoded as the server decodes it, the secret compared with a dossier's (svc/tracking.c) and the
 * signature decoded and checked (svc/receipts.c) with a fixed key pair.
 *
 * Beyond not crashing: a secret matches only when it is the dossier's; a signature is valid only
 * when it is, character for character, the one receipts_sign() writes for that code and
 * reception time (base64url is read canonically and Ed25519 signatures are not malleable); and
 * signing the input's code and time, then checking, is valid. */
#include "base/base.h"

#include <sodium.h>

#include "fuzz_common.h"
#include "svc/receipts.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static unsigned char pk[32], sk[64];
static struct svc_state state;

static void init(void)
{
	if (sodium_init() < 0)
		abort();
	unsigned char seed[32];
	memset(seed, 7, sizeof(seed));
	crypto_sign_seed_keypair(pk, sk, seed);
	memcpy(state.receipt_pk, pk, 32);
	memcpy(state.receipt_sk, sk, 64);
	state.receipts_ready = true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool ready;
	static const char secret[] = "ABCDEFGHJK";
	if (!ready) {
		init();
		ready = true;
	}
	struct req r;
	req_offline_init(&r, "GET", "/track");
	char *line = fuzz_line(&r.arena, &data, &size);
	fuzz_query(&r, line);
	const char *s = req_arg(&r, "s"), *sig = req_arg(&r, "sig");
	const char *code = req_arg(&r, "code");
	if (!code)
		code = "001.01.50.H26-261126-0001";
	int64_t received_at = 1795651200 + (int64_t)(size % 100000);

	if (dossier_secret_matches(s, secret) != (s && strcmp(s, secret) == 0)) {
		fprintf(stderr, "the secret \"%s\" matched wrongly\n", s ? s : "(none)");
		abort();
	}

	struct dossier d;
	char want[96];
	memset(&d, 0, sizeof(d));
	snprintf(d.code, sizeof(d.code), "%s", code);
	d.received_at = received_at;
	bool signed_ok = receipts_sign(&state, &d, want) == MC_OK;
	unsigned char bin[64];
	if (sig && receipts_sig_decode(sig, bin) &&
	    receipts_check(pk, d.code, received_at, bin) && (!signed_ok || strcmp(sig, want) != 0)) {
		fprintf(stderr, "sig=%s is valid for \"%s\" but is not its signature\n", sig, d.code);
		abort();
	}
	if (signed_ok && (!receipts_sig_decode(want, bin) || !receipts_check(pk, d.code, received_at, bin))) {
		fprintf(stderr, "the signature of \"%s\" does not check\n", d.code);
		abort();
	}
	req_offline_release(&r);
	return 0;
}
