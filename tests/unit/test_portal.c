/* Tests of the national portal sync's pure rules (domain/portal.h: the status mapping of
 * docs/portal.md, events, receipts, agency codes) and of its configuration check
 * (svc/portal.h's portal_config_problem). */
#include "base/base.h"

#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "domain/dossier_state.h"
#include "domain/portal.h"
#include "svc/portal.h"

static void test_mapping(void **state)
{
	MC_UNUSED(state);
	/* docs/portal.md's table, row by row */
	static const char *const rows[][2] = {
		{"submitted", "receiving"},         {"needs_completion", "waiting"},
		{"received", "processing"},         {"processing", "processing"},
		{"awaiting_supplement", "waiting"}, {"ready_for_return", "releasing"},
		{"returned", "done"},               {"stopped", "cancelled"},
		{"refused", "denied"},
	};
	for (size_t i = 0; i < MC_ARRAY_LEN(rows); i++)
		assert_string_equal(portal_status_of(rows[i][0]), rows[i][1]);
	/* every status of the domain has a portal status */
	for (int s = 0; s < DS_NSTATUS; s++)
		assert_non_null(portal_status_of(ds_status_name((enum ds_status)s)));
	assert_null(portal_status_of(NULL));
	assert_null(portal_status_of("unknown"));
	assert_null(portal_status_of("Received"));
}

static void test_events_receipts_agencies(void **state)
{
	MC_UNUSED(state);
	assert_true(portal_event_sent("dossier.created"));
	assert_true(portal_event_sent("dossier.status_changed"));
	assert_false(portal_event_sent("dossier.step_completed"));
	assert_false(portal_event_sent("dossier.extended"));
	assert_false(portal_event_sent("ping"));
	assert_false(portal_event_sent(NULL));

	char long_receipt[PORTAL_RECEIPT_MAX + 2];
	memset(long_receipt, 'A', sizeof(long_receipt) - 1);
	long_receipt[sizeof(long_receipt) - 1] = '\0';
	assert_true(portal_receipt_ok("DVC-2026-000123"));
	assert_false(portal_receipt_ok(long_receipt));
	long_receipt[PORTAL_RECEIPT_MAX] = '\0';
	assert_true(portal_receipt_ok(long_receipt));
	assert_false(portal_receipt_ok(""));
	assert_false(portal_receipt_ok(NULL));
	assert_false(portal_receipt_ok("a\nb"));
	assert_false(portal_receipt_ok("mã-số")); /* not ASCII */

	assert_true(portal_agency_ok("000.00.01.H26"));
	assert_true(portal_agency_ok("A_b-9"));
	assert_false(portal_agency_ok(""));
	assert_false(portal_agency_ok(NULL));
	assert_false(portal_agency_ok("a b"));
	assert_false(portal_agency_ok("a/b"));
}

static void test_config(void **state)
{
	MC_UNUSED(state);
	struct svc_config c = {0};
	assert_null(portal_config_problem(&c)); /* no portal */
	c.portal_agency = "000.00.01.H26";
	assert_string_equal(portal_config_problem(&c), "--portal-agency needs --portal-url");
	c.portal_url = "https://dichvucong.example.vn/api/sync";
	assert_null(portal_config_problem(&c));
	c.portal_url = "ftp://dichvucong.example.vn/";
	assert_non_null(portal_config_problem(&c));
	c.portal_url = "https://user:pw@dichvucong.example.vn/";
	assert_non_null(portal_config_problem(&c));
	c.portal_url = "http:///x";
	assert_non_null(portal_config_problem(&c));
	c.portal_url = "http://127.0.0.1:8080/sync";
	assert_null(portal_config_problem(&c));
	c.portal_token = "token with space";
	assert_non_null(portal_config_problem(&c));
	c.portal_token = "abc.DEF-123_~+/=";
	assert_null(portal_config_problem(&c));
	c.portal_agency = NULL;
	assert_non_null(portal_config_problem(&c));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mapping),
		cmocka_unit_test(test_events_receipts_agencies),
		cmocka_unit_test(test_config),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
