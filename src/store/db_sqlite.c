/* The SQLite backend of store/db.h (store/db_internal.h): pragmas, a statement cache per
 * connection, transactions with a process-wide write lock, the WAL checkpointer of a pool. It
 * knows nothing of the tables; store modules own their SQL. */
#include "base/base.h"

#include <pthread.h>
#include <stdatomic.h>
#include <strings.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/arena.h"
#include "base/log.h"
#include "store/db_internal.h"
#include "store/sqlite_mem.h"
#include "store/sqlite_walbuf.h"

/* An open-addressed table of prepared statements, by SQL text address, per connection. The store
 * has ~350 statement texts (312 named, some arrays of variants): 256 slots would have been filled
 * by a connection that ran most of them (a long-lived pool connection does), and a full table
 * aborts the process; 1024 keeps it under a third full. */
#define STMT_CACHE 1024

#define STMT_PARAMS (DB_PARAMS_MAX + 1) /* $1..$47 have their index remembered */

struct db_stmt {
	struct db_stmt_common common;
	const char *sql;
	sqlite3_stmt *st;
	int param[STMT_PARAMS]; /* SQLite's index of $n, 0 until first bound */
	/* db_prepare_insert's: prepared without " RETURNING id"; rowid_row while the one row that
	 * clause would give is the current row (its id in rowid). */
	bool rowid_insert, rowid_row;
	int64_t rowid;
	uint64_t runs, cpu_ns;  /* with MOTCUA_STMT_STATS only */
};

struct db {
	struct db_common common;
	sqlite3 *conn;
	bool writing; /* holds write_lock */
	bool auth_dirty; /* a row of an AUTH_TABLES table changed in the open transaction */
	bool row_given;  /* a step answered a row since sq_release last looked (a statement may be
			  * left mid-result) */
	uint64_t commits, commit_ns; /* write commits, with MOTCUA_STMT_STATS only */
	struct db_stmt cache[STMT_CACHE];
};

/* MOTCUA_STMT_STATS=1 (a profiling aid, docs/performance.md "Intake CPU"): each connection counts
 * the runs of its cached statements and the CPU time of their steps (the thread's clock, so time
 * spent waiting is not counted), and its write commits, and logs them when it closes, with
 * SQLite's own counters (VM steps, full-scan steps, sorts, automatic indexes). */
static bool stmt_stats;
static pthread_once_t stmt_stats_once = PTHREAD_ONCE_INIT;

static void stmt_stats_init(void)
{
	const char *v = getenv("MOTCUA_STMT_STATS");
	stmt_stats = v && *v && strcmp(v, "0") != 0;
}

