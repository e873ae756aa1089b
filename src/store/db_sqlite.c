/* The SQLite backend of store/db.h: pragmas, a statement cache per connection, transactions and
 * a mutex-guarded connection pool. It knows nothing of the tables; store modules own their SQL. */
#include "base/base.h"

#include <pthread.h>
#include <sqlite3.h>
#include <unistd.h>

#include "base/arena.h"
#include "base/log.h"
#include "store/db.h"

#define STMT_CACHE 256 /* open-addressed table of prepared statements, by SQL text address */

#define TX_END_MAX 4     /* distinct end-of-transaction callbacks per transaction */
#define STMT_PARAMS 48 /* $1..$47 have their index remembered */

struct db_stmt {
	const char *sql;
	sqlite3_stmt *st;
	struct db *db;
	int param[STMT_PARAMS]; /* SQLite's index of $n, 0 until first bound */
};

struct db {
	sqlite3 *conn;
	bool in_tx;
	bool writing; /* holds write_lock */
	struct {
		void (*fn)(void *arg, int n);
		void *arg;
		int n;
	} end[TX_END_MAX]; /* db_on_tx_end, in order of registration */
	size_t nend;
	const struct arena *arena; /* the memory of the request using it (db_bind_arena) */
	struct db_stmt cache[STMT_CACHE];
};

/* True when the request using the connection went past its memory cap. */
static bool over_cap(const struct db *db)
{
	return db->arena && arena_over(db->arena);
}

/* WAL checkpoints of a pool run on a thread of their own once the WAL has CKPT_FRAMES pages, so that
 * no request pays for one while it holds the write lock (SQLite's automatic checkpoint runs in the
 * committing connection). Past CKPT_FRAMES_MAX pages (a checkpointer that cannot keep up) the
 * committing connection checkpoints itself, as SQLite would. */
#define CKPT_FRAMES 1000
#define CKPT_FRAMES_MAX 20000

struct checkpointer {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	bool want, stop, running;
	int last_frames, next_at; /* pages in the WAL at the last commit; the next checkpoint's */
	struct db *db;
};

struct db_pool {
	pthread_mutex_t lock;
	pthread_cond_t freed;
	size_t n, nfree;
	struct db **all;
	struct db **free_list;
	struct checkpointer ckpt;
};

static const char SQL_PRAGMAS[] = "PRAGMA journal_mode=WAL;"
				  "PRAGMA synchronous=FULL;"
				  "PRAGMA foreign_keys=ON;"
				  "PRAGMA temp_store=MEMORY;"
				  "PRAGMA cache_size=-16000;";

enum mc_err db_open(const char *path, struct db **out)
{
	struct db *db = xcalloc(1, sizeof(*db));
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
	if (sqlite3_open_v2(path, &db->conn, flags, NULL) != SQLITE_OK) {
		log_error("cannot open database \"%s\": %s", path,
			  db->conn ? sqlite3_errmsg(db->conn) : "out of memory");
		db_close(db);
		return MC_EDB;
	}
	sqlite3_busy_timeout(db->conn, 10000);
	sqlite3_extended_result_codes(db->conn, 1);
	enum mc_err err = db_exec(db, SQL_PRAGMAS);
	if (err) {
		db_close(db);
		return err;
	}
	*out = db;
	return MC_OK;
}

void db_close(struct db *db)
{
	if (!db)
		return;
	for (size_t i = 0; i < STMT_CACHE; i++)
		sqlite3_finalize(db->cache[i].st);
	sqlite3_close(db->conn);
	free(db);
}

static void *checkpoint_main(void *arg)
{
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
		c->want = true;
		pthread_cond_signal(&c->wake);
	}
	pthread_mutex_unlock(&c->lock);
	return SQLITE_OK;
}

enum mc_err db_pool_new(const char *path, size_t n, struct db_pool **out)
{
	struct db_pool *p = xcalloc(1, sizeof(*p));
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->freed, NULL);
	pthread_mutex_init(&p->ckpt.lock, NULL);
	pthread_cond_init(&p->ckpt.wake, NULL);
	p->all = xcalloc(n, sizeof(*p->all));
	p->free_list = xcalloc(n, sizeof(*p->free_list));
	for (size_t i = 0; i < n; i++) {
		enum mc_err err = db_open(path, &p->all[i]);
		if (err) {
			p->n = i;
			db_pool_free(p);
			return err;
		}
		p->free_list[i] = p->all[i];
	}
	p->n = p->nfree = n;
	if (db_open(path, &p->ckpt.db) == MC_OK &&
	    pthread_create(&p->ckpt.thread, NULL, checkpoint_main, &p->ckpt) == 0) {
		p->ckpt.running = true;
		for (size_t i = 0; i < n; i++)
			sqlite3_wal_hook(p->all[i]->conn, wal_hook, &p->ckpt);
	}
	*out = p;
	return MC_OK;
}

