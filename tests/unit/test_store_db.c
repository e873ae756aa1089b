/* Tests of the database layer (store/db.h, store/migrate.h) against a real file in a fresh
 * temporary directory: migrations on a new and a reopened file, transactions (rollback, a commit
 * seen by another connection, two writers) and backup. */
#include "base/base.h"

#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#define FIXTURE_NAME "db"
#include "db_fixture.h"

#include <dirent.h>
#include <sqlite3.h>
#include <pthread.h>
#include <stdatomic.h>
#include <time.h>

#include "base/embed.h"
#include "store/db.h"
#include "store/sql_open.h"
#include "store/migrate.h"
#include "store/unit_store.h"
#include "store/user_store.h"

/* The number of migration files in the source tree; *highest gets the largest NNNN prefix. */
static int scan_migrations(int *highest)
{
	char path[4096];
	const char *src = getenv("MOTCUA_SOURCE_DIR");
	assert_non_null(src);
	snprintf(path, sizeof(path), "%s/sql/sqlite", src);
	DIR *d = opendir(path);
	assert_non_null(d);
	int n = 0;
	*highest = 0;
	for (struct dirent *e; (e = readdir(d));) {
		size_t len = strlen(e->d_name);
		if (len > 4 && strcmp(e->d_name + len - 4, ".sql") == 0) {
			int num = 0;
			for (size_t i = 0; i < 4 && e->d_name[i] >= '0' && e->d_name[i] <= '9'; i++)
				num = num * 10 + (e->d_name[i] - '0');
			if (num > *highest)
				*highest = num;
			n++;
		}
	}
	closedir(d);
	return n;
}

static int count_migrations(void)
{
	int highest = 0;
	return scan_migrations(&highest);
}

/* Polls a flag until it is set or a deadline of ms milliseconds passes. */
static bool wait_flag(atomic_int *flag, int ms)
{
	struct timespec tick = {0, 1000000};
	for (int i = 0; i < ms; i++) {
		if (atomic_load(flag))
			return true;
		nanosleep(&tick, NULL);
	}
	return atomic_load(flag) != 0;
}

static void test_migrate(void **state)
{
	struct fixture *f = *state;
	int highest = 0;
	int files = scan_migrations(&highest);
	int applied = -1, version = -1;
	assert_true(files >= 2);
	/* migrate_apply() stops at the first missing number, so the files must be 0001..N. */
	assert_int_equal(highest, files);
	assert_int_equal(f->applied, files);
	assert_int_equal(migrate_version(f->db, &version), MC_OK);
	assert_int_equal(version, files);
	assert_int_equal(migrate_apply(f->db, &applied), MC_OK);
	assert_int_equal(applied, 0);
	assert_int_equal(migrate_version(f->db, &version), MC_OK);
	assert_int_equal(version, files);
}

/* A new file starts at version 0; reopening a migrated file applies nothing. */
static void test_migrate_new_and_reopened(void **state)
{
	struct fixture *f = *state;
	char path[256];
	struct db *db = NULL;
	int applied = -1, version = -1;
	fixture_file(f, "other.db", path, sizeof(path));
	assert_int_equal(db_open(path, &db), MC_OK);
	assert_int_equal(migrate_version(db, &version), MC_OK);
	assert_int_equal(version, 0);
	assert_int_equal(migrate_apply(db, &applied), MC_OK);
	assert_int_equal(applied, count_migrations());
	db_close(db);
	assert_int_equal(db_open(path, &db), MC_OK);
	assert_int_equal(migrate_apply(db, &applied), MC_OK);
	assert_int_equal(applied, 0);
	assert_int_equal(migrate_version(db, &version), MC_OK);
	assert_int_equal(version, count_migrations());
	assert_string_equal(db_backend(db), "sqlite");
	db_close(db);
}