static uint64_t thread_ns(void)
{
	struct timespec t;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
	return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

static void stmt_stats_log(struct db *db)
{
	if (db->commits)
		log_info("stmt-stats commits=%llu cpu_us=%llu", (unsigned long long)db->commits,
			 (unsigned long long)(db->commit_ns / 1000));
	for (size_t i = 0; i < STMT_CACHE; i++) {
		struct db_stmt *e = &db->cache[i];
		if (!e->st || !e->runs)
			continue;
		log_info("stmt-stats runs=%llu cpu_us=%llu vm_steps=%d fullscan=%d sort=%d "
			 "autoindex=%d sql=%.160s",
			 (unsigned long long)e->runs, (unsigned long long)(e->cpu_ns / 1000),
			 sqlite3_stmt_status(e->st, SQLITE_STMTSTATUS_VM_STEP, 0),
			 sqlite3_stmt_status(e->st, SQLITE_STMTSTATUS_FULLSCAN_STEP, 0),
			 sqlite3_stmt_status(e->st, SQLITE_STMTSTATUS_SORT, 0),
			 sqlite3_stmt_status(e->st, SQLITE_STMTSTATUS_AUTOINDEX, 0), e->sql);
	}
}

/* WAL checkpoints of a pool run on a thread of their own once the WAL has CKPT_FRAMES pages, so that
 * no request pays for one while it holds the write lock (SQLite's automatic checkpoint runs in the
 * committing connection). Past CKPT_FRAMES_MAX pages (a checkpointer that cannot keep up) the
 * committing connection checkpoints itself, as SQLite would. A checkpoint copies each page once,
 * from its last frame: every 4,000 pages rather than 1,000, the pages every commit rewrites (the
 * right edges of the b-trees, the statistics cells) are copied a quarter as often, 96 page copies
 * per 1,000 frames instead of 165 (docs/performance.md "Checkpoints every 4,000 WAL pages"). */
#define CKPT_FRAMES 4000
#define CKPT_FRAMES_MAX 20000
/* The checkpointer also runs this many pages before CKPT_FRAMES_MAX (wal_hook). */
#define CKPT_TAIL 1000

struct checkpointer {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	bool want, stop, running;
	int last_frames, next_at; /* pages in the WAL at the last commit; the next checkpoint's */
	struct db *db;
};

/* temp_store=FILE, SQLite's own default, not MEMORY: every statement that writes through a
 * trigger (or several rows) keeps a statement journal, a copy of each page it changes first, and
 * with MEMORY that journal is a chain of 1 KiB chunks, five allocations and frees per page (an
 * intake's INSERT INTO dossiers changes a dozen pages). With FILE it is one 64 KiB buffer in
 * memory that only a statement changing more than 64 KiB of pages spills to a temporary file;
 * temporary b-trees likewise stay in their cache until it is full. docs/performance.md
 * "Statement journals (issue 22)". */
static const char SQL_PRAGMAS[] = "PRAGMA journal_mode=WAL;"
				  "PRAGMA synchronous=FULL;"
				  "PRAGMA foreign_keys=ON;"
				  "PRAGMA temp_store=FILE;"
				  "PRAGMA cache_size=-16000;";

static enum mc_err sq_exec(struct db *db, const char *sql);
static void sq_close(struct db *db);

/* db_auth_epoch: a process-wide count that moves whenever a connection of this process changes a
 * row of a table that says who a session's user is and what they may do: once as the row changes
 * (SQLite's update hook: every INSERT, UPDATE and DELETE of a table with rowids, whatever
 * statement or trigger made it) and once more when that transaction has ended (committed or
 * rolled back). An answer read after the epoch was taken is thus known
 * stale by the epoch's move, whether it was read before the change, during it or before its
 * commit (svc/session_cache.h). The tables all have rowids (migrations keep them so: a table
 * WITHOUT ROWID would not call the hook; test_store_db checks). */
static const char *const AUTH_TABLES[] = {"sessions", "users", "user_roles"};
static _Atomic uint64_t auth_epoch = 1;

/* SQLite's update hook: every row a statement of the connection inserts, updates or deletes in a
 * table with rowids. */
static void row_hook(void *arg, int op, const char *schema, const char *table, sqlite3_int64 rowid)
{
	struct db *db = arg;
	MC_UNUSED(op);
	MC_UNUSED(schema);
	MC_UNUSED(rowid);
	txmemo_row_changed(db, table); /* store/tx_memo.h: the audit tail, the day counters */
	for (size_t i = 0; i < MC_ARRAY_LEN(AUTH_TABLES); i++) {
		if (strcmp(table, AUTH_TABLES[i]) == 0) {
			db->auth_dirty = true;
			atomic_fetch_add(&auth_epoch, 1);
			return;
		}
	}
}

/* After a statement or transaction statement: once no transaction is open any more, a change of
 * an AUTH_TABLES row is over (committed or undone), and the epoch moves again. */
static inline void auth_settle(struct db *db)
{
	if (db->auth_dirty && sqlite3_get_autocommit(db->conn)) {
		db->auth_dirty = false;
		atomic_fetch_add(&auth_epoch, 1);
	}
}

static uint64_t sq_auth_epoch(struct db *db)
{
	MC_UNUSED(db);
	return atomic_load(&auth_epoch);
}

/* SQLite's process-wide settings, made before it first initializes (sqlite3_config refuses them
 * after; a process that used SQLite before opening a store keeps the defaults). No memory
 * statistics: with them on (SQLite's default) every allocation and free of every connection takes
 * one global mutex to count the bytes, and motcua reads no such count. SQLite's allocations go
 * through store/sqlite_mem.h, which caches freed blocks per thread (Debian's SQLite has no
 * lookaside). */
static pthread_once_t global_once = PTHREAD_ONCE_INIT;

/* The bytes of a statement journal kept in memory, in one buffer, before it spills to a file
 * (SQL_PRAGMAS). */
#define STMT_JOURNAL_MEMORY (1 << 20)

static void global_init(void)
{
	if (!sqlite_mem_install() || sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) != SQLITE_OK ||
	    sqlite3_config(SQLITE_CONFIG_STMTJRNL_SPILL, STMT_JOURNAL_MEMORY) != SQLITE_OK)
		log_warn("SQLite was initialized before motcua could configure it");
}

