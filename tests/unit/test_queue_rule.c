/* Tests of the queue's call rule (domain/queue.h): a ticket transferred to the counter first, then
 * priority tickets, but an ordinary ticket at least every N calls while ordinary ones wait; the
 * exact order of a day's calls for several N; and the board's announcement text. */
#include "base/base.h"

#include <setjmp.h>
#include <stdarg.h>
#include <cmocka.h>

#include "domain/queue.h"

/* Calls every ticket of `kinds` ('P' priority, 'O' ordinary, in number order from 1) from one
 * counter with the rule and writes the numbers called, in order, to `order` (comma-separated). */
static void simulate(const char *kinds, int every, char *order, size_t size)
{
	size_t n = strlen(kinds);
	bool called[32] = {false};
	int64_t streak = 0;
	order[0] = '\0';
	assert_true(n < 32);
	for (size_t call = 0; call < n; call++) {
		size_t first_p = n, first_o = n;
		for (size_t i = n; i-- > 0;) {
			if (called[i])
				continue;
			if (kinds[i] == 'P')
				first_p = i;
			else
				first_o = i;
		}
		bool p = first_p < n, o = first_o < n;
		enum queue_pick pick = queue_rule_pick(false, p, o, streak, every);
		assert_int_not_equal(pick, QUEUE_PICK_NONE);
		size_t take = pick == QUEUE_PICK_PRIORITY ? first_p : first_o;
		streak = queue_rule_streak(pick, o, streak);
		called[take] = true;
		size_t len = strlen(order);
		snprintf(order + len, size - len, "%s%zu", len ? "," : "", take + 1);
	}
}

static void test_rule_order(void **state)
{
	(void)state;
	char order[128];
	/* N = 3 (the default): at most two priority tickets in a row past waiting ordinary ones. */
	simulate("OOPPPPOO", QUEUE_ORDINARY_EVERY, order, sizeof(order));
	assert_string_equal(order, "3,4,1,5,6,2,7,8");
	/* N = 2: priority and ordinary alternate. */
	simulate("OOPPPPOO", 2, order, sizeof(order));
	assert_string_equal(order, "3,1,4,2,5,7,6,8");
	/* N = 5: four priority tickets before the first ordinary one. */
	simulate("OOPPPPPO", 5, order, sizeof(order));
	assert_string_equal(order, "3,4,5,6,1,7,2,8");
	/* Only priority tickets: all of them in number order, nothing to let through. */
	simulate("PPPP", 2, order, sizeof(order));
	assert_string_equal(order, "1,2,3,4");
	/* Only ordinary tickets: number order. */
	simulate("OOO", 3, order, sizeof(order));
	assert_string_equal(order, "1,2,3");
	/* An ordinary ticket behind four priority ones is the third called. */
	simulate("PPPPO", 3, order, sizeof(order));
	assert_string_equal(order, "1,2,5,3,4");
}

static void test_rule_cases(void **state)
{
	(void)state;
	assert_int_equal(queue_rule_pick(false, false, false, 0, 3), QUEUE_PICK_NONE);
	assert_int_equal(queue_rule_pick(true, true, true, 0, 3), QUEUE_PICK_DIRECTED);
	assert_int_equal(queue_rule_pick(false, true, true, 1, 3), QUEUE_PICK_PRIORITY);
	assert_int_equal(queue_rule_pick(false, true, true, 2, 3), QUEUE_PICK_ORDINARY);
	assert_int_equal(queue_rule_pick(false, true, false, 9, 3), QUEUE_PICK_PRIORITY);
	assert_int_equal(queue_rule_pick(false, false, true, 0, 3), QUEUE_PICK_ORDINARY);
	/* An N below 2 would starve priority tickets: it is taken as 2. */
	assert_int_equal(queue_rule_pick(false, true, true, 0, 1), QUEUE_PICK_PRIORITY);
	assert_int_equal(queue_rule_pick(false, true, true, 1, 0), QUEUE_PICK_ORDINARY);
	assert_int_equal(queue_rule_streak(QUEUE_PICK_PRIORITY, true, 1), 2);
	assert_int_equal(queue_rule_streak(QUEUE_PICK_PRIORITY, false, 1), 0);
	assert_int_equal(queue_rule_streak(QUEUE_PICK_ORDINARY, true, 2), 0);
	assert_int_equal(queue_rule_streak(QUEUE_PICK_DIRECTED, true, 2), 2);
	assert_int_equal(queue_rule_streak(QUEUE_PICK_NONE, false, 1), 1);
	assert_true(queue_priority_known(NULL));
	assert_true(queue_priority_known(""));
	assert_true(queue_priority_known("appointment"));
	assert_true(queue_priority_known("elderly"));
	assert_false(queue_priority_known("vip"));
	assert_false(queue_priority_known("Elderly"));
}

static void test_announcement(void **state)
{
	(void)state;
	char text[96];
	queue_announcement(12, 3, text, sizeof(text));
	assert_string_equal(text, "Mời khách hàng số 0012 đến quầy số 3");
	queue_announcement(9999, 99, text, sizeof(text));
	assert_string_equal(text, "Mời khách hàng số 9999 đến quầy số 99");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rule_order),
		cmocka_unit_test(test_rule_cases),
		cmocka_unit_test(test_announcement),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
