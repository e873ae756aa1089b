/* The PostgreSQL backend of store/db.h (store/db_internal.h), over libpq. The stores' SQL runs as
 * written: $n placeholders are PostgreSQL's own; the few SQLite spellings they use (instr,
 * json_each of a text, scalar max/min, rowid) exist in the schema of sql/pg/.
 *
 * Statements are prepared once per connection (named "s<slot>") with the parameter types of their
 * first execution (int8, text, bytea; a NULL leaves the type to PostgreSQL), and their results
 * come whole, as text: a step walks the rows of the result. Writers serialize on a transaction-
 * level advisory lock taken at BEGIN, so that a write transaction sees and decides alone, as
 * SQLite's BEGIN IMMEDIATE does (codes consecutive per point and day, optimistic versions); reads
 * run in REPEATABLE READ, one snapshot per transaction. A lost connection (a failover) is opened
 * again at its next use outside a transaction (db_pg_link.c: which host, when); the statement that
 * saw it fails with MC_EBUSY (503). */
#include "base/base.h"

#include <libpq-fe.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>

#include "base/log.h"
#include "store/db_internal.h"
#include "store/db_pg_link.h"

/* An open-addressed table of prepared statements, by SQL text address, per connection. The store
 * has ~350 statement texts (312 named, some arrays of variants): 256 slots would have been filled
 * by a connection that ran most of them (a long-lived pool connection does), and a full table
 * aborts the process; 1024 keeps it under a third full. */
#define STMT_CACHE 1024
#define STMT_PARAMS (DB_PARAMS_MAX + 1) /* $1..$47 */
#define WRITE_LOCK_KEY "7236952018" /* pg_advisory_xact_lock of every write transaction */

#define OID_INT8 20
#define OID_TEXT 25
#define OID_BYTEA 17

struct db_stmt {
	struct db_stmt_common common;
	const char *sql;
	int slot;		      /* its name is "s<slot>" */
	bool prepared;		      /* on this connection's current session */
	int nparams;		      /* the highest $n of the text */
	char *values[STMT_PARAMS];    /* bound values (owned), NULL for NULL */
	int lengths[STMT_PARAMS];
	int formats[STMT_PARAMS];     /* 1 for bytea (binary), else 0 */
	unsigned types[STMT_PARAMS];  /* Oid of each bound value; 0 for NULL */
	PGresult *res;		      /* the result being walked, NULL before execution */
	int row, nrows;
	unsigned char *blob;	      /* the last bytea column decoded (db_col_blob) */
	size_t blob_len;
	int blob_row, blob_col;
};

struct db {
	struct db_common common;
	struct pg_link link;	  /* its session counts reconnections: statements prepared
				   * before one are gone */
	unsigned stmt_session[STMT_CACHE];
	/* The session's plan_cache_mode as motcua last set it: PLAN_AUTO (PostgreSQL's default,
	 * as each new session starts), PLAN_GENERIC, or PLAN_UNKNOWN after a rollback (which undoes
	 * a SET made inside the transaction). plan_session: the session it was set on. */
	enum { PLAN_AUTO, PLAN_GENERIC, PLAN_UNKNOWN } plan_mode;
	unsigned plan_session;
	int64_t changes;
	struct db_stmt cache[STMT_CACHE];
};

static void pg_close(struct db *db);

static enum mc_err pg_open(const char *target, struct db **out)
{
	struct db *db = xcalloc(1, sizeof(*db));
	db->common.ops = &db_pg_ops;
	if (!db__pg_link_open(&db->link, target)) {
		pg_close(db);
		return MC_EDB;
	}
	*out = db;
	return MC_OK;
}

static void clear_stmt(struct db_stmt *st)
{
	PQclear(st->res);
	st->res = NULL;
	free(st->blob);
	st->blob = NULL;
	for (int i = 0; i < STMT_PARAMS; i++) {
		free(st->values[i]);
		st->values[i] = NULL;
		st->types[i] = 0;
		st->formats[i] = 0;
		st->lengths[i] = 0;
	}
}

static void pg_close(struct db *db)
{
	if (!db)
		return;
	for (size_t i = 0; i < STMT_CACHE; i++)
		clear_stmt(&db->cache[i]);
	db__pg_link_close(&db->link);
	free(db);
}

