/* Tests of the WAL-gathering VFS (store/sqlite_walbuf.h), on real database files: a commit's
 * frames reach the file in a few writes and another connection (on the default VFS) sees them; a
 * transaction larger than the page cache, whose spilled frames are rolled back, leaves nothing
 * that a later writer on another connection could find overwritten; a transaction larger than the
 * gathering's cap and a run of exactly 128 KiB are written whole; after all that the file passes
 * integrity_check when opened again. */
#include "base/base.h"

#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sqlite3.h>
#include <unistd.h>

#include "store/sqlite_walbuf.h"

struct dir {
	char path[64], db[96];
};

static void dir_make(struct dir *d)
{
	snprintf(d->path, sizeof(d->path), "/tmp/motcua-test-walbuf-XXXXXX");
	assert_non_null(mkdtemp(d->path));
	snprintf(d->db, sizeof(d->db), "%s/t.db", d->path);
}

static void dir_remove(struct dir *d)
{
	char p[128];
	static const char *const suffix[] = {"", "-wal", "-shm", "-journal"};
	for (size_t i = 0; i < MC_ARRAY_LEN(suffix); i++) {
		snprintf(p, sizeof(p), "%s%s", d->db, suffix[i]);
		unlink(p);
	}
	rmdir(d->path);
}

static void exec(sqlite3 *db, const char *sql)
{
	char *err = NULL;
	int rc = sqlite3_exec(db, sql, NULL, NULL, &err);
	if (rc != SQLITE_OK)
		fail_msg("%s: %s", sql, err ? err : sqlite3_errstr(rc));
}

