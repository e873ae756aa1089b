/* db_prepare_generic on PostgreSQL (store/db_pg.c): a statement prepared with it runs on its
 * generic plan from the first execution, an ordinary one keeps PostgreSQL's default (custom plans
 * for the first five executions), and the session's plan_cache_mode follows each statement
 * through transactions, commits, rollbacks and rollbacks to a savepoint (which undo a SET made
 * after them). The counts come from PostgreSQL itself (pg_prepared_statements). Runs on the
 * API suite's throwaway server (the ctest fixture "pg", MOTCUA_TEST_PG_FILE). */
#include "base/base.h"

#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <unistd.h>
#include <cmocka.h>

#include "store/db.h"

static const char SQL_MODE_GENERIC[] = "SELECT current_setting('plan_cache_mode')";
static const char SQL_MODE_ORDINARY[] = "SELECT current_setting('plan_cache_mode') AS mode";
static const char SQL_WORKERS_GENERIC[] =
	"SELECT current_setting('max_parallel_workers_per_gather')";
static const char SQL_WORKERS_ORDINARY[] =
	"SELECT current_setting('max_parallel_workers_per_gather') AS workers";
static const char SQL_MODE_KEYED[] = "SELECT current_setting('plan_cache_mode') AS keyed";
static const char SQL_GENERIC[] = "SELECT count(*) FROM pg_class WHERE relname = $1";
static const char SQL_ORDINARY[] = "SELECT count(*) FROM pg_class WHERE relname <> $1";
static const char SQL_PLANS[] =
	"SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE statement = $1";

static char base_url[512];

static void read_url(void)
{
	const char *file = getenv("MOTCUA_TEST_PG_FILE");
	if (!file)
		fail_msg("MOTCUA_TEST_PG_FILE is not set (run through ctest's pg fixture)");
	FILE *f = fopen(file, "r");
	assert_non_null(f);
	assert_non_null(fgets(base_url, sizeof(base_url), f));
	fclose(f);
	base_url[strcspn(base_url, "\n")] = '\0';
}

/* A new database on the fixture's server, opened. */
static struct db *open_fresh(void)
{
	char url[600], sql[128], name[64];
	struct db *admin = NULL, *db = NULL;
	snprintf(name, sizeof(name), "plan_mode_%ld", (long)getpid());
	snprintf(url, sizeof(url), "%s/postgres", base_url);
	assert_int_equal(db_open(url, &admin), MC_OK);
	snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s", name);
	assert_int_equal(db_exec(admin, sql), MC_OK);
	snprintf(sql, sizeof(sql), "CREATE DATABASE %s", name);
	assert_int_equal(db_exec(admin, sql), MC_OK);
	db_close(admin);
	snprintf(url, sizeof(url), "%s/%s", base_url, name);
	assert_int_equal(db_open(url, &db), MC_OK);
	return db;
}

static const char *mode(struct db *db, bool generic, char out[32])
{
	struct db_stmt *st = generic ? db_prepare_generic(db, SQL_MODE_GENERIC)
				     : db_prepare(db, SQL_MODE_ORDINARY);
	assert_non_null(st);
	assert_int_equal(db_step_one(st), MC_OK);
	db_col_copy(st, 0, out, 32);
	assert_int_equal(db_run(st), MC_OK);
	return out;
}

static const char *workers(struct db *db, bool generic, char out[32])
{
	struct db_stmt *st = generic ? db_prepare_generic(db, SQL_WORKERS_GENERIC)
				     : db_prepare(db, SQL_WORKERS_ORDINARY);
	assert_non_null(st);
	assert_int_equal(db_step_one(st), MC_OK);
	db_col_copy(st, 0, out, 32);
	assert_int_equal(db_run(st), MC_OK);
	return out;
}

static void run(struct db *db, bool generic)
{
	struct db_stmt *st = generic ? db_prepare_generic(db, SQL_GENERIC)
				     : db_prepare(db, SQL_ORDINARY);
	assert_non_null(st);
	db_bind_text(st, 1, "pg_class", SIZE_MAX);
	assert_int_equal(db_step_one(st), MC_OK);
	assert_int_equal(db_run(st), MC_OK);
}

static void plans(struct db *db, const char *sql, int64_t *generic, int64_t *custom)
{
	struct db_stmt *st = db_prepare(db, SQL_PLANS);
	assert_non_null(st);
	db_bind_text(st, 1, sql, SIZE_MAX);
	assert_int_equal(db_step_one(st), MC_OK);
	*generic = db_col_int(st, 0);
	*custom = db_col_int(st, 1);
	assert_int_equal(db_run(st), MC_OK);
}