/* The error kind of a failed result: constraint violations are conflicts (409 or a retry),
 * serialization failures, deadlocks, a read-only server (a standby) and lost connections are
 * MC_EBUSY (503, try again), the rest MC_EDB (logged). */
static enum mc_err err_of(struct db *db, const PGresult *r)
{
	const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
	if (state && !strncmp(state, "23", 2))
		return MC_ECONFLICT;
	if (state && (!strcmp(state, "40001") || !strcmp(state, "40P01") ||
		      !strcmp(state, "25006") || !strcmp(state, "55P03") ||
		      !strncmp(state, "08", 2) || !strncmp(state, "57P", 3) ||
		      !strcmp(state, "53100") || !strcmp(state, "53300"))) {
		log_warn("PostgreSQL busy (%s): %s", state, PQerrorMessage(db->link.conn));
		return MC_EBUSY;
	}
	if (PQstatus(db->link.conn) != CONNECTION_OK) {
		log_warn("PostgreSQL connection lost: %s", PQerrorMessage(db->link.conn));
		return MC_EBUSY;
	}
	log_error("PostgreSQL error %s: %s", state ? state : "?", PQerrorMessage(db->link.conn));
	return MC_EDB;
}

static enum mc_err pg_exec(struct db *db, const char *sql)
{
	bool tx = db->common.in_tx;
	if (!tx && !db__pg_link_check(&db->link))
		return MC_EBUSY;
	if (!strncmp(sql, "ROLLBACK", 8))
		db->plan_mode = PLAN_UNKNOWN; /* to a savepoint too */
	PGresult *r = PQexec(db->link.conn, sql);
	ExecStatusType s = PQresultStatus(r);
	if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK && !tx &&
	    PQstatus(db->link.conn) != CONNECTION_OK && db__pg_link_check(&db->link)) {
		/* The connection had died unnoticed (the server restarted, a failover): outside a
		 * transaction nothing ran, so the text is sent once more on the new connection. */
		PQclear(r);
		r = PQexec(db->link.conn, sql);
		s = PQresultStatus(r);
	}
	enum mc_err err = s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK ? MC_OK : err_of(db, r);
	PQclear(r);
	return err;
}

static void pg_release(struct db *db)
{
	for (size_t i = 0; i < STMT_CACHE; i++)
		if (db->cache[i].res) {
			PQclear(db->cache[i].res);
			db->cache[i].res = NULL;
		}
}

static enum mc_err pg_begin_write(struct db *db)
{
	static const char begin[] = "BEGIN ISOLATION LEVEL READ COMMITTED; "
				    "SELECT pg_advisory_xact_lock(" WRITE_LOCK_KEY ")";
	enum mc_err err = pg_exec(db, begin);
	if (err)
		pg_exec(db, "ROLLBACK");
	return err;
}

static enum mc_err pg_begin_read(struct db *db)
{
	return pg_exec(db, "BEGIN ISOLATION LEVEL REPEATABLE READ");
}

static enum mc_err pg_commit(struct db *db)
{
	enum mc_err err = pg_exec(db, "COMMIT");
	if (err)
		db->plan_mode = PLAN_UNKNOWN;
	return err;
}

static void pg_rollback(struct db *db)
{
	if (PQtransactionStatus(db->link.conn) != PQTRANS_IDLE) {
		db->plan_mode = PLAN_UNKNOWN;
		PGresult *r = PQexec(db->link.conn, "ROLLBACK");
		PQclear(r);
	}
}

/* The highest $n of the SQL text (outside quoted literals). */
static int count_params(const char *sql)
{
	int max = 0;
	bool quoted = false;
	for (const char *p = sql; *p; p++) {
		if (*p == '\'')
			quoted = !quoted;
		else if (!quoted && *p == '$' && p[1] >= '0' && p[1] <= '9') {
			int n = (int)strtol(p + 1, NULL, 10);
			if (n > max)
				max = n;
		}
	}
	return max;
}

