/* Tests of housekeeping (the sweep of expired rows in batches, temporary files, pending logins of
 * the identity provider when their table exists), of the health report's disk threshold, and of a
 * full database answering 503 instead of a 500. */
#include "base/base.h"

#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <sys/time.h>

#include "db_fixture.h"
#include "http/http.h"
#include "store/sweep_store.h"
#include "store/user_store.h"
#include "svc/health.h"
#include "svc/housekeeping.h"

#define NOW 1800000000 /* 2027-01-15 */

static int setup(void **state)
{
	*state = fixture_open("housekeeping");
	return 0;
}

static int teardown(void **state)
{
	fixture_close(*state);
	return 0;
}

static int64_t count(struct db *db, const char *sql)
{
	bool row;
	struct db_stmt *st = db_prepare(db, sql);
	assert_non_null(st);
	assert_int_equal(db_step(st, &row), MC_OK);
	assert_true(row);
	int64_t n = db_col_int(st, 0);
	assert_int_equal(db_run(st), MC_OK);
	return n;
}

static const char SQL_SESSIONS[] = "SELECT count(*) FROM sessions";
static const char SQL_FAILURES[] = "SELECT count(*) FROM login_failures";
static const char SQL_IDEM[] = "SELECT count(*) FROM idempotency_keys";
static const char SQL_ADD_USER[] =
	"INSERT INTO users (id, username, password_hash, full_name, created_at, search_key) "
	"VALUES (7, 'an', 'x', 'An', 0, 'an')";
static const char SQL_ADD_IDEM[] =
	"INSERT INTO idempotency_keys (user_id, key, request_hash, status, body, created_at) "
	"VALUES (7, $1, x'00', 201, 'X', $2)";

static void add_idem(struct db *db, const char *key, int64_t at)
{
	struct db_stmt *st = db_prepare(db, SQL_ADD_IDEM);
	assert_non_null(st);
	db_bind_text(st, 1, key, SIZE_MAX);
	db_bind_int(st, 2, at);
	assert_int_equal(db_run(st), MC_OK);
}

/* One sweep at NOW with the default configuration, the data directory the fixture's. */
static enum mc_err sweep(struct fixture *f, struct housekeeping_report *rep)
{
	struct svc_state *s = xcalloc(1, sizeof(*s));
	svc_config_defaults(&s->cfg);
	s->cfg.data_dir = f->dir;
	struct svc_ctx ctx = {.state = s, .db = f->db, .now = NOW, .real_now = NOW};
	enum mc_err err = housekeeping_sweep(&ctx, rep);
	free(s);
	return err;
}

/* A flood of failed logins of unknown usernames (more than a batch), expired and live sessions,
 * old and recent idempotency keys: the sweep leaves only what is still in force. */