static void test_plans_counted(void **state)
{
	MC_UNUSED(state);
	struct db *db = open_fresh();
	int64_t g = -1, c = -1;
	for (int i = 0; i < 3; i++) {
		run(db, true);
		run(db, false);
	}
	plans(db, SQL_GENERIC, &g, &c);
	assert_int_equal(c, 0); /* never planned for its values */
	assert_int_equal(g, 3);
	plans(db, SQL_ORDINARY, &g, &c);
	assert_int_equal(c, 3); /* PostgreSQL's default: custom plans first */
	assert_int_equal(g, 0);
	db_close(db);
}

static void test_mode_follows_transactions(void **state)
{
	MC_UNUSED(state);
	struct db *db = open_fresh();
	char m[32];
	assert_string_equal(mode(db, false, m), "auto");
	assert_string_equal(mode(db, true, m), "force_generic_plan");
	assert_string_equal(mode(db, false, m), "auto");
	/* No statement is planned with parallel workers, generic or not, though the test server
	 * keeps PostgreSQL's default of 2 (db_pg_link.c session_setup). */
	assert_string_equal(workers(db, true, m), "0");
	assert_string_equal(workers(db, false, m), "0");

	/* Set inside a transaction rolled back: PostgreSQL undoes the SET. */
	assert_int_equal(db_begin_read(db), MC_OK);
	assert_string_equal(mode(db, true, m), "force_generic_plan");
	db_rollback(db);
	assert_string_equal(mode(db, true, m), "force_generic_plan");
	assert_string_equal(mode(db, false, m), "auto");

	/* Set inside a transaction committed: kept, and switched back when needed. */
	assert_int_equal(db_begin_read(db), MC_OK);
	assert_string_equal(mode(db, true, m), "force_generic_plan");
	assert_int_equal(db_commit(db), MC_OK);
	assert_string_equal(mode(db, true, m), "force_generic_plan");
	assert_string_equal(mode(db, false, m), "auto");

	/* Set after a savepoint that is rolled back to. */
	assert_int_equal(db_begin_write(db), MC_OK);
	assert_string_equal(mode(db, false, m), "auto");
	assert_int_equal(db_savepoint(db), MC_OK);
	assert_string_equal(mode(db, true, m), "force_generic_plan");
	assert_int_equal(db_savepoint_rollback(db), MC_OK);
	assert_string_equal(mode(db, true, m), "force_generic_plan");
	assert_int_equal(db_savepoint(db), MC_OK);
	assert_string_equal(mode(db, false, m), "auto");
	assert_int_equal(db_savepoint_rollback(db), MC_OK);
	assert_string_equal(mode(db, false, m), "auto");
	assert_int_equal(db_commit(db), MC_OK);
	assert_string_equal(mode(db, true, m), "force_generic_plan");
	db_close(db);
}

static const char *keyed_mode(struct db *db, char out[32])
{
	struct db_stmt *st = db_prepare_keyed(db, SQL_MODE_KEYED);
	assert_non_null(st);
	assert_int_equal(db_step_one(st), MC_OK);
	db_col_copy(st, 0, out, 32);
	assert_int_equal(db_run(st), MC_OK);
	return out;
}

/* A db_prepare_keyed statement runs under whichever mode the session is in: no switch either way
 * (each would be a round trip), and the next statement of the other kinds still gets its own. */
static void test_keyed_keeps_mode(void **state)
{
	MC_UNUSED(state);
	struct db *db = open_fresh();
	char m[32];
	assert_string_equal(keyed_mode(db, m), "auto"); /* a new session */
	assert_string_equal(mode(db, true, m), "force_generic_plan");
	assert_string_equal(keyed_mode(db, m), "force_generic_plan");
	assert_string_equal(keyed_mode(db, m), "force_generic_plan");
	assert_string_equal(workers(db, false, m), "0");
	assert_string_equal(keyed_mode(db, m), "auto");
	assert_string_equal(workers(db, true, m), "0");
	assert_string_equal(keyed_mode(db, m), "force_generic_plan");
	assert_string_equal(mode(db, false, m), "auto");
	/* After a rollback the mode is not known; a keyed statement still sets nothing. */
	assert_int_equal(db_begin_read(db), MC_OK);
	assert_string_equal(mode(db, true, m), "force_generic_plan");
	db_rollback(db);
	assert_string_equal(keyed_mode(db, m), "auto");
	assert_string_equal(mode(db, true, m), "force_generic_plan");
	db_close(db);
}

int main(void)
{
	read_url();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plans_counted),
		cmocka_unit_test(test_mode_follows_transactions),
		cmocka_unit_test(test_keyed_keeps_mode),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