static enum mc_err sq_open(const char *path, struct db **out)
{
	pthread_once(&global_once, global_init);
	pthread_once(&stmt_stats_once, stmt_stats_init);
	struct db *db = xcalloc(1, sizeof(*db));
	db->common.ops = &db_sqlite_ops;
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
	/* WAL writes gathered per sync (store/sqlite_walbuf.h): safe with SQL_PRAGMAS's
	 * synchronous=FULL, which every connection opened here runs before its first statement. */
	if (sqlite3_open_v2(path, &db->conn, flags, sqlite_walbuf_vfs()) != SQLITE_OK) {
		log_error("cannot open database \"%s\": %s", path,
			  db->conn ? sqlite3_errmsg(db->conn) : "out of memory");
		sq_close(db);
		return MC_EDB;
	}
	sqlite3_busy_timeout(db->conn, 10000);
	sqlite3_extended_result_codes(db->conn, 1);
	sqlite3_update_hook(db->conn, row_hook, db);
	enum mc_err err = sq_exec(db, SQL_PRAGMAS);
	if (err) {
		sq_close(db);
		return err;
	}
	*out = db;
	return MC_OK;
}

static void sq_close(struct db *db)
{
	if (!db)
		return;
	if (stmt_stats)
		stmt_stats_log(db);
	for (size_t i = 0; i < STMT_CACHE; i++)
		sqlite3_finalize(db->cache[i].st);
	sqlite3_close(db->conn);
	free(db);
}

static void *checkpoint_main(void *arg)
{
	thread_name("mc-checkpoint");
	struct checkpointer *c = arg;
	for (;;) {
		pthread_mutex_lock(&c->lock);
		while (!c->want && !c->stop)
			pthread_cond_wait(&c->wake, &c->lock);
		bool stop = c->stop;
		c->want = false;
		pthread_mutex_unlock(&c->lock);
		if (stop)
			return NULL;
		int rc = sqlite3_wal_checkpoint_v2(c->db->conn, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL,
						   NULL);
		if (rc != SQLITE_OK && (rc & 0xff) != SQLITE_BUSY && (rc & 0xff) != SQLITE_LOCKED)
			log_warn("WAL checkpoint failed: %s", sqlite3_errmsg(c->db->conn));
	}
}

/* Called by SQLite after each commit of a pool connection, the write lock released: asks for a
 * checkpoint each CKPT_FRAMES new pages (the WAL only starts over at the first commit after a
 * complete checkpoint, so its size alone would ask again after every commit until then). */