static struct db_stmt *pg_prepare(struct db *db, const char *sql)
{
	size_t h = ((uintptr_t)sql >> 3) % STMT_CACHE;
	for (size_t i = 0; i < STMT_CACHE; i++) {
		size_t slot = (h + i) % STMT_CACHE;
		struct db_stmt *e = &db->cache[slot];
		if (e->sql == sql) {
			clear_stmt(e);
			return e;
		}
		if (!e->sql) {
			e->sql = sql;
			e->common.db = db;
			e->slot = (int)slot;
			e->nparams = count_params(sql);
			if (e->nparams >= STMT_PARAMS) {
				log_error("too many parameters in \"%.60s\"", sql);
				abort(); /* a programmer error */
			}
			return e;
		}
	}
	log_error("statement cache full");
	abort();
}

static void set_param(struct db_stmt *st, int n, char *value, int len, int format, unsigned type)
{
	if (n < 1 || n > st->nparams) {
		log_error("no parameter $%d in \"%.60s\"", n, st->sql);
		abort(); /* a programmer error */
	}
	free(st->values[n - 1]);
	st->values[n - 1] = value;
	st->lengths[n - 1] = len;
	st->formats[n - 1] = format;
	st->types[n - 1] = type;
}

static void pg_bind_text(struct db_stmt *st, int n, const char *text, size_t len)
{
	char *v = xmalloc(len + 1);
	memcpy(v, text, len);
	v[len] = '\0';
	set_param(st, n, v, (int)len, 0, OID_TEXT);
}

static void pg_bind_int(struct db_stmt *st, int n, int64_t value)
{
	char buf[24];
	int len = snprintf(buf, sizeof(buf), "%lld", (long long)value);
	set_param(st, n, xstrdup(buf), len, 0, OID_INT8);
}

static void pg_bind_null(struct db_stmt *st, int n)
{
	set_param(st, n, NULL, 0, 0, 0);
}

static void pg_bind_blob(struct db_stmt *st, int n, const void *data, size_t len)
{
	char *v = xmalloc(len ? len : 1);
	if (len)
		memcpy(v, data, len);
	set_param(st, n, v, (int)len, 1, OID_BYTEA);
}

/* A preparation that failed because a parameter's type could not be determined or the guess
 * did not fit: 42P18, 42P08 (undetermined), 42883, 42804 (no such function, wrong type). */
static bool type_guess_failed(const char *sqlstate)
{
	return !strcmp(sqlstate, "42P18") || !strcmp(sqlstate, "42P08") ||
	       !strcmp(sqlstate, "42883") || !strcmp(sqlstate, "42804");
}

/* One attempt at preparing, inside a savepoint when a transaction is open (a failed PREPARE
 * would abort it). *sqlstate gets the error's code ("" on success). A type guess that failed is
 * logged only on the last attempt (quiet): the next guess usually fits. */
static bool try_prepare(struct db *db, const char *name, struct db_stmt *st, const unsigned *types,
			char sqlstate[6], enum mc_err *err, bool quiet)
{
	bool tx = db->common.in_tx;
	if (tx)
		pg_exec(db, "SAVEPOINT prep");
	PGresult *p = PQprepare(db->link.conn, name, st->sql, st->nparams, types);
	bool ok = PQresultStatus(p) == PGRES_COMMAND_OK;
	const char *state = ok ? NULL : PQresultErrorField(p, PG_DIAG_SQLSTATE);
	snprintf(sqlstate, 6, "%s", state ? state : "");
	if (!ok && quiet && type_guess_failed(sqlstate))
		*err = MC_EDB;
	else
		*err = ok ? MC_OK : err_of(db, p);
	if (!ok && !(quiet && type_guess_failed(sqlstate)))
		log_error("cannot prepare \"%.80s\" (%s): %s", st->sql, sqlstate, PQerrorMessage(db->link.conn));
	PQclear(p);
	if (tx)
		pg_exec(db, ok ? "RELEASE prep" : "ROLLBACK TO prep");
	return ok;
}

/* Prepares the statement on this session with the types bound now. A parameter bound to NULL
 * has no type; where PostgreSQL cannot infer it (a lone "$n IS NULL"), it is tried as text, then
 * as an integer. Once per statement and connection. */
