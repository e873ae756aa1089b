/* Tests of webhook signatures and secrets (svc/webhook_sig.h) and of the retry schedule and event
 * names (domain/webhook.h). The signatures were computed independently:
 *   printf '%s' '<id>.<timestamp>.<body>' | openssl dgst -sha256 -mac HMAC \
 *     -macopt hexkey:000102…1f -binary | base64
 * and with Python's hmac.new(key, msg, hashlib.sha256); the second vector is the example of the
 * Standard Webhooks specification (secret whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw). */
#include "base/base.h"

#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "domain/webhook.h"
#include "svc/webhook_sig.h"

static void sign_text(const char *secret, const char *id, int64_t ts, const char *body,
		      char out[WEBHOOK_SIG_MAX])
{
	unsigned char key[WEBHOOK_KEY_MAX];
	size_t n;
	assert_true(webhook_secret_parse(secret, key, &n));
	webhook_sign(key, n, id, ts, body, strlen(body), out);
}

static void test_vectors(void **state)
{
	MC_UNUSED(state);
	char sig[WEBHOOK_SIG_MAX];
	sign_text("whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=", "msg_abc_1", 1796266800,
		  "{\"id\":\"msg_abc_1\",\"type\":\"dossier.created\",\"timestamp\":"
		  "\"2026-11-26T09:00:00+07:00\",\"data\":{\"code\":\"001.01.50.H26-261126-0001\","
		  "\"status\":\"received\"}}",
		  sig);
	assert_string_equal(sig, "v1,aSqw+ouJFKHu7QpexOwoh6rmM+npdCyE+Purpwd/+GI=");
	sign_text("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek",
		  1614265330, "{\"test\": 2432232314}", sig);
	assert_string_equal(sig, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
}

static void test_secrets(void **state)
{
	MC_UNUSED(state);
	unsigned char key[WEBHOOK_KEY_MAX];
	size_t n;
	char made[WEBHOOK_SECRET_MAX];
	assert_false(webhook_secret_parse("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", key, &n));
	assert_false(webhook_secret_parse("whsec_", key, &n));
	assert_false(webhook_secret_parse("whsec_c2hvcnQ=", key, &n));     /* 5 bytes */
	assert_false(webhook_secret_parse("whsec_MfKQ9r8GKYqrTwjU!D8I", key, &n)); /* not base64 */
	webhook_secret_new(made);
	assert_int_equal(strlen(made), 6 + 44);
	assert_true(webhook_secret_parse(made, key, &n));
	assert_int_equal(n, 32);
}

static void test_backoff_and_events(void **state)
{
	MC_UNUSED(state);
	/* base 1000, cap 8000: 1000, 2000, 4000, 8000, 8000; jitter keeps half and scales half. */
	assert_int_equal(webhook_backoff_ms(1, 1000, 8000, 0), 500);
	assert_int_equal(webhook_backoff_ms(1, 1000, 8000, 0.5), 750);
	assert_int_equal(webhook_backoff_ms(3, 1000, 8000, 0), 2000);
	assert_int_equal(webhook_backoff_ms(4, 1000, 8000, 0.999), 7996);
	assert_int_equal(webhook_backoff_ms(40, 1000, 8000, 0), 4000);
	assert_string_equal(webhook_event_of("intake", NULL, "received"), "dossier.created");
	assert_string_equal(webhook_event_of("transfer", "received", "processing"),
			    "dossier.status_changed");
	assert_string_equal(webhook_event_of("complete-step", "processing", "processing"),
			    "dossier.step_completed");
	assert_null(webhook_event_of("recompute_due", "processing", "processing"));
	assert_true(webhook_event_known("handover.completed"));
	assert_false(webhook_event_known("ping"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vectors),
		cmocka_unit_test(test_secrets),
		cmocka_unit_test(test_backoff_and_events),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
