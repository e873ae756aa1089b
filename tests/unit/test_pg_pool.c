/* Tests of what the PostgreSQL connections of one pool share about reconnecting (db_pg_link.h):
 * one reconnection at a time while the database is unreachable, a pause after a failure, the host
 * found tried first, and a failure that began before another link's success not taken as news
 * (the failover case: one link waits connect_timeout on the lost primary while another reaches
 * the promoted standby). No server is needed: the pool's bookkeeping alone. */
#include "base/base.h"

#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>
#include <cmocka.h>

#include "store/db_pg_link.h"

/* After a failure, wait out the pause (PG_RETRY_MS and a little) so that the next attempt may
 * probe. */
static void after_pause(void)
{
	long ms = PG_RETRY_MS + 60;
	struct timespec t = {.tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000L};
	while (nanosleep(&t, &t) != 0) {
	}
}

/* The pool refuses a reconnection within the pause after the failure recorded at failed_at. A
 * machine that stalled past the pause between the two calls lets it through: then it must have
 * been past, and the attempt fails again (the pool stays down, as the test expects). */
static void assert_paused(struct pg_pool *p, int64_t failed_at)
{
	struct pg_attempt x;
	if (!db__pg_pool_begin(p, &x))
		return;
	assert_true(mono_ms() - failed_at >= PG_RETRY_MS);
	db__pg_pool_end(p, &x, false, 0);
}

static void test_failure_then_pause(void **state)
{
	MC_UNUSED(state);
	struct pg_pool *p = db__pg_pool_new();
	struct pg_attempt a, b, c;
	assert_true(db__pg_pool_begin(p, &a));
	assert_false(a.prober); /* the pool was up: no one waits for it */
	int64_t t = mono_ms();
	db__pg_pool_end(p, &a, false, 0);
	/* down: the next link gets its 503 at once, without a connection attempt */
	assert_paused(p, t);
	after_pause();
	assert_true(db__pg_pool_begin(p, &b));
	assert_true(b.prober);
	/* one at a time while down */
	assert_false(db__pg_pool_begin(p, &c));
	db__pg_pool_end(p, &b, true, 1);
	assert_true(db__pg_pool_begin(p, &c));
	assert_false(c.prober);
	assert_int_equal(c.first, 1); /* the host found last */
	db__pg_pool_end(p, &c, true, 1);
	db__pg_pool_free(p);
}

/* The failover: link A begins while the pool is up and waits on the lost host; link B begins,
 * reaches the promoted standby and succeeds; then A gives up. The pool stays up: before, A's
 * failure marked it down and every other link answered 503 for the pause. */
static void test_stale_failure(void **state)
{
	MC_UNUSED(state);
	struct pg_pool *p = db__pg_pool_new();
	struct pg_attempt a, b, c;
	assert_true(db__pg_pool_begin(p, &a));
	assert_true(db__pg_pool_begin(p, &b));
	db__pg_pool_end(p, &b, true, 1);
	db__pg_pool_end(p, &a, false, 0);
	assert_true(db__pg_pool_begin(p, &c));
	assert_false(c.prober);
	assert_int_equal(c.first, 1); /* A's failure did not move the order either */
	db__pg_pool_end(p, &c, true, 1);

	/* A failure with no success since it began still marks the pool down. */
	assert_true(db__pg_pool_begin(p, &a));
	int64_t t = mono_ms();
	db__pg_pool_end(p, &a, false, 0);
	assert_paused(p, t);
	db__pg_pool_free(p);
}

/* Only the prober ends the probe: a link that began long before (while the pool was up, since
 * when a server was found) and now fails, stale, while the prober still waits, lets no second
 * link probe beside it. */
static void test_prober_alone(void **state)
{
	MC_UNUSED(state);
	struct pg_pool *p = db__pg_pool_new();
	struct pg_attempt early, ok, fail, prober, other;
	assert_true(db__pg_pool_begin(p, &early)); /* up: it begins without being the prober */
	assert_true(db__pg_pool_begin(p, &ok));
	db__pg_pool_end(p, &ok, true, 1);
	assert_true(db__pg_pool_begin(p, &fail));
	db__pg_pool_end(p, &fail, false, 0); /* down now */
	after_pause();
	assert_true(db__pg_pool_begin(p, &prober));
	assert_true(prober.prober);
	assert_int_equal(prober.first, 1);
	db__pg_pool_end(p, &early, false, 0); /* stale: changes nothing */
	assert_false(db__pg_pool_begin(p, &other)); /* the prober still probes */
	int64_t t = mono_ms();
	db__pg_pool_end(p, &prober, false, 0);
	assert_paused(p, t); /* its failure: the pause again */
	after_pause();
	assert_true(db__pg_pool_begin(p, &other));
	assert_true(other.prober);
	db__pg_pool_end(p, &other, true, 0);
	assert_true(db__pg_pool_begin(p, &other));
	assert_int_equal(other.first, 0); /* the host found last */
	db__pg_pool_end(p, &other, true, 0);
	db__pg_pool_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_failure_then_pause),
		cmocka_unit_test(test_stale_failure),
		cmocka_unit_test(test_prober_alone),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