void db_pool_free(struct db_pool *pool)
{
	if (!pool)
		return;
	if (pool->ckpt.running) {
		pthread_mutex_lock(&pool->ckpt.lock);
		pool->ckpt.stop = true;
		pthread_cond_signal(&pool->ckpt.wake);
		pthread_mutex_unlock(&pool->ckpt.lock);
		pthread_join(pool->ckpt.thread, NULL);
	}
	db_close(pool->ckpt.db);
	pthread_mutex_destroy(&pool->ckpt.lock);
	pthread_cond_destroy(&pool->ckpt.wake);
	for (size_t i = 0; i < pool->n; i++)
		db_close(pool->all[i]);
	free(pool->all);
	free(pool->free_list);
	pthread_mutex_destroy(&pool->lock);
	pthread_cond_destroy(&pool->freed);
	free(pool);
}

struct db *db_pool_acquire(struct db_pool *pool)
{
	pthread_mutex_lock(&pool->lock);
	while (pool->nfree == 0)
		pthread_cond_wait(&pool->freed, &pool->lock);
	struct db *db = pool->free_list[--pool->nfree];
	pthread_mutex_unlock(&pool->lock);
	return db;
}

void db_pool_release(struct db_pool *pool, struct db *db)
{
	if (!db)
		return;
	/* A statement left mid-result would keep an old read snapshot open on this connection. */
	for (sqlite3_stmt *s = sqlite3_next_stmt(db->conn, NULL); s; s = sqlite3_next_stmt(db->conn, s))
		if (sqlite3_stmt_busy(s))
			sqlite3_reset(s);
	db_rollback(db);
	db->arena = NULL;
	pthread_mutex_lock(&pool->lock);
	pool->free_list[pool->nfree++] = db;
	pthread_cond_signal(&pool->freed);
	pthread_mutex_unlock(&pool->lock);
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

enum mc_err db_exec(struct db *db, const char *sql)
{
	int rc = sqlite3_exec(db->conn, sql, NULL, NULL, NULL);
	return rc == SQLITE_OK ? MC_OK : err_of(db, rc);
}

/* Writers of this process queue on a mutex rather than in SQLite's sleeping busy handler. */
static pthread_mutex_t write_lock = PTHREAD_MUTEX_INITIALIZER;

enum mc_err db_begin_write(struct db *db)
{
	pthread_mutex_lock(&write_lock);
	enum mc_err err = db_exec(db, "BEGIN IMMEDIATE");
	if (!err) {
		db->in_tx = true;
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

/* Runs and forgets the db_on_tx_end callbacks, once the transaction is over. */
static void tx_ended(struct db *db)
{
	size_t n = db->nend;
	db->nend = 0;
	for (size_t i = 0; i < n; i++)
		db->end[i].fn(db->end[i].arg, db->end[i].n);
}

void db_on_tx_end(struct db *db, void (*fn)(void *arg, int n), void *arg)
{
	size_t i = 0;
	while (i < db->nend && (db->end[i].fn != fn || db->end[i].arg != arg))
		i++;
	if (i == TX_END_MAX) {
		log_error("more than %d end-of-transaction callbacks", TX_END_MAX);
		abort(); /* a programmer error */
	}
	if (i == db->nend) {
		db->end[i].fn = fn;
		db->end[i].arg = arg;
		db->end[i].n = 0;
		db->nend++;
	}
	db->end[i].n++;
	if (!db->in_tx)
		tx_ended(db);
}

enum mc_err db_begin_read(struct db *db)
{
	enum mc_err err = db_exec(db, "BEGIN");
	if (!err)
		db->in_tx = true;
	return err;
}

void db_bind_arena(struct db *db, const struct arena *a)
{
	db->arena = a;
}

enum mc_err db_commit(struct db *db)
{
	enum mc_err err = over_cap(db) ? MC_ETOOBIG : db_exec(db, "COMMIT");
	if (err)
		db_rollback(db);
	db->in_tx = false;
	release_write(db);
	tx_ended(db);
	return err;
}

void db_rollback(struct db *db)
{
	if (!sqlite3_get_autocommit(db->conn))
		sqlite3_exec(db->conn, "ROLLBACK", NULL, NULL, NULL);
	db->in_tx = false;
	release_write(db);
	tx_ended(db);
}

bool db_in_tx(struct db *db)
{
	return db->in_tx;
}

enum mc_err db_savepoint(struct db *db)
{
	return db_exec(db, "SAVEPOINT sp");
}

enum mc_err db_savepoint_release(struct db *db)
{
	return db_exec(db, "RELEASE sp");
}

enum mc_err db_savepoint_rollback(struct db *db)
{
	enum mc_err err = db_exec(db, "ROLLBACK TO sp");
	return err ? err : db_exec(db, "RELEASE sp");
}

struct db_stmt *db_prepare(struct db *db, const char *sql)
{
	size_t h = ((uintptr_t)sql >> 3) % STMT_CACHE;
	for (size_t i = 0; i < STMT_CACHE; i++) {
		struct db_stmt *e = &db->cache[(h + i) % STMT_CACHE];
		if (e->sql == sql) {
			sqlite3_reset(e->st);
			sqlite3_clear_bindings(e->st);
			return e;
		}
		if (!e->sql) {
			if (sqlite3_prepare_v3(db->conn, sql, -1, SQLITE_PREPARE_PERSISTENT, &e->st,
					       NULL) != SQLITE_OK) {
				log_error("cannot prepare \"%.60s\": %s", sql, sqlite3_errmsg(db->conn));
				e->st = NULL;
				return NULL;
			}
			e->sql = sql;
			e->db = db;
			return e;
		}
	}
	log_error("statement cache full");
	abort();
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

void db_bind_text(struct db_stmt *st, int n, const char *text, size_t len)
{
	int idx = param_index(st, n);
	if (!text) {
		sqlite3_bind_null(st->st, idx);
		return;
	}
	if (len == SIZE_MAX)
		len = strlen(text);
	sqlite3_bind_text64(st->st, idx, text, len, SQLITE_TRANSIENT, SQLITE_UTF8);
}

void db_bind_int(struct db_stmt *st, int n, int64_t v)
{
	sqlite3_bind_int64(st->st, param_index(st, n), v);
}

void db_bind_null(struct db_stmt *st, int n)
{
	sqlite3_bind_null(st->st, param_index(st, n));
}

void db_bind_blob(struct db_stmt *st, int n, const void *data, size_t len)
{
	sqlite3_bind_blob64(st->st, param_index(st, n), data, len, SQLITE_TRANSIENT);
}

enum mc_err db_step(struct db_stmt *st, bool *row)
{
	if (over_cap(st->db)) {
		*row = false;
		sqlite3_reset(st->st);
		return MC_ETOOBIG;
	}
	int rc = sqlite3_step(st->st);
	*row = rc == SQLITE_ROW;
	if (rc == SQLITE_ROW || rc == SQLITE_DONE)
		return MC_OK;
	sqlite3_reset(st->st);
	return err_of_conn(sqlite3_db_handle(st->st), rc);
}

enum mc_err db_run(struct db_stmt *st)
{
	bool row = true;
	enum mc_err err = MC_OK;
	while (!err && row)
		err = db_step(st, &row);
	sqlite3_reset(st->st);
	return err;
}

int64_t db_col_int(struct db_stmt *st, int col)
{
	return sqlite3_column_int64(st->st, col);
}

const char *db_col_text(struct db_stmt *st, int col)
{
	return (const char *)sqlite3_column_text(st->st, col);
}

size_t db_col_len(struct db_stmt *st, int col)
{
	return (size_t)sqlite3_column_bytes(st->st, col);
}

const void *db_col_blob(struct db_stmt *st, int col)
{
	return sqlite3_column_blob(st->st, col);
}

bool db_col_null(struct db_stmt *st, int col)
{
	return sqlite3_column_type(st->st, col) == SQLITE_NULL;
}

int64_t db_changes(struct db *db)
{
	return sqlite3_changes64(db->conn);
}

int64_t db_last_id(struct db *db)
{
	return sqlite3_last_insert_rowid(db->conn);
}

static const char SQL_PING[] = "SELECT 1";

enum mc_err db_ping(struct db *db)
{
	bool row;
	struct db_stmt *st = db_prepare(db, SQL_PING);
	if (!st)
		return MC_EDB;
	enum mc_err err = db_step(st, &row);
	if (!err && !row)
		err = MC_EDB;
	return err ? err : db_run(st);
}

bool db_writable(struct db *db)
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

const char *db_backend(struct db *db)
{
	MC_UNUSED(db);
	return "sqlite";
}

enum mc_err db_backup(struct db *db, const char *dest_path)
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
