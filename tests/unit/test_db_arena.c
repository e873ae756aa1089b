/* Tests of a connection bound to a request's arena (db_bind_arena): once the arena is past its
 * cap, the connection reads no further row and commits nothing, so that a request that would grow
 * without bound stops within a row of its cap and leaves the database as it was. */
#include "base/base.h"

#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "db_fixture.h"

static const char SQL_CODES[] = "SELECT code FROM units ORDER BY code";
static const char SQL_COUNT[] = "SELECT count(*) FROM units";

static int64_t units(struct db *db)
{
	bool row = false;
	struct db_stmt *st = db_prepare(db, SQL_COUNT);
	assert_non_null(st);
	assert_int_equal(db_step(st, &row), MC_OK);
	assert_true(row);
	int64_t n = db_col_int(st, 0);
	assert_int_equal(db_run(st), MC_OK);
	return n;
}

static void test_reads_stop_past_the_cap(void **state)
{
	MC_UNUSED(state);
	struct fixture *f = fixture_open("db-arena-read");
	struct arena a;
	bool row = false;
	fixture_unit(f->db, "001.00.50.H26", "A", "a", "city_pc", "", "", 0);
	fixture_unit(f->db, "002.00.50.H26", "B", "b", "city_pc", "", "", 0);
	arena_init_max(&a, 1024);
	db_bind_arena(f->db, &a);
	struct db_stmt *st = db_prepare(f->db, SQL_CODES);
	assert_int_equal(db_step(st, &row), MC_OK);
	assert_true(row);
	arena_alloc(&a, 2048); /* what the first row took */
	assert_int_equal(db_step(st, &row), MC_ETOOBIG);
	assert_false(row);
	db_bind_arena(f->db, NULL);
	assert_int_equal(units(f->db), 2);
	arena_release(&a);
	fixture_close(f);
}

static void test_nothing_commits_past_the_cap(void **state)
{
	MC_UNUSED(state);
	struct fixture *f = fixture_open("db-arena-write");
	struct arena a;
	arena_init_max(&a, 1024);
	db_bind_arena(f->db, &a);
	assert_int_equal(db_begin_write(f->db), MC_OK);
	fixture_unit(f->db, "001.00.50.H26", "A", "a", "city_pc", "", "", 0);
	arena_alloc(&a, 2048);
	assert_int_equal(db_commit(f->db), MC_ETOOBIG);
	assert_false(db_in_tx(f->db));
	db_bind_arena(f->db, NULL);
	assert_int_equal(units(f->db), 0);
	/* Under the cap, the same write commits. */
	arena_release(&a);
	db_bind_arena(f->db, &a);
	assert_int_equal(db_begin_write(f->db), MC_OK);
	fixture_unit(f->db, "001.00.50.H26", "A", "a", "city_pc", "", "", 0);
	assert_int_equal(db_commit(f->db), MC_OK);
	assert_int_equal(units(f->db), 1);
	db_bind_arena(f->db, NULL);
	arena_release(&a);
	fixture_close(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reads_stop_past_the_cap),
		cmocka_unit_test(test_nothing_commits_past_the_cap),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