static int wal_hook(void *arg, sqlite3 *conn, const char *name, int frames)
{
	struct checkpointer *c = arg;
	if (frames >= CKPT_FRAMES_MAX) {
		sqlite3_wal_checkpoint_v2(conn, name, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
		return SQLITE_OK;
	}
	pthread_mutex_lock(&c->lock);
	if (frames < c->last_frames || c->next_at == 0)
		c->next_at = CKPT_FRAMES; /* the WAL started over */
	c->last_frames = frames;
	if (frames >= c->next_at) {
		c->next_at = frames + CKPT_FRAMES;
		/* and once more CKPT_TAIL pages before the committing connection's own checkpoint,
		 * which then copies what came after it alone */
		if (frames < CKPT_FRAMES_MAX - CKPT_TAIL && c->next_at > CKPT_FRAMES_MAX - CKPT_TAIL)
			c->next_at = CKPT_FRAMES_MAX - CKPT_TAIL;
		c->want = true;
		pthread_cond_signal(&c->wake);
	}
	pthread_mutex_unlock(&c->lock);
	return SQLITE_OK;
}

/* A pool's checkpointer: a connection of its own and a thread, woken by the WAL hook of each
 * connection of the pool. NULL when it cannot start (SQLite then checkpoints as it commits). */
static void *sq_pool_start(const char *path, struct db **all, size_t n)
{
	struct checkpointer *c = xcalloc(1, sizeof(*c));
	pthread_mutex_init(&c->lock, NULL);
	pthread_cond_init(&c->wake, NULL);
	if (sq_open(path, &c->db) == MC_OK &&
	    pthread_create(&c->thread, NULL, checkpoint_main, c) == 0) {
		c->running = true;
		for (size_t i = 0; i < n; i++)
			sqlite3_wal_hook(all[i]->conn, wal_hook, c);
		return c;
	}
	sq_close(c->db);
	pthread_mutex_destroy(&c->lock);
	pthread_cond_destroy(&c->wake);
	free(c);
	return NULL;
}

static void sq_pool_stop(void *state)
{
	struct checkpointer *c = state;
	pthread_mutex_lock(&c->lock);
	c->stop = true;
	pthread_cond_signal(&c->wake);
	pthread_mutex_unlock(&c->lock);
	pthread_join(c->thread, NULL);
	sq_close(c->db);
	pthread_mutex_destroy(&c->lock);
	pthread_cond_destroy(&c->wake);
	free(c);
}

static void sq_release(struct db *db)
{
	/* A statement left mid-result would keep an old read snapshot open on this connection. Only
	 * one that answered a row can be (a statement run to its end is not busy); walking the
	 * connection's few hundred cached statements for every request cost ~1 us (issue 22). */
	if (!db->row_given)
		return;
	db->row_given = false;
	for (sqlite3_stmt *s = sqlite3_next_stmt(db->conn, NULL); s; s = sqlite3_next_stmt(db->conn, s))
		if (sqlite3_stmt_busy(s))
			sqlite3_reset(s);
}

static enum mc_err err_of_conn(sqlite3 *conn, int rc)
{
	int primary = rc & 0xff;
	if (primary == SQLITE_CONSTRAINT)
		return MC_ECONFLICT;
	if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)
		return MC_EBUSY;
	if (primary == SQLITE_FULL) {
		/* The disk (or the page limit) is full: a state to leave, answered 503, not a fault. */
		log_error("database full: %s", sqlite3_errmsg(conn));
		return MC_EBUSY;
	}
	log_error("database error %d: %s", rc, sqlite3_errmsg(conn));
	return MC_EDB;
}

static enum mc_err err_of(struct db *db, int rc)
{
	return err_of_conn(db->conn, rc);
}

static struct db_stmt *sq_prepare(struct db *db, const char *sql);

/* The transaction statements every request runs, prepared once per connection (sqlite3_exec
 * parsed each again: two to four per request). Known by their text, which may come from any
 * file; the cache keys on these arrays' addresses. */
static const char *const TX_SQL[] = {"BEGIN", "BEGIN IMMEDIATE", "COMMIT", "SAVEPOINT sp",
				      "RELEASE sp", "ROLLBACK TO sp"};