static void test_rollback(void **state)
{
	struct fixture *f = *state;
	struct unit u;
	int64_t n = -1;
	fixture_sample_units(f->db);
	assert_false(db_in_tx(f->db));
	assert_int_equal(db_begin_write(f->db), MC_OK);
	assert_true(db_in_tx(f->db));
	fixture_unit(f->db, "SP9", "Tạm", "tam", "service_point", "", "PC1", 0);
	assert_int_equal(unitstore_get(f->db, "SP9", 5000, &u), MC_OK); /* visible inside */
	db_rollback(f->db);
	assert_false(db_in_tx(f->db));
	assert_int_equal(unitstore_get(f->db, "SP9", 5000, &u), MC_ENOTFOUND);
	assert_int_equal(unitstore_count(f->db, &n), MC_OK);
	assert_int_equal(n, 7);
	db_rollback(f->db); /* safe without a transaction */
	assert_false(db_in_tx(f->db));
}

/* A committed write is visible to another connection of the same file. */
static void test_commit_visible(void **state)
{
	struct fixture *f = *state;
	struct db *other = NULL;
	struct unit u;
	fixture_sample_units(f->db);
	assert_int_equal(db_open(f->path, &other), MC_OK);
	assert_int_equal(db_begin_write(f->db), MC_OK);
	fixture_unit(f->db, "SP9", "Tạm", "tam", "service_point", "", "PC1", 0);
	assert_int_equal(unitstore_get(other, "SP9", 5000, &u), MC_ENOTFOUND);
	assert_int_equal(db_commit(f->db), MC_OK);
	assert_false(db_in_tx(f->db));
	assert_int_equal(unitstore_get(other, "SP9", 5000, &u), MC_OK);
	assert_string_equal(u.parent, "PC1");
	db_close(other);
}

/* A statement left mid-result by a request is reset when its connection goes back to the pool,
 * so that the connection's next request does not read the old snapshot it held; one run to its
 * end needs nothing (and the release then walks no statements). */
static void test_release_resets_mid_result(void **state)
{
	struct fixture *f = *state;
	struct db_pool *pool = NULL;
	fixture_sample_units(f->db);
	assert_int_equal(db_pool_new(f->path, 1, &pool), MC_OK);
	struct db *db = db_pool_acquire(pool);
	static const char sql[] = "SELECT count(*) FROM units UNION ALL SELECT 0";
	static const char count[] = "SELECT count(*) FROM units";
	struct db_stmt *st = db_prepare(db, sql);
	assert_non_null(st);
	bool row;
	assert_int_equal(db_step(st, &row), MC_OK);
	assert_true(row);
	int64_t before = db_col_int(st, 0);
	db_pool_release(pool, db); /* mid-result: its read snapshot is open */
	fixture_unit(f->db, "SP9", "Tạm", "tam", "service_point", "", "PC1", 0);
	db = db_pool_acquire(pool);
	st = db_prepare(db, count); /* another statement: the first one's snapshot would show */
	assert_int_equal(db_step(st, &row), MC_OK);
	assert_int_equal(db_col_int(st, 0), before + 1);
	assert_int_equal(db_run(st), MC_OK);
	db_pool_release(pool, db);
	fixture_unit(f->db, "SP8", "Tạm 2", "tam 2", "service_point", "", "PC1", 0);
	db = db_pool_acquire(pool);
	st = db_prepare(db, count);
	assert_int_equal(db_step(st, &row), MC_OK);
	assert_int_equal(db_col_int(st, 0), before + 2);
	db_pool_release(pool, db);
	db_pool_free(pool);
}

struct writer {
	struct db *db;
	atomic_int entered;
	atomic_int acquired;
	atomic_int first_committed; /* set by the first writer just before it commits */
	int saw_commit;
	enum mc_err err;
};

