/* store/db.h over its backends (store/db_internal.h): picks SQLite or PostgreSQL by the target
 * text, and holds what both share: the connection pool, transactions' bookkeeping (end-of-
 * transaction callbacks, the request's memory cap) and savepoints. */
#include "base/base.h"

#include <pthread.h>

#include "base/arena.h"
#include "base/log.h"
#include "store/db_internal.h"

bool db_target_is_pg(const char *target)
{
	return target && (!strncmp(target, "postgresql://", 13) || !strncmp(target, "postgres://", 11));
}

static const struct db_ops *ops_of(const char *target)
{
	return db_target_is_pg(target) ? &db_pg_ops : &db_sqlite_ops;
}

static const struct db_ops *ops(struct db *db)
{
	return db_common_of(db)->ops;
}

static const struct db_ops *stmt_ops(struct db_stmt *st)
{
	return ops(((struct db_stmt_common *)(void *)st)->db);
}

enum mc_err db_open(const char *target, struct db **out)
{
	return ops_of(target)->open(target, out);
}

void db_close(struct db *db)
{
	if (db) {
		rbatch_free(db);
		txmemo_free(db);
		ops(db)->close(db);
	}
}

struct db_pool {
	const struct db_ops *ops;
	pthread_mutex_t lock;
	pthread_cond_t freed;
	size_t n, nfree;
	struct db **all;
	struct db **free_list;
	void *extra; /* the backend's pool_start */
};

enum mc_err db_pool_new(const char *target, size_t n, struct db_pool **out)
{
	struct db_pool *p = xcalloc(1, sizeof(*p));
	p->ops = ops_of(target);
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->freed, NULL);
	p->all = xcalloc(n, sizeof(*p->all));
	p->free_list = xcalloc(n, sizeof(*p->free_list));
	for (size_t i = 0; i < n; i++) {
		enum mc_err err = p->ops->open(target, &p->all[i]);
		if (err) {
			p->n = i;
			db_pool_free(p);
			return err;
		}
		p->free_list[i] = p->all[i];
	}
	p->n = p->nfree = n;
	if (p->ops->pool_start)
		p->extra = p->ops->pool_start(target, p->all, n);
	*out = p;
	return MC_OK;
}

void db_pool_free(struct db_pool *pool)
{
	if (!pool)
		return;
	if (pool->extra)
		pool->ops->pool_stop(pool->extra);
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
	pool->ops->release(db);
	db_rollback(db);
	db_common_of(db)->arena = NULL;
	pthread_mutex_lock(&pool->lock);
	pool->free_list[pool->nfree++] = db;
	pthread_cond_signal(&pool->freed);
	pthread_mutex_unlock(&pool->lock);
}

bool db_over_cap(struct db *db)
{
	const struct arena *a = db_common_of(db)->arena;
	return a && arena_over(a);
}

void db_bind_arena(struct db *db, const struct arena *a)
{
	db_common_of(db)->arena = a;
}

void db_tx_ended(struct db *db)
{
	struct db_common *c = db_common_of(db);
	size_t n = c->nend;
	c->nend = 0;
	for (size_t i = 0; i < n; i++)
		c->end[i].fn(c->end[i].arg, c->end[i].n);
}

void db_on_tx_end(struct db *db, void (*fn)(void *arg, int n), void *arg)
{
	struct db_common *c = db_common_of(db);
	size_t i = 0;
	while (i < c->nend && (c->end[i].fn != fn || c->end[i].arg != arg))
		i++;
	if (i == DB_TX_END_MAX) {
		log_error("more than %d end-of-transaction callbacks", DB_TX_END_MAX);
		abort(); /* a programmer error */
	}
	if (i == c->nend) {
		c->end[i].fn = fn;
		c->end[i].arg = arg;
		c->end[i].n = 0;
		c->nend++;
	}
	c->end[i].n++;
	if (!c->in_tx)
		db_tx_ended(db);
}