static enum mc_err prepare_now(struct db *db, const char *name, struct db_stmt *st)
{
	static const unsigned guesses[] = {0, OID_TEXT, OID_INT8};
	unsigned types[STMT_PARAMS];
	char state[6] = "";
	enum mc_err err = MC_EDB;
	size_t nguesses = sizeof(guesses) / sizeof(guesses[0]);
	for (size_t g = 0; g < nguesses; g++) {
		for (int i = 0; i < st->nparams; i++)
			types[i] = st->types[i] ? st->types[i] : guesses[g];
		if (try_prepare(db, name, st, types, state, &err, g + 1 < nguesses))
			return MC_OK;
		if (!type_guess_failed(state))
			break;
	}
	return err;
}

/* Sets the session's plan_cache_mode for a statement when it differs: force_generic_plan for
 * db_prepare_generic's, PostgreSQL's default (auto: custom plans for the first five executions,
 * then the generic one unless it is estimated dearer) for the others. A switch costs one round
 * trip; a generic statement run after another, or an ordinary one after an ordinary one, none;
 * a db_prepare_keyed one, under any mode, none. No statement runs with parallel workers
 * (db_pg_link.c session_setup). */
static enum mc_err plan_mode_for(struct db *db, enum db_plan plan)
{
	if (db->plan_session != db->link.session) {
		db->plan_session = db->link.session;
		db->plan_mode = PLAN_AUTO; /* a new session starts with the default */
	}
	if (plan == DB_PLAN_ANY)
		return MC_OK;
	bool generic = plan == DB_PLAN_GENERIC;
	if (db->plan_mode == (generic ? PLAN_GENERIC : PLAN_AUTO))
		return MC_OK;
	PGresult *r = PQexec(db->link.conn, generic ? "SET plan_cache_mode = force_generic_plan"
						    : "SET plan_cache_mode = auto");
	enum mc_err err = PQresultStatus(r) == PGRES_COMMAND_OK ? MC_OK : err_of(db, r);
	PQclear(r);
	db->plan_mode = err ? PLAN_UNKNOWN : generic ? PLAN_GENERIC : PLAN_AUTO;
	return err;
}

/* Prepares the statement on this session if needed, then runs it. */
static enum mc_err execute_once(struct db_stmt *st)
{
	struct db *db = st->common.db;
	char name[16];
	if (!db->common.in_tx && !db__pg_link_check(&db->link))
		return MC_EBUSY;
	enum mc_err mode_err = plan_mode_for(db, st->common.plan);
	if (mode_err)
		return mode_err;
	snprintf(name, sizeof(name), "s%d", st->slot);
	if (!st->prepared || db->stmt_session[st->slot] != db->link.session) {
		enum mc_err err = prepare_now(db, name, st);
		if (err)
			return err;
		st->prepared = true;
		db->stmt_session[st->slot] = db->link.session;
	}
	st->res = PQexecPrepared(db->link.conn, name, st->nparams, (const char *const *)st->values,
				 st->lengths, st->formats, 0);
	ExecStatusType s = PQresultStatus(st->res);
	if (s != PGRES_TUPLES_OK && s != PGRES_COMMAND_OK) {
		enum mc_err err = err_of(db, st->res);
		PQclear(st->res);
		st->res = NULL;
		return err;
	}
	const char *n = PQcmdTuples(st->res);
	db->changes = n && *n ? strtoll(n, NULL, 10) : 0;
	st->row = -1;
	st->nrows = PQntuples(st->res);
	return MC_OK;
}

/* Outside a transaction, a statement that found its connection dead (the server restarted, a
 * failover: the loss shows only at the next use) runs once more on a new connection. */
static enum mc_err execute(struct db_stmt *st)
{
	struct db *db = st->common.db;
	enum mc_err err = execute_once(st);
	if (err == MC_EBUSY && !db->common.in_tx && PQstatus(db->link.conn) != CONNECTION_OK &&
	    db__pg_link_check(&db->link))
		err = execute_once(st);
	return err;
}

static enum mc_err pg_step(struct db_stmt *st, bool *row)
{
	*row = false;
	if (!st->res) {
		enum mc_err err = execute(st);
		if (err)
			return err;
	}
	if (st->row + 1 < st->nrows) {
		st->row++;
		*row = true;
	}
	return MC_OK;
}

