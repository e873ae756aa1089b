/* What a backend of store/db.h provides (internal to store/db*.c): the operations that differ
 * between SQLite and PostgreSQL, behind one table. store/db.c dispatches the functions of db.h
 * to them and keeps what is common: the pool, the end-of-transaction callbacks, the bound arena.
 *
 * Every backend's struct db starts with a struct db_common, and its struct db_stmt with a
 * struct db_stmt_common, so that db.c can reach them. */
#ifndef MC_DB_BACKEND_H
#define MC_DB_BACKEND_H

#include "store/db.h"

#define DB_TX_END_MAX 8 /* distinct end-of-transaction callbacks per transaction */

struct db_ops;

struct db_common {
	const struct db_ops *ops;
	bool in_tx;
	struct {
		void (*fn)(void *arg, int n);
		void *arg;
		int n;
	} end[DB_TX_END_MAX]; /* db_on_tx_end, in order of registration */
	size_t nend;
	const struct arena *arena; /* the memory of the request using it (db_bind_arena) */
	/* The first MC_EBUSY or MC_EDB a statement met in the current transaction (db_failure), and
	 * its value when the savepoint began (restored when it is rolled back). */
	enum mc_err failure, failure_at_savepoint;
	/* New dossiers' statistics gathered for the COMMIT (store/report_batch.c); NULL until the
	 * first. */
	struct report_batch *rbatch;
	/* The transaction was begun by db_begin_write on a backend whose write transactions exclude
	 * every other writer until they end (SQLite): store/tx_memo.h may then keep what it read. */
	bool exclusive_tx;
	struct tx_memo *memo; /* NULL until first used */
};

struct db_stmt_common {
	struct db *db;
	/* How PostgreSQL plans it: DB_PLAN_AUTO (db_prepare), DB_PLAN_GENERIC (db_prepare_generic:
	 * once for any parameters), DB_PLAN_ANY (db_prepare_keyed: whichever mode the session has). */
	enum db_plan { DB_PLAN_AUTO, DB_PLAN_GENERIC, DB_PLAN_ANY } plan;
};

struct db_ops {
	const char *name; /* "sqlite", "postgresql" */
	bool exclusive_writes; /* a write transaction excludes every other writer (SQLite) */
	enum mc_err (*open)(const char *target, struct db **out);
	void (*close)(struct db *db);
	/* A pool's extra work beside its connections (SQLite: the WAL checkpointer); may be NULL. */
	void *(*pool_start)(const char *target, struct db **all, size_t n);
	void (*pool_stop)(void *state);
	/* A connection back from a request: no statement left mid-result, no transaction open. */
	void (*release)(struct db *db);
	enum mc_err (*exec)(struct db *db, const char *sql);
	enum mc_err (*begin_write)(struct db *db);
	enum mc_err (*begin_read)(struct db *db);
	enum mc_err (*commit)(struct db *db);   /* the transaction is over either way */
	void (*rollback)(struct db *db);        /* safe outside a transaction */
	struct db_stmt *(*prepare)(struct db *db, const char *sql);
	/* db_prepare_insert; NULL when the backend runs RETURNING id as it is. */
	struct db_stmt *(*prepare_insert)(struct db *db, const char *sql);
	void (*bind_text)(struct db_stmt *st, int n, const char *text, size_t len);
	/* db_bind_text_kept; NULL when the backend copies anyway (bind_text is used). */
	void (*bind_text_kept)(struct db_stmt *st, int n, const char *text, size_t len);
	void (*bind_int)(struct db_stmt *st, int n, int64_t v);
	void (*bind_null)(struct db_stmt *st, int n);
	void (*bind_blob)(struct db_stmt *st, int n, const void *data, size_t len);
	enum mc_err (*step)(struct db_stmt *st, bool *row);
	void (*reset)(struct db_stmt *st);
	int64_t (*col_int)(struct db_stmt *st, int col);
	const char *(*col_text)(struct db_stmt *st, int col);
	size_t (*col_len)(struct db_stmt *st, int col);
	const void *(*col_blob)(struct db_stmt *st, int col);
	bool (*col_null)(struct db_stmt *st, int col);
	int64_t (*changes)(struct db *db);
	bool (*writable)(struct db *db);
	enum mc_err (*backup)(struct db *db, const char *dest_path);
	/* db_auth_epoch; NULL when the backend cannot tell (0). */
	uint64_t (*auth_epoch)(struct db *db);
	/* Cross-instance notifications; NULL when the backend has one process per database. */
	enum mc_err (*notify)(struct db *db, const char *channel, const char *payload);
	struct db_listener *(*listen)(const char *target, const char *channel,
				      void (*fn)(const char *payload, void *arg), void *arg);
	void (*listener_stop)(struct db_listener *l);
	/* db_copy_in; NULL when the backend has no bulk load. */
	enum mc_err (*copy_in)(struct db *db, const char *copy_sql, const char *data, size_t len);
};

extern const struct db_ops db_sqlite_ops;
extern const struct db_ops db_pg_ops;

/* The common part of a connection (its first member). */
static inline struct db_common *db_common_of(struct db *db)
{
	return (struct db_common *)(void *)db;
}

/* True when the request using the connection went past its memory cap. */
bool db_over_cap(struct db *db);
/* store/report_batch.c, for db.c: write what the transaction gathered (before its COMMIT), forget
 * it (a rollback), the savepoint's start and undo, the connection closed. */
enum mc_err rbatch_write(struct db *db);
void rbatch_discard(struct db *db);
void rbatch_savepoint(struct db *db);
void rbatch_savepoint_rollback(struct db *db);
void rbatch_free(struct db *db);

/* store/tx_memo.c, for db.c and the backends: the held counters written (before the COMMIT),
 * forgotten (a rollback), the savepoint's start and undo, a row of table changed on the
 * connection (SQLite's update hook), the connection closed. */
enum mc_err txmemo_write(struct db *db);
void txmemo_discard(struct db *db);
void txmemo_savepoint(struct db *db);
void txmemo_savepoint_rollback(struct db *db);
void txmemo_row_changed(struct db *db, const char *table);
void txmemo_free(struct db *db);

/* Runs and forgets the db_on_tx_end callbacks, once the transaction is over. */
void db_tx_ended(struct db *db);

#endif