static enum mc_err sq_exec(struct db *db, const char *sql)
{
	for (size_t i = 0; i < MC_ARRAY_LEN(TX_SQL); i++) {
		if (strcmp(sql, TX_SQL[i]) != 0)
			continue;
		struct db_stmt *st = sq_prepare(db, TX_SQL[i]);
		if (!st)
			return MC_EDB;
		int rc = sqlite3_step(st->st);
		sqlite3_reset(st->st);
		auth_settle(db);
		return rc == SQLITE_DONE ? MC_OK : err_of(db, rc);
	}
	int rc = sqlite3_exec(db->conn, sql, NULL, NULL, NULL);
	auth_settle(db);
	return rc == SQLITE_OK ? MC_OK : err_of(db, rc);
}

/* Writers of this process queue on a mutex rather than in SQLite's sleeping busy handler. */
static pthread_mutex_t write_lock = PTHREAD_MUTEX_INITIALIZER;

static enum mc_err sq_begin_write(struct db *db)
{
	pthread_mutex_lock(&write_lock);
	enum mc_err err = sq_exec(db, "BEGIN IMMEDIATE");
	if (!err) {
		db->writing = true;
	} else {
		pthread_mutex_unlock(&write_lock);
	}
	return err;
}

static void release_write(struct db *db)
{
	if (db->writing) {
		db->writing = false;
		pthread_mutex_unlock(&write_lock);
	}
}

static enum mc_err sq_begin_read(struct db *db)
{
	return sq_exec(db, "BEGIN");
}

/* On failure the caller rolls back (which releases the write lock). */
static enum mc_err sq_commit(struct db *db)
{
	uint64_t t0 = stmt_stats && db->writing ? thread_ns() : 0;
	enum mc_err err = sq_exec(db, "COMMIT");
	if (t0) {
		db->commits++;
		db->commit_ns += thread_ns() - t0;
	}
	if (!err)
		release_write(db);
	return err;
}

static void sq_rollback(struct db *db)
{
	if (!sqlite3_get_autocommit(db->conn))
		sqlite3_exec(db->conn, "ROLLBACK", NULL, NULL, NULL);
	auth_settle(db);
	release_write(db);
}

static const char RETURNING_ID[] = " RETURNING id";

/* For db_prepare_insert: true when sql is "INSERT INTO <table> ... RETURNING id" and the table's
 * id is its rowid (an INTEGER PRIMARY KEY of a table with rowids); *len is the text's length
 * without the clause. */
static bool rowid_insert_text(sqlite3 *conn, const char *sql, size_t *len)
{
	size_t n = strlen(sql), r = sizeof(RETURNING_ID) - 1;
	if (strncmp(sql, "INSERT INTO ", 12) != 0 || n < 12 + r || strcmp(sql + n - r, RETURNING_ID))
		return false;
	char table[64];
	size_t t = strcspn(sql + 12, " (");
	if (t == 0 || t >= sizeof(table))
		return false;
	memcpy(table, sql + 12, t);
	table[t] = '\0';
	const char *type = NULL;
	int pk = 0;
	if (sqlite3_table_column_metadata(conn, "main", table, "id", &type, NULL, NULL, &pk, NULL) !=
		    SQLITE_OK ||
	    !pk || !type || strcasecmp(type, "INTEGER") != 0)
		return false;
	sqlite3_stmt *q;
	bool rowid = false;
	if (sqlite3_prepare_v2(conn, "SELECT wr FROM pragma_table_list WHERE schema = 'main' AND name = ?",
			       -1, &q, NULL) == SQLITE_OK) {
		sqlite3_bind_text(q, 1, table, -1, SQLITE_STATIC);
		rowid = sqlite3_step(q) == SQLITE_ROW && sqlite3_column_int(q, 0) == 0;
	}
	sqlite3_finalize(q);
	*len = n - r;
	return rowid;
}