static int64_t one(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	int64_t v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static const char *text(sqlite3 *db, const char *sql, char *out, size_t cap)
{
	sqlite3_stmt *st = NULL;
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	snprintf(out, cap, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return out;
}

/* A connection as the pool opens one: through the VFS (or the default one), WAL, synchronous=FULL. */
static sqlite3 *open_conn(const char *path, bool gathering)
{
	sqlite3 *db = NULL;
	const char *vfs = gathering ? sqlite_walbuf_vfs() : NULL;
	if (gathering)
		assert_non_null(vfs);
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
	assert_int_equal(sqlite3_open_v2(path, &db, flags, vfs), SQLITE_OK);
	sqlite3_busy_timeout(db, 5000);
	exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA wal_autocheckpoint=0");
	return db;
}

/* Inserts n rows of 1,000 bytes with ids from first, in one transaction, committed or not. */
static void insert_rows(sqlite3 *db, int first, int n, bool commit)
{
	char sql[160];
	exec(db, "BEGIN IMMEDIATE");
	snprintf(sql, sizeof(sql),
		 "WITH RECURSIVE s(i) AS (SELECT %d UNION ALL SELECT i + 1 FROM s WHERE i < %d) "
		 "INSERT INTO t SELECT i, randomblob(1000) FROM s",
		 first, first + n - 1);
	exec(db, sql);
	exec(db, commit ? "COMMIT" : "ROLLBACK");
}

static void test_commit_gathered_and_seen(void **state)
{
	MC_UNUSED(state);
	struct dir d;
	dir_make(&d);
	sqlite3 *a = open_conn(d.db, true);
	sqlite3 *b = open_conn(d.db, false);
	exec(a, "CREATE TABLE t (id INTEGER PRIMARY KEY, v BLOB NOT NULL)");
	struct sqlite_walbuf_stats s0, s1;
	sqlite_walbuf_stats(&s0);
	insert_rows(a, 1, 20, true); /* ~6 pages: 2 writes each on the default VFS */
	sqlite_walbuf_stats(&s1);
	uint64_t gathered = s1.gathered - s0.gathered, writes = s1.writes - s0.writes;
	assert_true(gathered >= 10);
	assert_int_equal(writes, 1); /* one run: the commit's frames */
	assert_int_equal(one(b, "SELECT count(*) FROM t"), 20);
	assert_int_equal(one(b, "SELECT sum(length(v)) FROM t"), 20000);
	/* A transaction past the gathering's cap (1 MiB): 1,500 rows of 1,000 bytes. */
	insert_rows(a, 21, 1500, true);
	assert_int_equal(one(b, "SELECT count(*) FROM t"), 1520);
	sqlite3_close(a);
	sqlite3_close(b);
	char ok[32];
	sqlite3 *c = open_conn(d.db, false);
	assert_string_equal(text(c, "PRAGMA integrity_check", ok, sizeof(ok)), "ok");
	assert_int_equal(one(c, "SELECT count(*) FROM t"), 1520);
	sqlite3_close(c);
	dir_remove(&d);
}

/* A's transaction spills frames to the WAL (its cache holds 10 pages) and rolls back; B then
 * writes at the same offsets and commits; A reads. Were A's rolled-back frames still gathered
 * then, A's read would write them over B's: B's rows would be lost or the file corrupt. */
static void test_rollback_then_other_writer(void **state)
{
	MC_UNUSED(state);
	struct dir d;
	dir_make(&d);
	sqlite3 *a = open_conn(d.db, true);
	sqlite3 *b = open_conn(d.db, false);
	exec(a, "CREATE TABLE t (id INTEGER PRIMARY KEY, v BLOB NOT NULL); PRAGMA cache_size=10");
	insert_rows(a, 1, 10, true);
	for (int round = 0; round < 3; round++) {
		/* An empty WAL: the rollback then reads nothing from it (a read would write the
		 * gathered frames first), so only the write lock's release writes them. */
		exec(a, "PRAGMA wal_checkpoint(TRUNCATE)");
		insert_rows(a, 1000, 300, false); /* ~80 pages through a 10-page cache, undone */
		insert_rows(b, 100 + round * 100, 50, true);
		assert_int_equal(one(a, "SELECT count(*) FROM t"), 10 + 50 * (round + 1));
		assert_int_equal(one(a, "SELECT count(*) FROM t WHERE length(v) = 1000"),
				 10 + 50 * (round + 1));
	}
	char ok[32];
	assert_string_equal(text(a, "PRAGMA integrity_check", ok, sizeof(ok)), "ok");
	sqlite3_close(a);
	sqlite3_close(b);
	sqlite3 *c = open_conn(d.db, true);
	assert_string_equal(text(c, "PRAGMA integrity_check", ok, sizeof(ok)), "ok");
	assert_int_equal(one(c, "SELECT count(*) FROM t"), 160);
	sqlite3_close(c);
	dir_remove(&d);
}

/* Runs of 128 KiB and more reach the default VFS in pieces below its 17-bit write length. */
static void test_long_runs(void **state)
{
	MC_UNUSED(state);
	struct dir d;
	dir_make(&d);
	sqlite3 *a = open_conn(d.db, true);
	exec(a, "PRAGMA page_size=4096; CREATE TABLE t (id INTEGER PRIMARY KEY, v BLOB NOT NULL)");
	for (int n = 100; n <= 700; n += 150)
		insert_rows(a, n * 10, n, true);
	char ok[32];
	assert_string_equal(text(a, "PRAGMA integrity_check", ok, sizeof(ok)), "ok");
	assert_int_equal(one(a, "SELECT count(*) FROM t"), 100 + 250 + 400 + 550 + 700);
	exec(a, "PRAGMA wal_checkpoint(TRUNCATE)");
	sqlite3_close(a);
	sqlite3 *c = open_conn(d.db, false);
	assert_string_equal(text(c, "PRAGMA integrity_check", ok, sizeof(ok)), "ok");
	assert_int_equal(one(c, "SELECT count(*) FROM t"), 2000);
	sqlite3_close(c);
	dir_remove(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_commit_gathered_and_seen),
		cmocka_unit_test(test_rollback_then_other_writer),
		cmocka_unit_test(test_long_runs),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