/* Remembers the first failure of the database itself in a transaction (db_failure). */
static enum mc_err noted(struct db *db, enum mc_err err)
{
	struct db_common *c = db_common_of(db);
	if ((err == MC_EBUSY || err == MC_EDB) && c->in_tx && !c->failure)
		c->failure = err;
	return err;
}

enum mc_err db_exec(struct db *db, const char *sql)
{
	return noted(db, ops(db)->exec(db, sql));
}

static enum mc_err begun(struct db *db, enum mc_err err)
{
	if (!err) {
		db_common_of(db)->in_tx = true;
		db_common_of(db)->failure = MC_OK;
		db_common_of(db)->exclusive_tx = false;
	}
	return err;
}

enum mc_err db_failure(struct db *db)
{
	return db_common_of(db)->in_tx ? db_common_of(db)->failure : MC_OK;
}

enum mc_err db_begin_write(struct db *db)
{
	enum mc_err err = begun(db, ops(db)->begin_write(db));
	if (!err)
		db_common_of(db)->exclusive_tx = ops(db)->exclusive_writes;
	return err;
}

enum mc_err db_begin_read(struct db *db)
{
	return begun(db, ops(db)->begin_read(db));
}

enum mc_err db_commit(struct db *db)
{
	/* A transaction that met a failure of the database never commits: what it read may be
	 * missing, and PostgreSQL would answer the COMMIT of an aborted transaction with ROLLBACK. */
	enum mc_err err = db_common_of(db)->failure;
	if (!err && db_over_cap(db))
		err = MC_ETOOBIG;
	if (!err) /* the day counters it counted on (store/tx_memo.h) */
		err = txmemo_write(db);
	if (!err) /* the new dossiers' statistics, gathered for it (store/report_batch.h) */
		err = rbatch_write(db);
	if (!err)
		err = ops(db)->commit(db);
	if (err) {
		rbatch_discard(db);
		ops(db)->rollback(db);
	}
	txmemo_discard(db);
	db_common_of(db)->in_tx = false;
	db_tx_ended(db);
	return err;
}

void db_rollback(struct db *db)
{
	rbatch_discard(db);
	txmemo_discard(db);
	ops(db)->rollback(db);
	db_common_of(db)->in_tx = false;
	db_tx_ended(db);
}

bool db_in_tx(struct db *db)
{
	return db_common_of(db)->in_tx;
}

enum mc_err db_savepoint(struct db *db)
{
	db_common_of(db)->failure_at_savepoint = db_common_of(db)->failure;
	rbatch_savepoint(db);
	txmemo_savepoint(db);
	return db_exec(db, "SAVEPOINT sp");
}

enum mc_err db_savepoint_release(struct db *db)
{
	return db_exec(db, "RELEASE sp");
}

enum mc_err db_savepoint_rollback(struct db *db)
{
	enum mc_err err = ops(db)->exec(db, "ROLLBACK TO sp");
	if (!err)
		err = ops(db)->exec(db, "RELEASE sp");
	if (!err) { /* what failed inside the savepoint is undone with it */
		db_common_of(db)->failure = db_common_of(db)->failure_at_savepoint;
		rbatch_savepoint_rollback(db);
		txmemo_savepoint_rollback(db);
	}
	return noted(db, err);
}

static struct db_stmt *prepare_planned(struct db *db, const char *sql, enum db_plan plan)
{
	struct db_stmt *st = ops(db)->prepare(db, sql);
	if (st)
		((struct db_stmt_common *)(void *)st)->plan = plan;
	return st;
}

struct db_stmt *db_prepare(struct db *db, const char *sql)
{
	return prepare_planned(db, sql, DB_PLAN_AUTO);
}

struct db_stmt *db_prepare_generic(struct db *db, const char *sql)
{
	return prepare_planned(db, sql, DB_PLAN_GENERIC);
}

struct db_stmt *db_prepare_keyed(struct db *db, const char *sql)
{
	return prepare_planned(db, sql, DB_PLAN_ANY);
}