static void *second_writer(void *arg)
{
	struct writer *w = arg;
	atomic_store(&w->entered, 1);
	w->err = db_begin_write(w->db);
	w->saw_commit = atomic_load(&w->first_committed);
	atomic_store(&w->acquired, 1);
	if (!w->err) {
		/* No cmocka assertion here: they must run on the test's own thread. */
		struct unit u;
		memset(&u, 0, sizeof(u));
		snprintf(u.code, sizeof(u.code), "SPB");
		snprintf(u.name, sizeof(u.name), "Sau");
		snprintf(u.kind, sizeof(u.kind), "service_point");
		snprintf(u.parent, sizeof(u.parent), "PC1");
		w->err = unitstore_insert(w->db, &u, "sau", 0, 100);
		if (!w->err)
			w->err = db_commit(w->db);
	}
	return NULL;
}

/* BEGIN IMMEDIATE on a second connection waits for the first writer instead of failing. */
static void test_two_writers(void **state)
{
	struct fixture *f = *state;
	struct writer w = {.err = MC_EINTERNAL};
	struct unit u;
	pthread_t th;
	fixture_sample_units(f->db);
	assert_int_equal(db_open(f->path, &w.db), MC_OK);
	assert_int_equal(db_begin_write(f->db), MC_OK);
	fixture_unit(f->db, "SPA", "Trước", "truoc", "service_point", "", "PC1", 0);
	assert_int_equal(pthread_create(&th, NULL, second_writer, &w), 0);
	assert_true(wait_flag(&w.entered, 5000));
	/* While the first transaction is open the second writer does not get the lock. */
	assert_false(wait_flag(&w.acquired, 150));
	atomic_store(&w.first_committed, 1);
	assert_int_equal(db_commit(f->db), MC_OK);
	assert_int_equal(pthread_join(th, NULL), 0);
	assert_int_equal(w.err, MC_OK);
	assert_int_equal(w.saw_commit, 1);
	assert_int_equal(unitstore_get(f->db, "SPA", 5000, &u), MC_OK);
	assert_int_equal(unitstore_get(f->db, "SPB", 5000, &u), MC_OK);
	db_close(w.db);
}

static void test_backup(void **state)
{
	struct fixture *f = *state;
	char path[256];
	struct db *copy = NULL;
	struct unit u;
	int64_t n = -1;
	int version = -1;
	fixture_sample_units(f->db);
	fixture_unit(f->db, "SP3", "Điểm phụ", "diem phu", "service_point", "", "PC1", 1000);
	assert_int_equal(unitstore_move(f->db, "SP3", "PC2", 2000), MC_OK);
	fixture_file(f, "backup.db", path, sizeof(path));
	assert_int_equal(db_backup(f->db, path), MC_OK);
	assert_int_equal(db_open(path, &copy), MC_OK);
	assert_int_equal(unitstore_count(copy, &n), MC_OK);
	assert_int_equal(n, 8);
	assert_int_equal(migrate_version(copy, &version), MC_OK);
	assert_int_equal(version, count_migrations());
	assert_int_equal(unitstore_get(copy, "SP3", 1500, &u), MC_OK);
	assert_string_equal(u.parent, "PC1");
	assert_int_equal(unitstore_get(copy, "SP3", 2500, &u), MC_OK);
	assert_string_equal(u.parent, "PC2");
	db_close(copy);
}
/* A statement that fails for the database itself (here a runtime error of SQLite: malformed JSON)
 * marks the transaction: db_failure names it, db_commit refuses and rolls back what was written
 * before it. A failure inside a savepoint that is rolled back is forgiven with it. */
static const char SQL_BAD_JSON[] = "SELECT json('{not json')";