static void pg_reset(struct db_stmt *st)
{
	PQclear(st->res);
	st->res = NULL;
}

static bool pg_col_null(struct db_stmt *st, int col)
{
	return !st->res || st->row < 0 || PQgetisnull(st->res, st->row, col);
}

/* Integers as text; a boolean expression answers t or f (SQLite's 1 or 0). */
static int64_t pg_col_int(struct db_stmt *st, int col)
{
	if (pg_col_null(st, col))
		return 0;
	const char *v = PQgetvalue(st->res, st->row, col);
	if (v[0] == 't' && !v[1])
		return 1;
	if (v[0] == 'f' && !v[1])
		return 0;
	return strtoll(v, NULL, 10);
}

static const char *pg_col_text(struct db_stmt *st, int col)
{
	return pg_col_null(st, col) ? NULL : PQgetvalue(st->res, st->row, col);
}

static const void *pg_col_blob(struct db_stmt *st, int col)
{
	if (pg_col_null(st, col))
		return NULL;
	if (PQftype(st->res, col) != OID_BYTEA)
		return PQgetvalue(st->res, st->row, col);
	if (!st->blob || st->blob_row != st->row || st->blob_col != col) {
		free(st->blob);
		st->blob = NULL;
		unsigned char *raw = PQunescapeBytea(
			(const unsigned char *)PQgetvalue(st->res, st->row, col), &st->blob_len);
		if (!raw)
			return NULL;
		st->blob = xmalloc(st->blob_len ? st->blob_len : 1);
		memcpy(st->blob, raw, st->blob_len);
		PQfreemem(raw);
		st->blob_row = st->row;
		st->blob_col = col;
	}
	return st->blob;
}

static size_t pg_col_len(struct db_stmt *st, int col)
{
	if (pg_col_null(st, col))
		return 0;
	if (PQftype(st->res, col) == OID_BYTEA)
		return pg_col_blob(st, col) ? st->blob_len : 0;
	return (size_t)PQgetlength(st->res, st->row, col);
}

static int64_t pg_changes(struct db *db)
{
	return db->changes;
}

static bool pg_writable(struct db *db)
{
	PGresult *r = PQexec(db->link.conn, "SELECT pg_is_in_recovery() OR "
				       "current_setting('default_transaction_read_only') = 'on'");
	bool ok = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1 &&
		  !strcmp(PQgetvalue(r, 0, 0), "f");
	PQclear(r);
	return ok;
}

static enum mc_err pg_backup(struct db *db, const char *dest_path)
{
	MC_UNUSED(db);
	log_error("backup of a PostgreSQL database: use pg_basebackup or pg_dump (not %s); see "
		  "docs/postgresql.md",
		  dest_path);
	return MC_EINVAL;
}

static const char SQL_NOTIFY[] = "SELECT pg_notify($1, $2)";

static enum mc_err pg_notify(struct db *db, const char *channel, const char *payload)
{
	struct db_stmt *st = pg_prepare(db, SQL_NOTIFY);
	pg_bind_text(st, 1, channel, strlen(channel));
	pg_bind_text(st, 2, payload, strlen(payload));
	bool row;
	enum mc_err err = pg_step(st, &row);
	pg_reset(st);
	return err;
}

struct db_listener {
	pthread_t thread;
	atomic_bool stop;
	struct db *db; /* its own connection */
	char channel[64];
	void (*fn)(const char *payload, void *arg);
	void *arg;
};

static bool listen_on(struct db_listener *l)
{
	char *ident = PQescapeIdentifier(l->db->link.conn, l->channel, strlen(l->channel));
	if (!ident)
		return false;
	char sql[128];
	snprintf(sql, sizeof(sql), "LISTEN %s", ident);
	PQfreemem(ident);
	return pg_exec(l->db, sql) == MC_OK;
}

