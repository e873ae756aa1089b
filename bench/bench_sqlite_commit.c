/* The ceiling of durable intake: raw SQLite single-row durable commits of the dossiers table's row
 * shape. Opens a database file in a new temporary directory (under DIR, default $TMPDIR or /tmp:
 * put it on the file system of motcua's data directory so both pay the same fsync), with WAL and
 * synchronous=FULL like motcua, creates the dossiers table as migration 0005 does (same columns,
 * CHECKs and indexes; no foreign keys: there is no units table), then runs BEGIN IMMEDIATE;
 * INSERT; COMMIT from T threads, each with its own connection (busy timeout 10 s, as motcua's),
 * for D seconds. Rows are the size of a counter intake's. Prints one line:
 *
 *   BENCH_SQLITE threads=T seconds=D commits=N cps=X busy=B
 *
 * (cps: commits per second; busy: SQLITE_BUSY answers after the timeout, which must be 0).
 *
 *   build/bench_sqlite_commit T D [DIR]
 *
 * Not a test. The temporary directory is removed at the end. */
#include "base/base.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <time.h>
#include <unistd.h>

static const char SCHEMA[] =
	"CREATE TABLE dossiers ("
	" id INTEGER PRIMARY KEY,"
	" code TEXT NOT NULL UNIQUE,"
	" status TEXT NOT NULL CHECK (status IN ('submitted', 'needs_completion', 'received',"
	"  'processing', 'awaiting_supplement', 'ready_for_return', 'returned', 'stopped',"
	"  'refused')),"
	" procedure_code TEXT NOT NULL,"
	" procedure_version INTEGER NOT NULL,"
	" procedure_name TEXT NOT NULL,"
	" applicant_kind TEXT NOT NULL CHECK (applicant_kind IN ('person', 'organization')),"
	" applicant_name TEXT NOT NULL,"
	" applicant_id TEXT NOT NULL,"
	" applicant_phone TEXT,"
	" applicant_email TEXT,"
	" applicant_address TEXT,"
	" search_key TEXT NOT NULL,"
	" channel TEXT NOT NULL CHECK (channel IN ('counter', 'online', 'post')),"
	" receiving_unit TEXT NOT NULL,"
	" served_unit TEXT NOT NULL,"
	" resolver_unit TEXT NOT NULL,"
	" return_unit TEXT NOT NULL,"
	" return_channel TEXT NOT NULL CHECK (return_channel IN ('counter', 'post', 'online')),"
	" duration_value INTEGER NOT NULL,"
	" duration_unit TEXT NOT NULL,"
	" submitted_at INTEGER NOT NULL,"
	" received_at INTEGER,"
	" due_at INTEGER,"
	" paused_since INTEGER,"
	" paused_seconds INTEGER NOT NULL DEFAULT 0,"
	" supplement_requests INTEGER NOT NULL DEFAULT 0,"
	" extended_due_at INTEGER,"
	" extended_reason TEXT,"
	" current_step INTEGER,"
	" decided_at INTEGER,"
	" decision TEXT CHECK (decision IN ('approved', 'denied')),"
	" decision_reason TEXT,"
	" result_number TEXT,"
	" result_title TEXT,"
	" result_document TEXT,"
	" timeliness TEXT CHECK (timeliness IN ('early', 'on_time', 'late')),"
	" returned_at INTEGER,"
	" returned_channel TEXT,"
	" returned_unit TEXT,"
	" closed_reason TEXT,"
	" tracking_secret TEXT NOT NULL,"
	" calendar_versions TEXT NOT NULL DEFAULT '{}',"
	" created_by TEXT NOT NULL,"
	" version INTEGER NOT NULL DEFAULT 1,"
	" rating TEXT,"
	" rating_comment TEXT,"
	" rated_at INTEGER"
	") STRICT;"
	"CREATE INDEX dossiers_applicant ON dossiers (applicant_id, id);"
	"CREATE INDEX dossiers_status_due ON dossiers (status, due_at);";

static const char PRAGMAS[] = "PRAGMA journal_mode=WAL;"
			      "PRAGMA synchronous=FULL;"
			      "PRAGMA foreign_keys=ON;"
			      "PRAGMA temp_store=MEMORY;"
			      "PRAGMA cache_size=-16000;";

static const char INSERT[] =
	"INSERT INTO dossiers (code, status, procedure_code, procedure_version, procedure_name, "
	"applicant_kind, applicant_name, applicant_id, applicant_phone, applicant_email, "
	"applicant_address, search_key, channel, receiving_unit, served_unit, resolver_unit, "
	"return_unit, return_channel, duration_value, duration_unit, submitted_at, received_at, "
	"due_at, tracking_secret, calendar_versions, created_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
	"?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26)";

static const char *db_path;
static double deadline;
static atomic_llong commits, busy;
static atomic_int failed;

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static bool exec(sqlite3 *db, const char *sql)
{
	char *msg = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) == SQLITE_OK)
		return true;
	fprintf(stderr, "bench_sqlite_commit: %s\n", msg ? msg : sqlite3_errmsg(db));
	sqlite3_free(msg);
	return false;
}

static sqlite3 *open_db(void)
{
	sqlite3 *db = NULL;
	if (sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
				       SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		fprintf(stderr, "bench_sqlite_commit: cannot open %s\n", db_path);
		sqlite3_close(db);
		return NULL;
	}
	sqlite3_busy_timeout(db, 10000);
	if (!exec(db, PRAGMAS)) {
		sqlite3_close(db);
		return NULL;
	}
	return db;
}

static void text(sqlite3_stmt *st, int n, const char *s)
{
	sqlite3_bind_text(st, n, s, -1, SQLITE_TRANSIENT);
}