static void test_failed_statement_blocks_commit(void **state)
{
	struct fixture *f = *state;
	struct unit u;
	bool row;
	fixture_sample_units(f->db);
	assert_int_equal(db_begin_write(f->db), MC_OK);
	assert_int_equal(db_failure(f->db), MC_OK);
	fixture_unit(f->db, "SP8", "Tạm", "tam", "service_point", "", "PC1", 0);
	struct db_stmt *st = db_prepare(f->db, SQL_BAD_JSON);
	assert_non_null(st);
	assert_int_equal(db_step(st, &row), MC_EDB);
	assert_int_equal(db_failure(f->db), MC_EDB);
	assert_int_equal(db_commit(f->db), MC_EDB);
	assert_false(db_in_tx(f->db));
	assert_int_equal(db_failure(f->db), MC_OK);
	assert_int_equal(unitstore_get(f->db, "SP8", 5000, &u), MC_ENOTFOUND);

	/* The next transaction starts clean; a failure undone by its savepoint does not count. */
	assert_int_equal(db_begin_write(f->db), MC_OK);
	assert_int_equal(db_failure(f->db), MC_OK);
	fixture_unit(f->db, "SP8", "Tạm", "tam", "service_point", "", "PC1", 0);
	assert_int_equal(db_savepoint(f->db), MC_OK);
	st = db_prepare(f->db, SQL_BAD_JSON);
	assert_int_equal(db_step(st, &row), MC_EDB);
	assert_int_equal(db_savepoint_rollback(f->db), MC_OK);
	assert_int_equal(db_failure(f->db), MC_OK);
	assert_int_equal(db_commit(f->db), MC_OK);
	assert_int_equal(unitstore_get(f->db, "SP8", 5000, &u), MC_OK);
}

/* db_prepare_insert (store/db.h): the id of the row the statement inserted, not of the row its
 * trigger inserted into another table, run after run; a failed insert answers an error and the
 * next one its own id. */
static void test_insert_rowid(void **state)
{
	struct fixture *f = *state;
	static const char SQL_INS[] = "INSERT INTO ins_t (v) VALUES ($1) RETURNING id";
	assert_int_equal(db_exec(f->db, "CREATE TABLE ins_log (id INTEGER PRIMARY KEY, v TEXT);"
				       "INSERT INTO ins_log (id, v) VALUES (99, 'first');"
				       "CREATE TABLE ins_t (id INTEGER PRIMARY KEY, v TEXT NOT NULL);"
				       "CREATE TRIGGER ins_t_log AFTER INSERT ON ins_t BEGIN "
				       "INSERT INTO ins_log (v) VALUES (NEW.v); END;"),
			 MC_OK);
	int64_t id = 0;
	for (int i = 1; i <= 3; i++) {
		struct db_stmt *st = db_prepare_insert(f->db, SQL_INS);
		assert_non_null(st);
		db_bind_text(st, 1, "v", SIZE_MAX);
		assert_int_equal(db_insert_id(st, &id), MC_OK);
		assert_int_equal(id, i);
	}
	struct db_stmt *st = db_prepare_insert(f->db, SQL_INS);
	db_bind_null(st, 1);
	assert_int_not_equal(db_insert_id(st, &id), MC_OK); /* NOT NULL */
	st = db_prepare_insert(f->db, SQL_INS);
	db_bind_text(st, 1, "w", SIZE_MAX);
	assert_int_equal(db_insert_id(st, &id), MC_OK);
	assert_int_equal(id, 4);
	/* The trigger's rows went on from 99: its ids were never answered. */
	st = db_prepare(f->db, "SELECT max(id), count(*) FROM ins_log");
	bool row = false;
	assert_int_equal(db_step(st, &row), MC_OK);
	assert_true(row);
	assert_int_equal(db_col_int(st, 0), 103);
	assert_int_equal(db_col_int(st, 1), 5);
	assert_int_equal(db_step(st, &row), MC_OK);
	assert_false(row);
}

/* Migrations 0041 and 0048: no INSERT of any table builds a temporary b-tree for a CHECK, a
 * trigger's or a partial index's constant list (read on a connection of its own, as a pool
 * connection would after the migration; a read-only connection compiles no CHECK at all). */
