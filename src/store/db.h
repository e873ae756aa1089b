/* The storage interface: connections, a pool of them, transactions and prepared statements.
 *
 * SQL text uses $1, $2, ... placeholders (valid for SQLite and PostgreSQL alike); values are always
 * bound, never spliced into SQL. Two backends (store/db_internal.h), chosen by the target text of
 * db_open and db_pool_new: a file path is SQLite (WAL, STRICT tables, foreign keys,
 * synchronous=FULL, BEGIN IMMEDIATE for writes: store/db_sqlite.c); a postgresql:// or
 * postgres:// URL is PostgreSQL 15 over libpq (store/db_pg.c). The stores' SQL is the same text for
 * both. A connection is used by one thread at a time; the pool is thread-safe. */
#ifndef MC_DB_H
#define MC_DB_H

#include "base/base.h"

struct db;
struct db_pool;
struct db_stmt;

/* True when target names a PostgreSQL database (postgresql://… or postgres://…). */
bool db_target_is_pg(const char *target);
/* Opens a connection: to PostgreSQL for a URL, else to the SQLite file (created if needed, its
 * pragmas set). */
enum mc_err db_open(const char *target, struct db **out);
/* Closes a connection and its cached statements; accepts NULL. */
void db_close(struct db *db);

/* A fixed set of n connections to one database. Acquire blocks while all are in use. */
enum mc_err db_pool_new(const char *target, size_t n, struct db_pool **out);
void db_pool_free(struct db_pool *pool);
struct db *db_pool_acquire(struct db_pool *pool);
void db_pool_release(struct db_pool *pool, struct db *db);

/* Binds the connection to the memory of the request using it (NULL: none; db_pool_release unbinds
 * it): once that arena went past its cap (base/arena.h), db_step answers MC_ETOOBIG without
 * stepping and db_commit rolls back and answers MC_ETOOBIG, so that the request stops at the next
 * row it reads and writes nothing. */
struct arena;
void db_bind_arena(struct db *db, const struct arena *a);

/* Runs SQL text without parameters (may hold several statements). */
enum mc_err db_exec(struct db *db, const char *sql);

/* Transactions. Writes take the write lock at BEGIN (SQLite: BEGIN IMMEDIATE; PostgreSQL: an
 * advisory lock shared by every instance) so that two writers never deadlock on an upgrade and a
 * write transaction decides alone. Reads see one snapshot. Rollback is safe to call when no
 * transaction is open. */
enum mc_err db_begin_write(struct db *db);
enum mc_err db_begin_read(struct db *db);
enum mc_err db_commit(struct db *db);
void db_rollback(struct db *db);
bool db_in_tx(struct db *db);
/* The first MC_EBUSY or MC_EDB (a lost connection, a failover, a failure of the database) that a
 * statement of the current transaction met, else MC_OK. Such a transaction never commits
 * (db_commit answers that error), and its caller should answer it rather than a conclusion drawn
 * from a read that failed (a unit "not found" because the server was gone). */
enum mc_err db_failure(struct db *db);
/* A savepoint inside the open transaction (one level: group commit runs each job in one).
 * db_savepoint_release keeps what was done since db_savepoint; db_savepoint_rollback undoes it and
 * keeps the transaction open. Both end the savepoint. */
enum mc_err db_savepoint(struct db *db);
enum mc_err db_savepoint_release(struct db *db);
enum mc_err db_savepoint_rollback(struct db *db);
/* Calls fn(arg, n) once when the connection's current transaction ends, by commit (after COMMIT
 * returned, so the change is durable and visible) or by rollback; n counts how many times the
 * same fn and arg were registered in that transaction. Up to 8 distinct callbacks per transaction
 * (more is a programmer error). Outside a transaction fn runs at once. For in-memory caches that
 * must not keep what a transaction changed. */
void db_on_tx_end(struct db *db, void (*fn)(void *arg, int n), void *arg);

/* Returns the connection's prepared statement for this SQL text, reset and with no bindings.
 * Statements are cached by the address of the SQL text, which must therefore be a static string.
 * NULL when the SQL does not compile (logged). The statement belongs to the connection. */
struct db_stmt *db_prepare(struct db *db, const char *sql);
/* The same for a statement whose best plan does not depend on its parameters' values (one index
 * drives it whatever they are): PostgreSQL runs it on its generic plan, planned once per session,
 * instead of planning it again for each execution's values (1-2 ms for the list statements, more
 * than running them; docs/postgresql.md). SQLite plans every statement once anyway. */
struct db_stmt *db_prepare_generic(struct db *db, const char *sql);
/* The same for a statement that one key finds whatever its values (a row by its primary or a
 * unique key, one word's postings): every plan PostgreSQL could make for it is the same index
 * read, so it runs under whichever plan mode the session is in, with no switch. Each switch
 * between the two above costs a round trip; a staff request's session, user and roles are read
 * before its list, so without this every list page paid two. */
struct db_stmt *db_prepare_keyed(struct db *db, const char *sql);
/* An INSERT of one row whose text ends in " RETURNING id", id being the table's INTEGER PRIMARY
 * KEY, for db_insert_id. SQLite runs the text without its RETURNING clause, which costs SQLite a
 * temporary b-tree on every run (issue 22: ~3.5 us), and answers the same one row from
 * sqlite3_last_insert_rowid; PostgreSQL runs the text as written. A text not of this form, or
 * whose table's id is not its rowid, aborts at its first prepare (a programmer's error). */
