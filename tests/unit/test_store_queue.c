/* Tests of the queue tickets (store/queue_store.h) on a real database in a fresh temporary
 * directory: numbers per point and day, unknown points and priorities, calling with priority
 * first, lists and finishing a counter. */
#include "base/base.h"

#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#define FIXTURE_NAME "queue"
#include "db_fixture.h"

#include "store/db.h"
#include "store/queue_store.h"
#include "store/unit_store.h"

static void issue(struct db *db, const char *point, const char *day, const char *priority,
		  int64_t want_number, struct ticket *out)
{
	memset(out, 0, sizeof(*out));
	snprintf(out->point, sizeof(out->point), "%s", point);
	snprintf(out->day, sizeof(out->day), "%s", day);
	snprintf(out->service_group, sizeof(out->service_group), "Hộ tịch");
	snprintf(out->priority, sizeof(out->priority), "%s", priority);
	out->created_at = 5000 + want_number;
	assert_int_equal(qstore_issue(db, out), MC_OK);
	assert_int_equal(out->number, want_number);
	assert_string_equal(out->status, "waiting");
	assert_true(out->id > 0);
}

static void test_queue_numbers(void **state)
{
	struct fixture *f = *state;
	struct ticket t1, t2, t3, t;
	fixture_sample_units(f->db);
	issue(f->db, "SP1", "2026-11-26", "", 1, &t1);
	issue(f->db, "SP1", "2026-11-26", "", 2, &t2);
	issue(f->db, "SP1", "2026-11-26", "", 3, &t3);
	assert_true(t1.id < t2.id && t2.id < t3.id);
	issue(f->db, "SP1", "2026-11-27", "", 1, &t);
	issue(f->db, "SP2", "2026-11-26", "", 1, &t);
	issue(f->db, "SP1", "2026-11-27", "", 2, &t);
	issue(f->db, "SP1", "2026-11-26", "", 4, &t);

	memset(&t, 0, sizeof(t));
	snprintf(t.point, sizeof(t.point), "NOPE");
	snprintf(t.day, sizeof(t.day), "2026-11-26");
	snprintf(t.service_group, sizeof(t.service_group), "x");
	assert_int_equal(qstore_issue(f->db, &t), MC_ECONFLICT); /* unknown point */
	snprintf(t.point, sizeof(t.point), "SP1");
	snprintf(t.priority, sizeof(t.priority), "vip");
	assert_int_equal(qstore_issue(f->db, &t), MC_ECONFLICT); /* unknown priority */

	int64_t n = -1;
	assert_int_equal(qstore_count_waiting(f->db, "SP1", "2026-11-26", &n), MC_OK);
	assert_int_equal(n, 4);
	assert_int_equal(qstore_count_waiting(f->db, "SP1", "2026-11-27", &n), MC_OK);
	assert_int_equal(n, 2);
	assert_int_equal(qstore_count_waiting(f->db, "SP2", "2026-11-27", &n), MC_OK);
	assert_int_equal(n, 0);
}

struct ticket_log {
	struct ticket t[8];
	size_t n;
};

static void collect_ticket(const struct ticket *t, void *arg)
{
	struct ticket_log *l = arg;
	assert_true(l->n < MC_ARRAY_LEN(l->t));
	l->t[l->n++] = *t;
}

static void test_queue_calling(void **state)
{
	struct fixture *f = *state;
	struct ticket t1, t2, tp, next;
	fixture_sample_units(f->db);
	issue(f->db, "SP1", "2026-11-26", "", 1, &t1);
	issue(f->db, "SP1", "2026-11-26", "", 2, &t2);
	issue(f->db, "SP1", "2026-11-26", "elderly", 3, &tp);

	assert_int_equal(qstore_head(f->db, "SP1", "2026-11-26", 1, QUEUE_PICK_PRIORITY, &next), MC_OK);
	assert_int_equal(next.id, tp.id);
	assert_int_equal(next.number, 3);
	assert_string_equal(next.priority, "elderly");
	assert_string_equal(next.status, "waiting");
	assert_string_equal(next.point, "SP1");
	assert_string_equal(next.day, "2026-11-26");
	assert_string_equal(next.service_group, "Hộ tịch");
	assert_int_equal(next.counter, 0);
	assert_int_equal(next.called_at, 0);
	assert_int_equal(next.created_at, 5003);

	assert_int_equal(qstore_mark_called(f->db, tp.id, 2, 6000, "hang.nguyen"), MC_OK);
	assert_int_equal(qstore_mark_called(f->db, tp.id, 5, 6001, "minh.tran"), MC_ECONFLICT);
	assert_int_equal(qstore_head(f->db, "SP1", "2026-11-26", 1, QUEUE_PICK_PRIORITY, &next),
			 MC_ENOTFOUND);
	assert_int_equal(qstore_head(f->db, "SP1", "2026-11-26", 1, QUEUE_PICK_ORDINARY, &next), MC_OK);
	assert_int_equal(next.id, t1.id);
	assert_int_equal(next.number, 1);
	assert_string_equal(next.priority, "");

	struct ticket_log log = {.n = 0};
	assert_int_equal(qstore_list(f->db, "SP1", "2026-11-26", 0, 10, collect_ticket, &log), MC_OK);
	assert_int_equal(log.n, 3);
	assert_int_equal(log.t[0].number, 1);
	assert_int_equal(log.t[1].number, 2);
	assert_int_equal(log.t[2].number, 3);
	assert_string_equal(log.t[2].status, "called");
	assert_int_equal(log.t[2].counter, 2);
	assert_int_equal(log.t[2].called_at, 6000);

	log.n = 0;
	assert_int_equal(qstore_list(f->db, "SP1", "2026-11-26", 1, 1, collect_ticket, &log), MC_OK);
	assert_int_equal(log.n, 1);
	assert_int_equal(log.t[0].number, 2);

	/* The counter finishes its ticket: only the called one becomes done. */
	assert_int_equal(qstore_finish_counter(f->db, "SP1", "2026-11-26", 2, 6500), MC_OK);
	log.n = 0;
	assert_int_equal(qstore_list(f->db, "SP1", "2026-11-26", 0, 10, collect_ticket, &log), MC_OK);
	assert_string_equal(log.t[0].status, "waiting");
	assert_string_equal(log.t[1].status, "waiting");
	assert_string_equal(log.t[2].status, "done");
	assert_int_equal(log.t[2].finished_at, 6500);

	assert_int_equal(qstore_mark_called(f->db, t1.id, 1, 6100, "hang.nguyen"), MC_OK);
	assert_int_equal(qstore_mark_called(f->db, t2.id, 1, 6200, "hang.nguyen"), MC_OK);
	assert_int_equal(qstore_head(f->db, "SP1", "2026-11-26", 1, QUEUE_PICK_ORDINARY, &next), MC_ENOTFOUND);
	assert_int_equal(qstore_head(f->db, "SP2", "2026-11-26", 1, QUEUE_PICK_ORDINARY, &next), MC_ENOTFOUND);
}
#define T(name) cmocka_unit_test_setup_teardown(name, fixture_setup, fixture_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_queue_numbers),
		T(test_queue_calling),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