static void test_check_lists(void **state)
{
	struct fixture *f = *state;
	sqlite3 *conn;
	assert_int_equal(sqlite3_open_v2(f->path, &conn, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	sqlite3_stmt *tables;
	assert_int_equal(sqlite3_prepare_v2(conn,
					    "SELECT m.name, (SELECT count(*) FROM pragma_table_info(m.name)) "
					    "FROM sqlite_schema m WHERE m.type = 'table' AND m.name NOT LIKE "
					    "'sqlite_%' ORDER BY m.name",
					    -1, &tables, NULL),
			 SQLITE_OK);
	int checked = 0;
	while (sqlite3_step(tables) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(tables, 0);
		int cols = sqlite3_column_int(tables, 1);
		char sql[4096];
		int n = snprintf(sql, sizeof(sql), "EXPLAIN INSERT INTO \"%s\" VALUES (?", name);
		for (int i = 1; i < cols; i++)
			n += snprintf(sql + n, sizeof(sql) - (size_t)n, ", ?");
		snprintf(sql + n, sizeof(sql) - (size_t)n, ")");
		sqlite3_stmt *x;
		assert_int_equal(sqlite3_prepare_v2(conn, sql, -1, &x, NULL), SQLITE_OK);
		int ephemeral = 0;
		while (sqlite3_step(x) == SQLITE_ROW)
			ephemeral += strcmp((const char *)sqlite3_column_text(x, 1), "OpenEphemeral") == 0;
		sqlite3_finalize(x);
		if (ephemeral != 0)
			fail_msg("INSERT INTO %s builds %d temporary b-trees", name, ephemeral);
		checked++;
	}
	sqlite3_finalize(tables);
	assert_true(checked > 50);
	/* A change of status evaluates the partial index's predicate for the old row and the new. */
	sqlite3_stmt *x;
	assert_int_equal(sqlite3_prepare_v2(conn, "EXPLAIN UPDATE dossiers SET status = ? WHERE id = ?",
					    -1, &x, NULL),
			 SQLITE_OK);
	while (sqlite3_step(x) == SQLITE_ROW)
		if (strcmp((const char *)sqlite3_column_text(x, 1), "OpenEphemeral") == 0)
			fail_msg("UPDATE of dossiers.status builds a temporary b-tree");
	sqlite3_finalize(x);
	/* The queries' predicate of dossiers in work (store/sql_open.h) is still the index's. */
	assert_int_equal(sqlite3_prepare_v2(conn,
					    "EXPLAIN QUERY PLAN SELECT receiving_unit, count(*) FROM "
					    "dossiers WHERE " OPEN_STATUSES " GROUP BY receiving_unit",
					    -1, &x, NULL),
			 SQLITE_OK);
	bool open_index = false;
	while (sqlite3_step(x) == SQLITE_ROW)
		open_index = open_index || strstr((const char *)sqlite3_column_text(x, 3),
						  "INDEX dossiers_open_received");
	sqlite3_finalize(x);
	assert_true(open_index);
	sqlite3_stmt *q;
	assert_int_equal(sqlite3_prepare_v2(conn, "PRAGMA integrity_check", -1, &q, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(q, 0), "ok");
	sqlite3_finalize(q);
	sqlite3_close(conn);
}

/* Every connection runs with its statement journal and temporary b-trees in memory until they are
 * large (temp_store=FILE with SQLITE_CONFIG_STMTJRNL_SPILL; db_sqlite.c SQL_PRAGMAS), and its
 * foreign keys and full synchronous commits on. */
static void test_connection_pragmas(void **state)
{
	struct fixture *f = *state;
	const char *names[] = {"PRAGMA temp_store", "PRAGMA synchronous", "PRAGMA foreign_keys"};
	const int64_t want[] = {1, 2, 1};
	for (size_t i = 0; i < MC_ARRAY_LEN(names); i++) {
		struct db_stmt *st = db_prepare(f->db, names[i]);
		assert_non_null(st);
		assert_int_equal(db_step_one(st), MC_OK);
		if (db_col_int(st, 0) != want[i])
			fail_msg("%s is %lld", names[i], (long long)db_col_int(st, 0));
		assert_int_equal(db_run(st), MC_OK);
	}
}

/* One text of the raw connection's first row, column 0 (fails on no row). */
static char *one_text(sqlite3 *conn, const char *sql)
{
	sqlite3_stmt *q;
	assert_int_equal(sqlite3_prepare_v2(conn, sql, -1, &q, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	const char *t = (const char *)sqlite3_column_text(q, 0);
	char *out = xstrdup(t ? t : "");
	sqlite3_finalize(q);
	return out;
}

/* Migration 0043: a dossier's papers and steps are WITHOUT ROWID tables, one b-tree each, with the
 * same index and triggers; its text run again over rows (as it ran over every database's) keeps
 * them, and the triggers still count. */
static void test_keyed_papers_steps(void **state)
{
	struct fixture *f = *state;
	sqlite3 *conn;
	assert_int_equal(sqlite3_open_v2(f->path, &conn, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	const char *shape =
		"SELECT group_concat(type || ':' || name, ',') FROM (SELECT type, name FROM sqlite_schema "
		"WHERE tbl_name IN ('dossier_components', 'dossier_steps') ORDER BY type, name)";
	char *want = one_text(conn, shape);
	assert_string_equal(want,
			    "index:dossier_components_document,table:dossier_components,"
			    "table:dossier_steps,trigger:report_component_delete,"
			    "trigger:report_component_update,trigger:report_step_delete,"
			    "trigger:report_step_update"); /* 0046 dropped the insert triggers */
	sqlite3_stmt *q;
	assert_int_not_equal(sqlite3_prepare_v2(conn, "SELECT rowid FROM dossier_components", -1, &q,
						NULL),
			     SQLITE_OK); /* no rowid: a WITHOUT ROWID table */
	assert_int_not_equal(
		sqlite3_prepare_v2(conn, "SELECT rowid FROM dossier_steps", -1, &q, NULL), SQLITE_OK);
	const char *rows =
		"INSERT INTO dossiers (id, code, status, procedure_code, procedure_version, "
		"procedure_name, applicant_kind, applicant_name, applicant_id, receiving_unit, "
		"resolver_unit, served_unit, return_unit, return_channel, channel, submitted_at, "
		"received_at, duration_value, duration_unit, tracking_secret, search_key, created_by, "
		"undigitized) VALUES (7, 'X-7', 'received', 'p', 1, 'P', 'person', 'An', '001', 'u', "
		"'u', 'u', 'u', 'counter', 'counter', 100, 100, 1, 'working_days', 's', 'an', 'an', 1);"
		"INSERT INTO dossier_components (dossier_id, component_id, provided, document, needed) "
		"VALUES (7, 'tp02', 1, NULL, 1), (7, 'tp01', 0, 'sha256:ab', 1), (7, 'tp03', 1, NULL, 0);"
		"INSERT INTO dossier_steps (dossier_id, idx, name, unit, role, duration_value, "
		"duration_unit, done_at, done_by) VALUES (7, 1, 'B', 'u', 'processor', 1, "
		"'working_days', NULL, NULL), (7, 0, 'A', 'u', 'receiver', 1, 'working_days', 200, 'an');";
	char *err = NULL;
	if (sqlite3_exec(conn, rows, NULL, NULL, &err) != SQLITE_OK)
		fail_msg("%s", err);
	const char *content =
		"SELECT (SELECT group_concat(x, ';') FROM (SELECT component_id || ',' || provided || ',' "
		"|| coalesce(document, '-') || ',' || needed || ',' || counted AS x FROM "
		"dossier_components ORDER BY dossier_id, component_id)) || '|' || (SELECT "
		"group_concat(x, ';') FROM (SELECT idx || ',' || name || ',' || role || ',' || "
		"coalesce(done_by, '-') AS x FROM dossier_steps ORDER BY dossier_id, idx)) || '|' || "
		"(SELECT undigitized FROM dossiers WHERE id = 7)";
	char *before = one_text(conn, content);
	assert_string_equal(before, "tp01,0,sha256:ab,1,0;tp02,1,-,1,0;tp03,1,-,0,0|"
				    "0,A,receiver,an;1,B,processor,-|1");
	const struct embed_file *m = embed_find("sql/sqlite/0043_keyed_papers_steps.sql");
	assert_non_null(m);
	if (sqlite3_exec(conn, (const char *)m->data, NULL, NULL, &err) != SQLITE_OK)
		fail_msg("%s", err);
	char *after = one_text(conn, content);
	assert_string_equal(after, before);
	/* 0043 recreated the insert triggers as they were then; 0046 drops them again. */
	if (sqlite3_exec(conn, "DROP TRIGGER report_component_insert; DROP TRIGGER report_step_insert",
			 NULL, NULL, &err) != SQLITE_OK)
		fail_msg("%s", err);
	char *again = one_text(conn, shape);
	assert_string_equal(again, want);
	/* The recreated trigger still counts: the paper tp02 scanned, none left undigitized. */
	if (sqlite3_exec(conn,
			 "UPDATE dossier_components SET document = 'sha256:cd' WHERE dossier_id = 7 AND "
			 "component_id = 'tp02'",
			 NULL, NULL, &err) != SQLITE_OK)
		fail_msg("%s", err);
	char *undigitized = one_text(conn, "SELECT undigitized FROM dossiers WHERE id = 7");
	assert_string_equal(undigitized, "0");
	char *ok = one_text(conn, "PRAGMA integrity_check");
	assert_string_equal(ok, "ok");
	free(want);
	free(before);
	free(after);
	free(again);
	free(undigitized);
	free(ok);
	sqlite3_close(conn);
}

#define T(name) cmocka_unit_test_setup_teardown(name, fixture_setup, fixture_teardown)

/* db_auth_epoch (store/db.h) moves when a row of sessions, users or user_roles changes and again
 * when its transaction ends, whether committed, rolled back or a statement of its own; other
 * tables and reads leave it. The three tables have rowids (SQLite's update hook, which moves it,
 * is not called for a table WITHOUT ROWID). */
static void test_auth_epoch(void **state)
{
	struct fixture *f = *state;
	struct db *other = NULL;
	struct user u;
	memset(&u, 0, sizeof(u));
	SET(u.username, "epoch.user");
	SET(u.full_name, "Người Thử");
	SET(u.password_hash, "$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo");
	fixture_sample_units(f->db);
	assert_int_equal(db_open(f->path, &other), MC_OK);
	uint64_t e0 = db_auth_epoch(f->db);
	assert_true(e0 != 0);
	assert_true(db_auth_epoch(other) == e0); /* one count for the process */

	/* Another table, committed: no move. */
	assert_int_equal(db_begin_write(f->db), MC_OK);
	fixture_unit(f->db, "SP9", "Tạm", "tam", "service_point", "", "PC1", 0);
	assert_int_equal(db_commit(f->db), MC_OK);
	assert_true(db_auth_epoch(f->db) == e0);

	/* A user inserted: moves as the row changes, and again at COMMIT. */
	assert_int_equal(db_begin_write(f->db), MC_OK);
	assert_int_equal(userstore_insert(f->db, &u, "nguoi thu", 1700000000), MC_OK);
	uint64_t e1 = db_auth_epoch(f->db);
	assert_true(e1 > e0);
	assert_true(db_auth_epoch(other) == e1);
	assert_int_equal(db_commit(f->db), MC_OK);
	uint64_t e2 = db_auth_epoch(f->db);
	assert_true(e2 > e1);

	/* Reads on either connection: no move. */
	struct user got;
	assert_int_equal(userstore_by_name(other, "epoch.user", &got), MC_OK);
	assert_true(db_auth_epoch(f->db) == e2);

	/* A session and a role, each a statement of its own (no BEGIN): two moves each. */
	unsigned char hash[TOKEN_HASH_LEN];
	memset(hash, 7, sizeof(hash));
	assert_int_equal(userstore_session_insert(f->db, hash, u.id, 1700000000, 1700043200), MC_OK);
	uint64_t e3 = db_auth_epoch(f->db);
	assert_true(e3 >= e2 + 2);
	struct db_stmt *st = db_prepare(f->db, "INSERT INTO user_roles (user_id, role, unit_code) "
					       "VALUES ($1, 'receiver', 'SP9')");
	assert_non_null(st);
	db_bind_int(st, 1, u.id);
	assert_int_equal(db_run(st), MC_OK);
	uint64_t e4 = db_auth_epoch(f->db);
	assert_true(e4 >= e3 + 2);

	/* A change rolled back: moved all the same (the row changed, then its transaction ended). */
	assert_int_equal(db_begin_write(f->db), MC_OK);
	assert_int_equal(userstore_session_delete(f->db, hash), MC_OK);
	uint64_t e5 = db_auth_epoch(f->db);
	assert_true(e5 > e4);
	db_rollback(f->db);
	uint64_t e6 = db_auth_epoch(f->db);
	assert_true(e6 > e5);

	/* An UPDATE that matches no row changes nothing: no move. */
	st = db_prepare(f->db, "UPDATE users SET full_name = 'x' WHERE id = -1");
	assert_int_equal(db_run(st), MC_OK);
	assert_true(db_auth_epoch(f->db) == e6);

	/* The three tables have rowids. */
	static const char *const tables[] = {"sessions", "users", "user_roles"};
	for (size_t i = 0; i < MC_ARRAY_LEN(tables); i++) {
		st = db_prepare(f->db, "SELECT wr FROM pragma_table_list WHERE schema = 'main' AND "
				       "name = $1");
		db_bind_text(st, 1, tables[i], SIZE_MAX);
		assert_int_equal(db_step_one(st), MC_OK);
		if (db_col_int(st, 0) != 0)
			fail_msg("%s is WITHOUT ROWID: db_auth_epoch would miss its changes", tables[i]);
		assert_int_equal(db_run(st), MC_OK);
	}
	db_close(other);
}

/* One statement that changes more than the statement journal keeps in memory (1 MiB,
 * store/db_sqlite.c STMT_JOURNAL_MEMORY) inside a write transaction: its journal spills to a
 * file in one write of 1 MiB, which SQLite's default VFS wrote as nothing and answered "database
 * or disk is full" until the WAL-gathering VFS split every long write (store/sqlite_walbuf.c).
 * A migration dropping an index of a large table, or a reorganization moving many dossiers in
 * one UPDATE, failed so. */
static void test_big_statement(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(db_exec(f->db, "CREATE TABLE big (id INTEGER PRIMARY KEY, v TEXT NOT NULL);"
				       "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c "
				       "WHERE i < 100000) INSERT INTO big SELECT i, printf('%040d', i) "
				       "FROM c; CREATE INDEX big_v ON big (v);"),
			 MC_OK);
	assert_int_equal(db_begin_write(f->db), MC_OK);
	assert_int_equal(db_exec(f->db, "UPDATE big SET v = v || 'x'"), MC_OK);
	assert_int_equal(db_commit(f->db), MC_OK);
	assert_int_equal(db_begin_write(f->db), MC_OK);
	assert_int_equal(db_exec(f->db, "DROP INDEX big_v"), MC_OK);
	assert_int_equal(db_commit(f->db), MC_OK);
	struct db_stmt *st = db_prepare(f->db, "SELECT count(*), sum(v LIKE '%x') FROM big");
	assert_int_equal(db_step_one(st), MC_OK);
	assert_int_equal(db_col_int(st, 0), 100000);
	assert_int_equal(db_col_int(st, 1), 100000);
	assert_int_equal(db_run(st), MC_OK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_migrate),
		T(test_migrate_new_and_reopened),
		T(test_rollback),
		T(test_commit_visible),
		T(test_release_resets_mid_result),
		T(test_two_writers),
		T(test_backup),
		T(test_failed_statement_blocks_commit),
		T(test_insert_rowid),
		T(test_check_lists),
		T(test_keyed_papers_steps),
		T(test_connection_pragmas),
		T(test_auth_epoch),
		T(test_big_statement),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
