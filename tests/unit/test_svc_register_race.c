/* Two editors of one register entry at once: the update that waited for the write lock reads the
 * entry again under it, so the other's committed change is kept (a lost update before). */
#include "base/base.h"

#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <time.h>

#include "db_fixture.h"
#include "svc_fixture.h"

#include "store/db.h"
#include "store/register_store.h"
#include "svc/registers.h"

struct job {
	struct svc_fixture *sf;
	int64_t id;
	enum mc_err err;
	struct reg_detail out;
};

static void *editor_a(void *arg)
{
	struct job *j = arg;
	struct problem p;
	problem_init(&p, &j->sf->db->arena);
	int64_t now = svc_fixture_time("2026-11-27T08:00:00+07:00");
	struct svc_ctx ctx = {.state = &j->sf->state, .db = j->sf->db->db, .arena = &j->sf->db->arena,
			      .problem = &p, .user = &j->sf->users[0], .now = now, .real_now = now};
	struct asset_in a = {.remaining_value = 1, .remaining_set = true};
	j->err = registers_update(&ctx, &reg_asset_kind, j->id, &a, &j->out);
	return NULL;
}

static void test_lost_update(void **state)
{
	MC_UNUSED(state);
	struct svc_fixture *sf = svc_fixture_open("scratch", "2026-11-01T08:00:00+07:00");
	svc_fixture_user(sf, "admin");
	struct reg_detail d;
	struct asset_in in = {.inventory_code = "HK-01", .name = "Máy tính", .category = "Thiết bị",
			      .condition = "tốt", .unit = HK_POINT, .quantity = 2,
			      .original_value = 30000000, .remaining_value = 12000000,
			      .quantity_set = true, .original_set = true, .remaining_set = true};
	struct svc_ctx ctx = svc_fixture_ctx(sf, "admin", "2026-11-26T09:00:00+07:00");
	assert_int_equal(registers_create(&ctx, &reg_asset_kind, &in, &d), MC_OK);
	struct db *b = NULL;
	assert_int_equal(db_open(sf->db->path, &b), MC_OK);
	assert_int_equal(db_begin_write(b), MC_OK); /* editor B holds the write lock */
	struct job j = {.sf = sf, .id = d.e.asset.id};
	pthread_t th;
	assert_int_equal(pthread_create(&th, NULL, editor_a, &j), 0);
	struct timespec t = {0, 300000000};
	nanosleep(&t, NULL); /* A has read the row and waits for the lock */
	struct reg_asset cur;
	assert_int_equal(regstore_get(b, &reg_asset_kind, d.e.asset.id, 0, &cur), MC_OK);
	snprintf(cur.condition, sizeof(cur.condition), "hỏng");
	assert_int_equal(regstore_update(b, &reg_asset_kind, &cur), MC_OK);
	assert_int_equal(db_commit(b), MC_OK);
	pthread_join(th, NULL);
	assert_int_equal(j.err, MC_OK);
	/* A's change lands on top of B's: nothing B wrote is lost. */
	assert_string_equal(j.out.e.asset.condition, "hỏng");
	assert_int_equal(j.out.e.asset.remaining_value, 1);
	assert_int_equal(j.out.e.asset.version, 3);
	db_close(b);
	svc_fixture_close(sf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(test_lost_update)};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