static struct db_stmt *prepare_entry(struct db *db, const char *sql, bool rowid_insert)
{
	size_t h = ((uintptr_t)sql >> 3) % STMT_CACHE;
	for (size_t i = 0; i < STMT_CACHE; i++) {
		struct db_stmt *e = &db->cache[(h + i) % STMT_CACHE];
		if (e->sql == sql) {
			sqlite3_reset(e->st);
			sqlite3_clear_bindings(e->st);
			e->rowid_row = false;
			e->runs++;
			return e;
		}
		if (!e->sql) {
			size_t len = strlen(sql);
			if (rowid_insert && !rowid_insert_text(db->conn, sql, &len)) {
				log_error("not an insert of one row by its rowid: \"%.60s\"", sql);
				abort(); /* a programmer error */
			}
			if (sqlite3_prepare_v3(db->conn, sql, (int)len, SQLITE_PREPARE_PERSISTENT, &e->st,
					       NULL) != SQLITE_OK) {
				log_error("cannot prepare \"%.60s\": %s", sql, sqlite3_errmsg(db->conn));
				e->st = NULL;
				return NULL;
			}
			if (sqlite3_bind_parameter_count(e->st) > DB_PARAMS_MAX) {
				/* as on PostgreSQL (store/db.h): a text past the limit fails here too */
				log_error("too many parameters in \"%.60s\"", sql);
				abort();
			}
			e->sql = sql;
			e->common.db = db;
			e->rowid_insert = rowid_insert;
			e->rowid_row = false;
			e->runs = 1;
			return e;
		}
	}
	log_error("statement cache full");
	abort();
}

static struct db_stmt *sq_prepare(struct db *db, const char *sql)
{
	return prepare_entry(db, sql, false);
}

static struct db_stmt *sq_prepare_insert(struct db *db, const char *sql)
{
	return prepare_entry(db, sql, true);
}

static int param_index(struct db_stmt *st, int n)
{
	if (n > 0 && n < STMT_PARAMS && st->param[n])
		return st->param[n];
	char name[16];
	snprintf(name, sizeof(name), "$%d", n);
	int idx = sqlite3_bind_parameter_index(st->st, name);
	if (n > 0 && n < STMT_PARAMS)
		st->param[n] = idx;
	if (idx == 0) {
		log_error("no parameter %s in \"%.60s\"", name, st->sql);
		abort(); /* a programmer error */
	}
	return idx;
}

static void sq_bind_text(struct db_stmt *st, int n, const char *text, size_t len)
{
	sqlite3_bind_text64(st->st, param_index(st, n), text, len, SQLITE_TRANSIENT, SQLITE_UTF8);
}

/* The text is the caller's until the statement has run (db_bind_text_kept); the pointer left in
 * the statement afterwards is never read: the next use of the statement clears its bindings
 * first (prepare_entry). */
static void sq_bind_text_kept(struct db_stmt *st, int n, const char *text, size_t len)
{
	sqlite3_bind_text64(st->st, param_index(st, n), text, len, SQLITE_STATIC, SQLITE_UTF8);
}

static void sq_bind_int(struct db_stmt *st, int n, int64_t v)
{
	sqlite3_bind_int64(st->st, param_index(st, n), v);
}

static void sq_bind_null(struct db_stmt *st, int n)
{
	sqlite3_bind_null(st->st, param_index(st, n));
}

static void sq_bind_blob(struct db_stmt *st, int n, const void *data, size_t len)
{
	sqlite3_bind_blob64(st->st, param_index(st, n), data, len, SQLITE_TRANSIENT);
}

static enum mc_err sq_step(struct db_stmt *st, bool *row)
{
	if (st->rowid_row) { /* the one row of RETURNING id was read: the statement is done */
		st->rowid_row = false;
		*row = false;
		return MC_OK;
	}
	uint64_t t0 = stmt_stats ? thread_ns() : 0;
	int rc = sqlite3_step(st->st);
	if (rc == SQLITE_ROW)
		st->common.db->row_given = true;
	if (t0)
		st->cpu_ns += thread_ns() - t0;
	if (st->common.db->auth_dirty && rc != SQLITE_ROW) /* a write outside BEGIN ... COMMIT */
		auth_settle(st->common.db);
	*row = rc == SQLITE_ROW;
	if (rc == SQLITE_DONE && st->rowid_insert) {
		sqlite3 *conn = sqlite3_db_handle(st->st);
		if (sqlite3_changes(conn) != 1) {
			log_error("\"%.60s\" inserted %d rows, not one", st->sql, sqlite3_changes(conn));
			return MC_EDB;
		}
		st->rowid = sqlite3_last_insert_rowid(conn);
		st->rowid_row = true;
		*row = true;
		return MC_OK;
	}
	if (rc == SQLITE_ROW || rc == SQLITE_DONE)
		return MC_OK;
	sqlite3_reset(st->st);
	return err_of_conn(sqlite3_db_handle(st->st), rc);
}

