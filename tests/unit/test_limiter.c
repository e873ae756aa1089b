/* Tests of the failure limiter: keys are exact (two keys that shared a hash slot in the old table
 * are limited each on its own), the window ends and restarts, a full table evicts only the oldest
 * expired entry and never resets a live one (the failure is then not counted). */
#include "base/base.h"

#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "svc/limiter.h"

static void fail_n(struct limiter *l, const char *key, int n, int64_t now)
{
	for (int i = 0; i < n; i++)
		assert_true(limiter_fail(l, key, now));
}

static void test_exact_keys(void **state)
{
	MC_UNUSED(state);
	struct limiter *l = limiter_new(1024, 3, 300);
	int64_t retry = 0;
	/* Alternating addresses (they collided in the old 1024-slot table) both reach the limit. */
	for (int i = 0; i < 3; i++) {
		assert_int_equal(limiter_check(l, "127.0.0.1", 1000, &retry), MC_OK);
		assert_int_equal(limiter_check(l, "127.0.0.14", 1000, &retry), MC_OK);
		assert_true(limiter_fail(l, "127.0.0.1", 1000 + i));
		assert_true(limiter_fail(l, "127.0.0.14", 1000 + i));
	}
	assert_int_equal(limiter_check(l, "127.0.0.1", 1010, &retry), MC_ETOOMANY);
	assert_int_equal(retry, 290);
	assert_int_equal(limiter_check(l, "127.0.0.14", 1299, &retry), MC_ETOOMANY);
	assert_int_equal(retry, 1);
	assert_int_equal(limiter_check(l, "127.0.0.2", 1010, &retry), MC_OK);
	/* The window passes: allowed again, and a new failure starts a new window. */
	assert_int_equal(limiter_check(l, "127.0.0.1", 1300, &retry), MC_OK);
	assert_true(limiter_fail(l, "127.0.0.1", 1300));
	fail_n(l, "127.0.0.1", 1, 1301);
	assert_int_equal(limiter_check(l, "127.0.0.1", 1302, &retry), MC_OK);
	fail_n(l, "127.0.0.1", 1, 1302);
	assert_int_equal(limiter_check(l, "127.0.0.1", 1303, &retry), MC_ETOOMANY);
	assert_int_equal(retry, 297);
	assert_int_equal(limiter_size(l), 2);
	limiter_free(l);
}

static void test_full_table(void **state)
{
	MC_UNUSED(state);
	struct limiter *l = limiter_new(3, 2, 100);
	int64_t retry = 0;
	fail_n(l, "a", 2, 0);  /* window 0..100 */
	fail_n(l, "b", 2, 10); /* 10..110 */
	fail_n(l, "c", 1, 20); /* 20..120 */
	/* Full of live entries: "d" is not counted, nobody is reset. */
	assert_false(limiter_fail(l, "d", 50));
	assert_false(limiter_fail(l, "d", 50));
	assert_int_equal(limiter_uncounted(l), 2);
	assert_int_equal(limiter_check(l, "d", 50, &retry), MC_OK);
	assert_int_equal(limiter_check(l, "a", 50, &retry), MC_ETOOMANY);
	assert_int_equal(limiter_check(l, "b", 50, &retry), MC_ETOOMANY);
	/* "a" restarts its window at 100: it becomes the newest, so at 115 the oldest expired entry
	 * is "b" (10..110), evicted for "d"; "a" and "c" keep their counts. */
	fail_n(l, "a", 2, 100);
	assert_true(limiter_fail(l, "d", 115));
	assert_int_equal(limiter_check(l, "a", 115, &retry), MC_ETOOMANY);
	assert_true(limiter_fail(l, "c", 115));
	assert_int_equal(limiter_check(l, "c", 115, &retry), MC_ETOOMANY);
	assert_int_equal(limiter_check(l, "b", 115, &retry), MC_OK);
	/* Now c (20..120) is the oldest and still live at 119: "e" is not counted. */
	assert_false(limiter_fail(l, "e", 119));
	assert_true(limiter_fail(l, "d", 119));
	assert_int_equal(limiter_check(l, "d", 119, &retry), MC_ETOOMANY);
	/* At 120 "c" has expired and gives its place to "e". */
	assert_true(limiter_fail(l, "e", 120));
	assert_int_equal(limiter_check(l, "c", 120, &retry), MC_OK);
	assert_int_equal(limiter_size(l), 3);
	limiter_free(l);
}

/* Keys longer than the key size are cut, never overflow. */
static void test_long_key(void **state)
{
	MC_UNUSED(state);
	struct limiter *l = limiter_new(4, 1, 10);
	char key[200];
	memset(key, 'k', sizeof(key) - 1);
	key[sizeof(key) - 1] = '\0';
	int64_t retry;
	assert_true(limiter_fail(l, key, 0));
	assert_int_equal(limiter_check(l, key, 1, &retry), MC_ETOOMANY);
	limiter_free(l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exact_keys),
		cmocka_unit_test(test_full_table),
		cmocka_unit_test(test_long_key),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