static void test_sweep_rows(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(db_exec(f->db, SQL_ADD_USER), MC_OK);
	assert_int_equal(db_begin_write(f->db), MC_OK);
	for (int i = 0; i < 2 * SWEEP_BATCH + 396; i++) {
		char name[32];
		snprintf(name, sizeof(name), "flood-%d", i);
		struct login_failure lf = {name, "203.0.113.9", NOW - 3600 + i % 60, 0, 5, 1000000};
		assert_int_equal(userstore_failure_add(f->db, &lf), MC_OK);
	}
	struct login_failure recent = {"an", "203.0.113.9", NOW - 10, 0, 5, 1000000};
	assert_int_equal(userstore_failure_add(f->db, &recent), MC_OK);
	unsigned char h1[TOKEN_HASH_LEN] = {1}, h2[TOKEN_HASH_LEN] = {2}, h3[TOKEN_HASH_LEN] = {3};
	assert_int_equal(userstore_session_insert(f->db, h1, 7, NOW - 50000, NOW - 7000), MC_OK);
	assert_int_equal(userstore_session_insert(f->db, h2, 7, NOW - 50000, NOW), MC_OK);
	assert_int_equal(userstore_session_insert(f->db, h3, 7, NOW - 100, NOW + 43000), MC_OK);
	add_idem(f->db, "old", NOW - 86400);
	add_idem(f->db, "new", NOW - 86399);
	assert_int_equal(db_commit(f->db), MC_OK);
	assert_int_equal(count(f->db, SQL_FAILURES), 2 * SWEEP_BATCH + 397);

	struct housekeeping_report rep;
	assert_int_equal(sweep(f, &rep), MC_OK);
	assert_int_equal(rep.login_failures, 2 * SWEEP_BATCH + 396);
	assert_int_equal(rep.sessions, 2);
	assert_int_equal(rep.idempotency_keys, 1);
	assert_int_equal(rep.oidc_pending, 0); /* none pending */
	assert_int_equal(count(f->db, SQL_FAILURES), 1);
	assert_int_equal(count(f->db, SQL_SESSIONS), 1);
	assert_int_equal(count(f->db, SQL_IDEM), 1);
	struct user user;
	int64_t expires = 0, last = 0;
	assert_int_equal(userstore_session_user(f->db, h3, NOW, &user, &expires, &last), MC_OK);
	/* A second sweep finds nothing more. */
	assert_int_equal(sweep(f, &rep), MC_OK);
	assert_int_equal(rep.login_failures + rep.sessions + rep.idempotency_keys, 0);
}

static const char SQL_OIDC_ROWS[] =
	"INSERT INTO oidc_pending VALUES (x'01', 'n', 'v', NULL, 1799990000);"
	"INSERT INTO oidc_pending VALUES (x'02', 'n', 'v', NULL, 1799999000)";
static const char SQL_OIDC[] = "SELECT count(*) FROM oidc_pending";

static void test_sweep_oidc_pending(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(db_exec(f->db, SQL_OIDC_ROWS), MC_OK);
	struct housekeeping_report rep;
	assert_int_equal(sweep(f, &rep), MC_OK);
	assert_int_equal(rep.oidc_pending, 1);
	assert_int_equal(count(f->db, SQL_OIDC), 1);
}

static void touch(const char *path, int64_t mtime)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "x", 1), 1);
	close(fd);
	struct timeval tv[2] = {{(time_t)mtime, 0}, {(time_t)mtime, 0}};
	assert_int_equal(utimes(path, tv), 0);
}

static void test_sweep_tmp_files(void **state)
{
	struct fixture *f = *state;
	char dir[128], blobs[128], sub[256], path[512];
	struct housekeeping_report rep;
	/* Neither directory exists yet: nothing to do, no error. */
	assert_int_equal(sweep(f, &rep), MC_OK);
	assert_int_equal(rep.tmp_files, 0);
	snprintf(dir, sizeof(dir), "%s/tmp", f->dir);
	snprintf(blobs, sizeof(blobs), "%s/blobs", f->dir);
	assert_int_equal(mkdir(dir, 0700), 0);
	assert_int_equal(mkdir(blobs, 0700), 0);
	snprintf(blobs, sizeof(blobs), "%s/blobs/tmp", f->dir);
	assert_int_equal(mkdir(blobs, 0700), 0);
	snprintf(path, sizeof(path), "%s/upload-old", dir);
	touch(path, NOW - HOUSEKEEPING_TMP_AGE);
	snprintf(path, sizeof(path), "%s/upload-new", dir);
	touch(path, NOW - HOUSEKEEPING_TMP_AGE + 1);
	snprintf(path, sizeof(path), "%s/0123abcd", blobs);
	touch(path, NOW - 86400);
	snprintf(sub, sizeof(sub), "%s/keep-dir", dir); /* directories are left alone */
	assert_int_equal(mkdir(sub, 0700), 0);
	assert_int_equal(sweep(f, &rep), MC_OK);
	assert_int_equal(rep.tmp_files, 2);
	snprintf(path, sizeof(path), "%s/upload-old", dir);
	assert_int_equal(access(path, F_OK), -1);
	snprintf(path, sizeof(path), "%s/upload-new", dir);
	assert_int_equal(access(path, F_OK), 0);
	snprintf(path, sizeof(path), "%s/0123abcd", blobs);
	assert_int_equal(access(path, F_OK), -1);
	assert_int_equal(access(sub, F_OK), 0);
}