static void sq_reset(struct db_stmt *st)
{
	sqlite3_reset(st->st);
	st->rowid_row = false;
}

static int64_t sq_col_int(struct db_stmt *st, int col)
{
	if (st->rowid_row)
		return col == 0 ? st->rowid : 0;
	return sqlite3_column_int64(st->st, col);
}

static const char *sq_col_text(struct db_stmt *st, int col)
{
	return (const char *)sqlite3_column_text(st->st, col);
}

static size_t sq_col_len(struct db_stmt *st, int col)
{
	return (size_t)sqlite3_column_bytes(st->st, col);
}

static const void *sq_col_blob(struct db_stmt *st, int col)
{
	return sqlite3_column_blob(st->st, col);
}

static bool sq_col_null(struct db_stmt *st, int col)
{
	if (st->rowid_row)
		return col != 0;
	return sqlite3_column_type(st->st, col) == SQLITE_NULL;
}

static int64_t sq_changes(struct db *db)
{
	return sqlite3_changes64(db->conn);
}

static bool sq_writable(struct db *db)
{
	const char *file = sqlite3_db_filename(db->conn, "main");
	if (sqlite3_db_readonly(db->conn, "main") != 0 || !file || !*file)
		return false;
	/* The WAL and its index are files beside the database: its directory must take them. */
	char dir[4096];
	snprintf(dir, sizeof(dir), "%s", file);
	char *slash = strrchr(dir, '/');
	if (slash)
		*slash = '\0';
	return access(file, W_OK) == 0 && access(slash ? dir : ".", W_OK) == 0;
}

static enum mc_err sq_backup(struct db *db, const char *dest_path)
{
	sqlite3 *dest = NULL;
	enum mc_err err = MC_OK;
	if (sqlite3_open_v2(dest_path, &dest, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
	    SQLITE_OK) {
		log_error("cannot create backup \"%s\"", dest_path);
		err = MC_EIO;
		goto out;
	}
	sqlite3_backup *b = sqlite3_backup_init(dest, "main", db->conn, "main");
	if (!b) {
		err = err_of_conn(dest, sqlite3_errcode(dest));
		goto out;
	}
	int rc;
	do {
		rc = sqlite3_backup_step(b, 256);
		if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
			sqlite3_sleep(20);
	} while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE)
		err = err_of_conn(dest, rc);
out:
	sqlite3_close(dest);
	return err;
}

const struct db_ops db_sqlite_ops = {
	.name = "sqlite",
	.exclusive_writes = true,
	.open = sq_open,
	.close = sq_close,
	.pool_start = sq_pool_start,
	.pool_stop = sq_pool_stop,
	.release = sq_release,
	.exec = sq_exec,
	.begin_write = sq_begin_write,
	.begin_read = sq_begin_read,
	.commit = sq_commit,
	.rollback = sq_rollback,
	.prepare = sq_prepare,
	.prepare_insert = sq_prepare_insert,
	.bind_text = sq_bind_text,
	.bind_text_kept = sq_bind_text_kept,
	.bind_int = sq_bind_int,
	.bind_null = sq_bind_null,
	.bind_blob = sq_bind_blob,
	.step = sq_step,
	.reset = sq_reset,
	.col_int = sq_col_int,
	.col_text = sq_col_text,
	.col_len = sq_col_len,
	.col_blob = sq_col_blob,
	.col_null = sq_col_null,
	.changes = sq_changes,
	.writable = sq_writable,
	.backup = sq_backup,
	.auth_epoch = sq_auth_epoch,
};
