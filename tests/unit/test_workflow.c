/* Tests of the workflow rules (domain/workflow.h): when a delegation is in force, with its
 * edges, and which steps a dossier may be sent back to. */
#include "base/base.h"

#include <setjmp.h>
#include <stdarg.h>
#include <cmocka.h>

#include "domain/workflow.h"

static void test_force_edges(void **state)
{
	(void)state;
	struct delegation g = {.valid_from = 1000, .valid_to = 2000};
	assert_int_equal(wf_delegation_force(&g, 999), WF_NOT_YET);
	assert_int_equal(wf_delegation_force(&g, 1000), WF_IN_FORCE);
	assert_int_equal(wf_delegation_force(&g, 1999), WF_IN_FORCE);
	assert_int_equal(wf_delegation_force(&g, 2000), WF_LAPSED);
	g.valid_to = 0; /* no end */
	assert_int_equal(wf_delegation_force(&g, 1000000), WF_IN_FORCE);
	g.ended_at = 1500;
	assert_int_equal(wf_delegation_force(&g, 1499), WF_IN_FORCE);
	assert_int_equal(wf_delegation_force(&g, 1500), WF_ENDED);
	g.valid_to = 1200; /* ended after it lapsed: reads ended */
	assert_int_equal(wf_delegation_force(&g, 1600), WF_ENDED);
	assert_int_equal(wf_delegation_force(&g, 1300), WF_LAPSED);
	assert_string_equal(wf_force_name(WF_IN_FORCE), "in_force");
	assert_string_equal(wf_force_name(WF_NOT_YET), "not_yet_valid");
	assert_string_equal(wf_force_name(WF_LAPSED), "lapsed");
	assert_string_equal(wf_force_name(WF_ENDED), "ended");
}

static void test_send_back(void **state)
{
	(void)state;
	assert_true(wf_send_back_ok(2, 1, 2));
	assert_true(wf_send_back_ok(3, 1, 3));
	assert_true(wf_send_back_ok(3, 2, 3));
	assert_false(wf_send_back_ok(3, 3, 3)); /* not earlier */
	assert_false(wf_send_back_ok(2, 3, 3)); /* later */
	assert_false(wf_send_back_ok(1, 0, 3)); /* no step 0 */
	assert_false(wf_send_back_ok(3, -1, 3));
	assert_false(wf_send_back_ok(0, 1, 3)); /* at no step */
	assert_false(wf_send_back_ok(4, 1, 3)); /* past the plan */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_force_edges),
		cmocka_unit_test(test_send_back),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