struct db_stmt *db_prepare_insert(struct db *db, const char *sql)
{
	if (!ops(db)->prepare_insert)
		return prepare_planned(db, sql, DB_PLAN_AUTO);
	struct db_stmt *st = ops(db)->prepare_insert(db, sql);
	if (st)
		((struct db_stmt_common *)(void *)st)->plan = DB_PLAN_AUTO;
	return st;
}

void db_bind_text(struct db_stmt *st, int n, const char *text, size_t len)
{
	if (!text) {
		stmt_ops(st)->bind_null(st, n);
		return;
	}
	stmt_ops(st)->bind_text(st, n, text, len == SIZE_MAX ? strlen(text) : len);
}

void db_bind_text_kept(struct db_stmt *st, int n, const char *text, size_t len)
{
	const struct db_ops *o = stmt_ops(st);
	if (!text) {
		o->bind_null(st, n);
		return;
	}
	(o->bind_text_kept ? o->bind_text_kept : o->bind_text)(st, n, text,
							       len == SIZE_MAX ? strlen(text) : len);
}

void db_bind_int(struct db_stmt *st, int n, int64_t v)
{
	stmt_ops(st)->bind_int(st, n, v);
}

void db_bind_null(struct db_stmt *st, int n)
{
	stmt_ops(st)->bind_null(st, n);
}

void db_bind_blob(struct db_stmt *st, int n, const void *data, size_t len)
{
	stmt_ops(st)->bind_blob(st, n, data, len);
}

enum mc_err db_step(struct db_stmt *st, bool *row)
{
	struct db *db = ((struct db_stmt_common *)(void *)st)->db;
	if (db_over_cap(db)) {
		*row = false;
		stmt_ops(st)->reset(st);
		return MC_ETOOBIG;
	}
	return noted(db, stmt_ops(st)->step(st, row));
}

enum mc_err db_run(struct db_stmt *st)
{
	bool row = true;
	enum mc_err err = MC_OK;
	while (!err && row)
		err = db_step(st, &row);
	stmt_ops(st)->reset(st);
	return err;
}

int64_t db_col_int(struct db_stmt *st, int col)
{
	return stmt_ops(st)->col_int(st, col);
}

const char *db_col_text(struct db_stmt *st, int col)
{
	return stmt_ops(st)->col_text(st, col);
}

size_t db_col_len(struct db_stmt *st, int col)
{
	return stmt_ops(st)->col_len(st, col);
}

const void *db_col_blob(struct db_stmt *st, int col)
{
	return stmt_ops(st)->col_blob(st, col);
}

bool db_col_null(struct db_stmt *st, int col)
{
	return stmt_ops(st)->col_null(st, col);
}

int64_t db_changes(struct db *db)
{
	return ops(db)->changes(db);
}

enum mc_err db_notify(struct db *db, const char *channel, const char *payload)
{
	return ops(db)->notify ? ops(db)->notify(db, channel, payload) : MC_OK;
}

struct db_listener *db_listen(const char *target, const char *channel,
			      void (*fn)(const char *payload, void *arg), void *arg)
{
	const struct db_ops *o = ops_of(target);
	return o->listen ? o->listen(target, channel, fn, arg) : NULL;
}

void db_listener_stop(struct db_listener *l)
{
	if (l)
		db_pg_ops.listener_stop(l); /* only PostgreSQL makes listeners */
}

enum mc_err db_copy_in(struct db *db, const char *copy_sql, const char *data, size_t len)
{
	return ops(db)->copy_in ? ops(db)->copy_in(db, copy_sql, data, len) : MC_EINVAL;
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
	return ops(db)->writable(db);
}

const char *db_backend(struct db *db)
{
	return ops(db)->name;
}

bool db_is_pg(struct db *db)
{
	return ops(db) == &db_pg_ops;
}

enum mc_err db_backup(struct db *db, const char *dest_path)
{
	return ops(db)->backup(db, dest_path);
}

uint64_t db_auth_epoch(struct db *db)
{
	return ops(db)->auth_epoch ? ops(db)->auth_epoch(db) : 0;
}