static void *writer(void *arg)
{
	long id = (long)(intptr_t)arg;
	sqlite3 *db = open_db();
	sqlite3_stmt *begin = NULL, *insert = NULL, *commit = NULL, *rollback = NULL;
	char code[48];
	if (!db || sqlite3_prepare_v2(db, "BEGIN IMMEDIATE", -1, &begin, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, INSERT, -1, &insert, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "COMMIT", -1, &commit, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "ROLLBACK", -1, &rollback, NULL) != SQLITE_OK) {
		if (db)
			fprintf(stderr, "bench_sqlite_commit: %s\n", sqlite3_errmsg(db));
		failed = 1;
		goto out;
	}
	int64_t t = (int64_t)time(NULL);
	for (long long i = 0; now_seconds() < deadline; i++) {
		snprintf(code, sizeof(code), "001.01.50.H26-%02ld%04lld-%04lld", id, i / 10000,
			 i % 10000);
		int rc = sqlite3_step(begin);
		sqlite3_reset(begin);
		if (rc == SQLITE_BUSY) {
			busy++;
			continue;
		}
		if (rc != SQLITE_DONE)
			break;
		text(insert, 1, code);
		text(insert, 2, "received");
		text(insert, 3, "1.004837");
		sqlite3_bind_int64(insert, 4, 1);
		text(insert, 5, "Đăng ký giám hộ");
		text(insert, 6, "person");
		text(insert, 7, "Nguyễn Thị Hằng");
		text(insert, 8, "001190012345");
		text(insert, 9, "0912345678");
		sqlite3_bind_null(insert, 10);
		text(insert, 11, "Số 1 Tràng Tiền, Hoàn Kiếm");
		text(insert, 12, "nguyen thi hang");
		text(insert, 13, "counter");
		text(insert, 14, "001.01.50.H26");
		text(insert, 15, "001.01.50.H26");
		text(insert, 16, "001.00.50.H26");
		text(insert, 17, "001.01.50.H26");
		text(insert, 18, "counter");
		sqlite3_bind_int64(insert, 19, 3);
		text(insert, 20, "working_days");
		sqlite3_bind_int64(insert, 21, t);
		sqlite3_bind_int64(insert, 22, t);
		sqlite3_bind_int64(insert, 23, t + 3 * 86400);
		text(insert, 24, "ABCDEFGHJK");
		text(insert, 25, "{\"2026\":1}");
		text(insert, 26, "tiepnhan.hoankiem");
		rc = sqlite3_step(insert);
		sqlite3_reset(insert);
		if (rc != SQLITE_DONE) {
			fprintf(stderr, "bench_sqlite_commit: insert: %s\n", sqlite3_errmsg(db));
			sqlite3_step(rollback);
			sqlite3_reset(rollback);
			failed = 1;
			break;
		}
		rc = sqlite3_step(commit);
		sqlite3_reset(commit);
		if (rc != SQLITE_DONE) {
			fprintf(stderr, "bench_sqlite_commit: commit: %s\n", sqlite3_errmsg(db));
			sqlite3_step(rollback);
			sqlite3_reset(rollback);
			failed = 1;
			break;
		}
		commits++;
	}
out:
	sqlite3_finalize(begin);
	sqlite3_finalize(insert);
	sqlite3_finalize(commit);
	sqlite3_finalize(rollback);
	sqlite3_close(db);
	return NULL;
}

static bool parse_count(const char *s, long max, long *out)
{
	char *end;
	if (!s || !*s)
		return false;
	long v = strtol(s, &end, 10);
	if (*end || v < 1 || v > max)
		return false;
	*out = v;
	return true;
}

int main(int argc, char **argv)
{
	long nthreads, seconds;
	char dir[4096], path[4200], name[4300];
	if (argc < 3 || argc > 4 || !parse_count(argv[1], 1024, &nthreads) ||
	    !parse_count(argv[2], 3600, &seconds)) {
		fprintf(stderr, "usage: bench_sqlite_commit THREADS SECONDS [DIR]\n");
		return 2;
	}
	const char *base = argc == 4 ? argv[3] : getenv("TMPDIR");
	snprintf(dir, sizeof(dir), "%s/motcua-sqlite.XXXXXX", base && *base ? base : "/tmp");
	if (!mkdtemp(dir)) {
		perror(dir);
		return 1;
	}
	snprintf(path, sizeof(path), "%s/commit.db", dir);
	db_path = path;
	int rc = 1;
	sqlite3 *db = open_db();
	if (!db || !exec(db, SCHEMA))
		goto out;
	pthread_t *threads = xcalloc((size_t)nthreads, sizeof(*threads));
	double t0 = now_seconds();
	deadline = t0 + (double)seconds;
	for (long i = 0; i < nthreads; i++)
		pthread_create(&threads[i], NULL, writer, (void *)(intptr_t)i);
	for (long i = 0; i < nthreads; i++)
		pthread_join(threads[i], NULL);
	double elapsed = now_seconds() - t0;
	free(threads);
	if (failed)
		goto out;
	printf("BENCH_SQLITE threads=%ld seconds=%.2f commits=%lld cps=%.1f busy=%lld\n", nthreads,
	       elapsed, (long long)commits, (double)commits / elapsed, (long long)busy);
	rc = 0;
out:
	sqlite3_close(db);
	static const char *const suffixes[] = {"", "-wal", "-shm"};
	for (size_t i = 0; i < MC_ARRAY_LEN(suffixes); i++) {
		snprintf(name, sizeof(name), "%s%s", path, suffixes[i]);
		unlink(name);
	}
	rmdir(dir);
	return rc;
}