static const char SQL_BIG_TABLE[] = "CREATE TABLE filler (v BLOB NOT NULL)";
static const char SQL_FILL[] = "INSERT INTO filler VALUES (zeroblob(100000))";
static const char SQL_PAGES[] = "PRAGMA page_count";
static const char SQL_LIMIT_PAGES[] = "PRAGMA max_page_count = 300";

/* SQLite's "database or disk is full" (here a page limit) is MC_EBUSY, answered 503, never 500. */
static void test_full_database_is_503(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(db_exec(f->db, SQL_BIG_TABLE), MC_OK);
	assert_true(count(f->db, SQL_PAGES) < 300);
	assert_int_equal(db_exec(f->db, SQL_LIMIT_PAGES), MC_OK);
	enum mc_err err = MC_OK;
	for (int i = 0; i < 100 && !err; i++) {
		struct db_stmt *st = db_prepare(f->db, SQL_FILL);
		assert_non_null(st);
		err = db_run(st);
	}
	assert_int_equal(err, MC_EBUSY);
	assert_int_equal(resp_status_of(err), 503);
}

static void test_health_disk_threshold(void **state)
{
	struct fixture *f = *state;
	struct svc_state *s = xcalloc(1, sizeof(*s));
	svc_config_defaults(&s->cfg);
	s->cfg.data_dir = f->dir;
	struct svc_ctx ctx = {.state = s, .db = f->db, .arena = &f->arena};
	struct health_report h;
	s->cfg.disk_min_free = 0;
	health_check(&ctx, &h);
	assert_int_equal(h.nreasons, 0);
	assert_true(h.disk_known && h.disk_free > 0);
	s->cfg.disk_min_free = h.disk_free * 4 + (1ull << 40); /* above any real free space */
	health_check(&ctx, &h);
	assert_int_equal(h.nreasons, 1);
	assert_string_equal(h.reasons[0], "disk_low");
	s->cfg.data_dir = "/nonexistent/motcua";
	health_check(&ctx, &h);
	assert_int_equal(h.nreasons, 1);
	assert_string_equal(h.reasons[0], "data_dir_unavailable");
	free(s);
}

/* One claim of a periodic job per interval, whoever asks (instances on one database): the first
 * asker gets it, a second one within the interval does not, the next interval's first does. */
static void test_claim_once_per_interval(void **state)
{
	struct fixture *f = *state;
	bool mine = false;
	assert_int_equal(db_begin_write(f->db), MC_OK);
	assert_int_equal(sweep_claim(f->db, "housekeeping", NOW, NOW - 540, &mine), MC_OK);
	assert_true(mine); /* never run before */
	assert_int_equal(sweep_claim(f->db, "housekeeping", NOW + 30, NOW + 30 - 540, &mine), MC_OK);
	assert_false(mine); /* another instance, 30 s later */
	assert_int_equal(sweep_claim(f->db, "other-job", NOW + 30, NOW + 30 - 540, &mine), MC_OK);
	assert_true(mine); /* jobs are claimed apart */
	assert_int_equal(sweep_claim(f->db, "housekeeping", NOW + 540, NOW, &mine), MC_OK);
	assert_true(mine); /* nine tenths of the interval later */
	assert_int_equal(sweep_claim(f->db, "housekeeping", NOW + 600, NOW + 60, &mine), MC_OK);
	assert_false(mine); /* started at NOW + 540, after NOW + 60 */
	assert_int_equal(db_commit(f->db), MC_OK);
	assert_int_equal(count(f->db, "SELECT started_at FROM job_runs WHERE name = 'housekeeping'"),
			 NOW + 540);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_sweep_rows),
		T(test_sweep_oidc_pending),
		T(test_sweep_tmp_files),
		T(test_full_database_is_503),
		T(test_health_disk_threshold),
		T(test_claim_once_per_interval),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