static void *listener_main(void *arg)
{
	thread_name("mc-listen");
	struct db_listener *l = arg;
	while (!atomic_load(&l->stop)) {
		if (PQstatus(l->db->link.conn) != CONNECTION_OK) {
			if (!db__pg_link_check(&l->db->link) || !listen_on(l)) {
				struct pollfd none = {.fd = -1};
				poll(&none, 0, 1000); /* the server is away: try again in a second */
				continue;
			}
			log_info("listening on \"%s\" again", l->channel);
			l->fn(NULL, l->arg); /* what was said meanwhile is lost */
		}
		struct pollfd p = {.fd = PQsocket(l->db->link.conn), .events = POLLIN};
		if (poll(&p, 1, 250) <= 0)
			continue;
		if (!PQconsumeInput(l->db->link.conn))
			continue; /* the connection is lost: reset above */
		PGnotify *n;
		while ((n = PQnotifies(l->db->link.conn))) {
			l->fn(n->extra, l->arg);
			PQfreemem(n);
		}
	}
	return NULL;
}

static struct db_listener *pg_listen(const char *target, const char *channel,
				     void (*fn)(const char *payload, void *arg), void *arg)
{
	struct db_listener *l = xcalloc(1, sizeof(*l));
	snprintf(l->channel, sizeof(l->channel), "%s", channel);
	l->fn = fn;
	l->arg = arg;
	if (pg_open(target, &l->db) != MC_OK || !listen_on(l) ||
	    pthread_create(&l->thread, NULL, listener_main, l) != 0) {
		log_error("cannot listen on \"%s\": changes made by other instances will not reach "
			  "this one's caches",
			  channel);
		pg_close(l->db);
		free(l);
		return NULL;
	}
	return l;
}

/* The connections of a pool share what their reconnections learn (db_pg_link.h). */
static void *pg_pool_start(const char *target, struct db **all, size_t n)
{
	MC_UNUSED(target);
	struct pg_pool *p = db__pg_pool_new();
	for (size_t i = 0; i < n; i++)
		all[i]->link.pool = p;
	return p;
}

static void pg_pool_stop(void *state)
{
	db__pg_pool_free(state);
}

static void pg_listener_stop(struct db_listener *l)
{
	atomic_store(&l->stop, true);
	pthread_join(l->thread, NULL);
	pg_close(l->db);
	free(l);
}

/* COPY … FROM STDIN: the data in pieces of 1 MB, then the end; the statement's result decides. */
static enum mc_err pg_copy_in(struct db *db, const char *copy_sql, const char *data, size_t len)
{
	enum mc_err err = MC_OK;
	PGresult *r = PQexec(db->link.conn, copy_sql);
	if (PQresultStatus(r) != PGRES_COPY_IN) {
		err = err_of(db, r);
		PQclear(r);
		return err;
	}
	PQclear(r);
	for (size_t off = 0; off < len;) {
		size_t n = len - off < (1u << 20) ? len - off : (1u << 20);
		if (PQputCopyData(db->link.conn, data + off, (int)n) != 1)
			break;
		off += n;
	}
	if (PQputCopyEnd(db->link.conn, NULL) != 1) {
		log_error("COPY: %s", PQerrorMessage(db->link.conn));
		err = MC_EDB;
	}
	while ((r = PQgetResult(db->link.conn))) {
		if (!err && PQresultStatus(r) != PGRES_COMMAND_OK)
			err = err_of(db, r);
		PQclear(r);
	}
	return err;
}

const struct db_ops db_pg_ops = {
	.name = "postgresql",
	.open = pg_open,
	.close = pg_close,
	.pool_start = pg_pool_start,
	.pool_stop = pg_pool_stop,
	.release = pg_release,
	.exec = pg_exec,
	.begin_write = pg_begin_write,
	.begin_read = pg_begin_read,
	.commit = pg_commit,
	.rollback = pg_rollback,
	.prepare = pg_prepare,
	.bind_text = pg_bind_text,
	.bind_int = pg_bind_int,
	.bind_null = pg_bind_null,
	.bind_blob = pg_bind_blob,
	.step = pg_step,
	.reset = pg_reset,
	.col_int = pg_col_int,
	.col_text = pg_col_text,
	.col_len = pg_col_len,
	.col_blob = pg_col_blob,
	.col_null = pg_col_null,
	.changes = pg_changes,
	.writable = pg_writable,
	.backup = pg_backup,
	.notify = pg_notify,
	.listen = pg_listen,
	.listener_stop = pg_listener_stop,
	.copy_in = pg_copy_in,
};