struct db_stmt *db_prepare_insert(struct db *db, const char *sql);

/* The highest parameter number a statement's text may hold ($1..$47): a text with more aborts at
 * its first db_prepare on either engine (a programmer's error, as a full statement cache is). */
#define DB_PARAMS_MAX 47

/* Binding by placeholder number: n = 1 binds $1. A text of len SIZE_MAX is measured with strlen;
 * a NULL text binds NULL. */
void db_bind_text(struct db_stmt *st, int n, const char *text, size_t len);
/* db_bind_text for a text that stays where it is, unchanged, until the statement has run (its
 * last db_step or db_run): SQLite reads it in place instead of copying it into memory of its own
 * (a malloc, a copy and a free per value: ~250 instructions; issue 22). */
void db_bind_text_kept(struct db_stmt *st, int n, const char *text, size_t len);
void db_bind_int(struct db_stmt *st, int n, int64_t v);
void db_bind_null(struct db_stmt *st, int n);
void db_bind_blob(struct db_stmt *st, int n, const void *data, size_t len);

/* Steps the statement: *row is true when a row is available. MC_ECONFLICT for a unique or check
 * constraint violation, MC_EBUSY when the database stays locked or is full (no space left on the
 * disk), MC_ETOOBIG past the bound arena's cap (db_bind_arena), MC_EDB otherwise. */
enum mc_err db_step(struct db_stmt *st, bool *row);
/* Steps a statement that answers at most one row of interest (a get by key): MC_OK with the row
 * ready to read, MC_ENOTFOUND when there is none, db_step's error otherwise (store/db_rows.c). */
enum mc_err db_step_one(struct db_stmt *st);
/* Runs an INSERT … RETURNING id (one row) and gives the id: how the stores learn a new row's id
 * on both backends (not db_last_id, which a trigger's own inserts would change on PostgreSQL). */
enum mc_err db_insert_id(struct db_stmt *st, int64_t *id);
/* Steps a statement that returns no row (or ignores them) to its end. */
enum mc_err db_run(struct db_stmt *st);

/* Columns of the current row, numbered from 0. Text stays valid until the next step or reset. */
int64_t db_col_int(struct db_stmt *st, int col);
const char *db_col_text(struct db_stmt *st, int col); /* NULL for SQL NULL */
size_t db_col_len(struct db_stmt *st, int col);
const void *db_col_blob(struct db_stmt *st, int col);
bool db_col_null(struct db_stmt *st, int col);
/* Copies a text column into dst (cap bytes, always NUL-terminated, cut when longer; "" for NULL). */
void db_col_copy(struct db_stmt *st, int col, char *dst, size_t cap);
/* An integer column, 0 for NULL. */
int64_t db_col_int0(struct db_stmt *st, int col);

/* Rows changed by the last statement. */
int64_t db_changes(struct db *db);

/* Tells every instance on the same database that something changed: PostgreSQL's NOTIFY on
 * channel with payload, delivered to the listeners (db_listen) when the transaction commits and
 * not at all when it rolls back. SQLite: nothing to do (one process per database file). */
enum mc_err db_notify(struct db *db, const char *channel, const char *payload);
/* A thread of its own, on a connection of its own, that calls fn(payload, arg) for each
 * notification on channel, this instance's own included; after a lost connection it connects
 * again and calls fn(NULL, arg) (notifications may have been missed: forget everything). NULL
 * for SQLite, or when it cannot start (logged). db_listener_stop joins the thread; accepts NULL. */
struct db_listener;
struct db_listener *db_listen(const char *target, const char *channel,
			      void (*fn)(const char *payload, void *arg), void *arg);
void db_listener_stop(struct db_listener *l);

/* Bulk loading, for generating benchmark data only (bench/bench_gen_dossiers.c), never for the
 * service: runs copy_sql, a PostgreSQL `COPY table (columns) FROM STDIN` without parameters, inside
 * the open transaction and sends it data (len bytes, COPY's text format: tab-separated fields,
 * \N for NULL, one row a line). Rows go through the tables' constraints and triggers as an INSERT's
 * would. MC_EINVAL on SQLite (no COPY there); else as db_step. */
enum mc_err db_copy_in(struct db *db, const char *copy_sql, const char *data, size_t len);

/* Runs a trivial query: MC_OK when the database answers. */
enum mc_err db_ping(struct db *db);
/* False when the database cannot take writes: opened read-only, or its file or directory not
 * writable by this process. */
bool db_writable(struct db *db);

/* The name of the backend: "sqlite" or "postgresql". */
const char *db_backend(struct db *db);
/* Whether db is a PostgreSQL connection (the store's few statements that differ by engine). */
bool db_is_pg(struct db *db);

/* Online backup of the whole database into a new file. */
enum mc_err db_backup(struct db *db, const char *dest_path);

/* A number that moves whenever this process changes a row that says who a session's user is and
 * what they may do (sessions, users, user_roles): once as the row changes and once more when its
 * transaction has ended. An answer read after taking the epoch is current while the epoch has not
 * moved, as far as this process's writes go. 0 when the backend cannot tell (PostgreSQL, where
 * other instances write the same tables): nothing may then be kept on its strength. */
uint64_t db_auth_epoch(struct db *db);

#endif
