/* Copying a SQLite database into PostgreSQL (transfer.h).
 *
 * The copy is generic: the tables and columns are those of the target's catalog, so that a new
 * migration needs no change here. Table and column names are therefore put into the SQL text of
 * this file (SELECT, COPY, ALTER TABLE, setval): they come from the two databases' own catalogs,
 * never from a user, and each must be a plain lower-case identifier (checked) and is quoted.
 * Every value is carried as data: read from SQLite by the column API, written by COPY FROM STDIN
 * in its text format, with backslash, tab, newline and carriage return escaped, NULL as \N and
 * bytea as \\x hex. PostgreSQL parses each value into its column's type (0/1 into a boolean).
 *
 * The whole copy is one PostgreSQL transaction holding the writers' advisory lock (db_pg.c): an
 * instance serving on the target meanwhile waits, and a failure leaves the target as it was. */
#include "base/base.h"

#include <libpq-fe.h>
#include <stdarg.h>
#include <sqlite3.h>

#include "base/buf.h"
#include "base/log.h"
#include "store/transfer.h"

#define COLUMNS_MAX 64
#define COPY_CHUNK (256 * 1024) /* bytes sent to PostgreSQL at a time */
#define COPY_LINE_MAX ((size_t)1 << 30)
#define NAME_MAX_LEN 63

struct column {
	char name[NAME_MAX_LEN + 1];
	bool identity, bytea;
};

struct table {
	char name[NAME_MAX_LEN + 1];
	size_t ncols;
	struct column cols[COLUMNS_MAX];
	bool in_source, done;
};

struct transfer {
	sqlite3 *src;
	PGconn *dst;
	struct transfer_report *out;
	size_t ntables;
	struct table tables[TRANSFER_TABLES_MAX];
};

static enum mc_err fail(struct transfer *t, enum mc_err err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static enum mc_err fail(struct transfer *t, enum mc_err err, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(t->out->why, sizeof(t->out->why), fmt, ap);
	va_end(ap);
	t->out->why[strcspn(t->out->why, "\n")] = '\0';
	return err;
}

/* A name fit to be quoted into SQL text: [a-z_][a-z0-9_]*, at most 63 bytes. */
static bool plain_name(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > NAME_MAX_LEN || (s[0] >= '0' && s[0] <= '9'))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return false;
	return true;
}

/* Runs a statement on the target with text parameters; the result when it has the status
 * wanted, else NULL (out->why set). */
static PGresult *pg_run(struct transfer *t, const char *sql, int nparams, const char *const *params,
			ExecStatusType want)
{
	PGresult *r = PQexecParams(t->dst, sql, nparams, NULL, params, NULL, NULL, 0);
	if (PQresultStatus(r) == want)
		return r;
	fail(t, MC_EDB, "PostgreSQL: %s", PQerrorMessage(t->dst));
	PQclear(r);
	return NULL;
}

static enum mc_err pg_do(struct transfer *t, const char *sql)
{
	PGresult *r = pg_run(t, sql, 0, NULL, PGRES_COMMAND_OK);
	bool ok = r != NULL;
	PQclear(r);
	return ok ? MC_OK : MC_EDB;
}

static enum mc_err pg_query_ok(struct transfer *t, const char *sql)
{
	PGresult *r = pg_run(t, sql, 0, NULL, PGRES_TUPLES_OK);
	bool ok = r != NULL;
	PQclear(r);
	return ok ? MC_OK : MC_EDB;
}

static const char SQL_TABLES[] =
	"SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
	"WHERE c.relkind IN ('r', 'p') AND n.nspname = current_schema() "
	"AND c.relname <> 'schema_version' ORDER BY c.relname";
static const char SQL_COLUMNS[] =
	"SELECT a.attname, a.attidentity <> '', a.atttypid = 'bytea'::regtype "
	"FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
	"JOIN pg_namespace n ON n.oid = c.relnamespace "
	"WHERE c.relname = $1 AND n.nspname = current_schema() AND a.attnum > 0 "
	"AND NOT a.attisdropped AND a.attgenerated = '' ORDER BY a.attnum";

static enum mc_err read_catalog(struct transfer *t)
{
	PGresult *r = pg_run(t, SQL_TABLES, 0, NULL, PGRES_TUPLES_OK);
	if (!r)
		return MC_EDB;
	int n = PQntuples(r);
	if ((size_t)n > TRANSFER_TABLES_MAX) {
		PQclear(r);
		return fail(t, MC_EINVAL, "the target has %d tables, more than %d", n,
			    TRANSFER_TABLES_MAX);
	}
	for (int i = 0; i < n; i++) {
		struct table *tb = &t->tables[t->ntables++];
		snprintf(tb->name, sizeof(tb->name), "%s", PQgetvalue(r, i, 0));
		if (!plain_name(PQgetvalue(r, i, 0))) {
			enum mc_err err = fail(t, MC_EINVAL, "table name \"%s\" is not a plain name",
					       PQgetvalue(r, i, 0));
			PQclear(r);
			return err;
		}
	}
	PQclear(r);
	for (size_t i = 0; i < t->ntables; i++) {
		struct table *tb = &t->tables[i];
		const char *p[] = {tb->name};
		r = pg_run(t, SQL_COLUMNS, 1, p, PGRES_TUPLES_OK);
		if (!r)
			return MC_EDB;
		int nc = PQntuples(r);
		enum mc_err err = MC_OK;
		if (nc == 0 || nc > COLUMNS_MAX)
			err = fail(t, MC_EINVAL, "table %s has %d columns", tb->name, nc);
		for (int c = 0; !err && c < nc; c++) {
			struct column *col = &tb->cols[tb->ncols++];
			if (!plain_name(PQgetvalue(r, c, 0)))
				err = fail(t, MC_EINVAL, "column %s.%s is not a plain name", tb->name,
					   PQgetvalue(r, c, 0));
			snprintf(col->name, sizeof(col->name), "%s", PQgetvalue(r, c, 0));
			col->identity = PQgetvalue(r, c, 1)[0] == 't';
			col->bytea = PQgetvalue(r, c, 2)[0] == 't';
		}
		PQclear(r);
		if (err)
			return err;
	}
	return MC_OK;
}

static struct table *find_table(struct transfer *t, const char *name)
{
	for (size_t i = 0; i < t->ntables; i++)
		if (!strcmp(t->tables[i].name, name))
			return &t->tables[i];
	return NULL;
}

/* The two sets of tables must be the same: every table of the source has its place in the target
 * (nothing is left behind), and every table of the target is one of the source's (the target is
 * emptied: a table of something else in its schema must not be). */
static enum mc_err same_tables(struct transfer *t)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(t->src,
			       "SELECT name FROM sqlite_schema WHERE type = 'table' "
			       "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
			       -1, &st, NULL) != SQLITE_OK)
		return fail(t, MC_EDB, "SQLite: %s", sqlite3_errmsg(t->src));
	enum mc_err err = MC_OK;
	size_t found = 0;
	int rc;
	while (!err && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0);
		struct table *tb = find_table(t, name);
		if (!tb) {
			err = fail(t, MC_EINVAL,
				   "table %s of the source has no place in the target: is the target's "
				   "schema older than this motcua?",
				   name);
		} else {
			tb->in_source = true;
			found++;
		}
	}
	if (!err && rc != SQLITE_DONE)
		err = fail(t, MC_EDB, "SQLite: %s", sqlite3_errmsg(t->src));
	sqlite3_finalize(st);
	for (size_t i = 0; !err && found < t->ntables && i < t->ntables; i++)
		if (!t->tables[i].in_source)
			err = fail(t, MC_EINVAL,
				   "table %s of the target is not in the source: the target must be a "
				   "database of its own, holding only motcua's schema",
				   t->tables[i].name);
	return err;
}

static const char SQL_REFERENCES[] =
	"SELECT a.relname, b.relname FROM pg_constraint k JOIN pg_class a ON a.oid = k.conrelid "
	"JOIN pg_class b ON b.oid = k.confrelid JOIN pg_namespace n ON n.oid = a.relnamespace "
	"WHERE k.contype = 'f' AND n.nspname = current_schema() AND a.oid <> b.oid";

/* The tables in an order where each comes after the tables its foreign keys name (the checks of
 * a table that names itself run at the end of its COPY, when all its rows are in). */
static enum mc_err order_tables(struct transfer *t, size_t *order)
{
	PGresult *r = pg_run(t, SQL_REFERENCES, 0, NULL, PGRES_TUPLES_OK);
	if (!r)
		return MC_EDB;
	int nrefs = PQntuples(r);
	size_t placed = 0;
	while (placed < t->ntables) {
		size_t before = placed;
		for (size_t i = 0; i < t->ntables; i++) {
			struct table *tb = &t->tables[i];
			bool ready = !tb->done;
			for (int k = 0; ready && k < nrefs; k++) {
				if (strcmp(PQgetvalue(r, k, 0), tb->name) != 0)
					continue;
				struct table *parent = find_table(t, PQgetvalue(r, k, 1));
				ready = !parent || parent->done;
			}
			if (ready) {
				tb->done = true;
				order[placed++] = i;
			}
		}
		if (placed == before) {
			PQclear(r);
			return fail(t, MC_EINVAL, "the target's foreign keys form a cycle");
		}
	}
	PQclear(r);
	return MC_OK;
}

/* Appends a text value in COPY's text format. */
static void put_text(struct buf *b, const unsigned char *s, size_t n)
{
	size_t from = 0;
	for (size_t i = 0; i < n; i++) {
		const char *esc = s[i] == '\\' ? "\\\\"
				: s[i] == '\t' ? "\\t"
				: s[i] == '\n' ? "\\n"
				: s[i] == '\r' ? "\\r"
					       : NULL;
		if (!esc)
			continue;
		buf_append(b, s + from, i - from);
		buf_append_str(b, esc);
		from = i + 1;
	}
	buf_append(b, s + from, n - from);
}

static void put_hex(struct buf *b, const unsigned char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	buf_append_str(b, "\\\\x");
	for (size_t i = 0; i < n; i++) {
		char two[2] = {hex[s[i] >> 4], hex[s[i] & 15]};
		buf_append(b, two, 2);
	}
}

static enum mc_err put_value(struct transfer *t, struct buf *b, sqlite3_stmt *st, int c,
			     const struct table *tb)
{
	const struct column *col = &tb->cols[c];
	char num[40];
	switch (sqlite3_column_type(st, c)) {
	case SQLITE_NULL:
		buf_append_str(b, "\\N");
		break;
	case SQLITE_INTEGER:
		snprintf(num, sizeof(num), "%lld", (long long)sqlite3_column_int64(st, c));
		buf_append_str(b, num);
		break;
	case SQLITE_FLOAT:
		snprintf(num, sizeof(num), "%.17g", sqlite3_column_double(st, c));
		buf_append_str(b, num);
		break;
	case SQLITE_BLOB: {
		const unsigned char *v = sqlite3_column_blob(st, c);
		size_t n = (size_t)sqlite3_column_bytes(st, c);
		if (!col->bytea)
			return fail(t, MC_EINVAL, "%s.%s holds bytes but is not bytea in the target",
				    tb->name, col->name);
		put_hex(b, v, n);
		break;
	}
	default: {
		const unsigned char *v = sqlite3_column_text(st, c);
		size_t n = (size_t)sqlite3_column_bytes(st, c);
		if (col->bytea)
			put_hex(b, v, n);
		else
			put_text(b, v, n);
	}
	}
	return MC_OK;
}

static enum mc_err flush_copy(struct transfer *t, struct buf *b)
{
	if (b->full)
		return fail(t, MC_ETOOBIG, "a row is larger than %zu bytes", COPY_LINE_MAX);
	if (b->len && PQputCopyData(t->dst, b->data, (int)b->len) != 1)
		return fail(t, MC_EDB, "PostgreSQL: %s", PQerrorMessage(t->dst));
	b->len = 0;
	return MC_OK;
}

/* "a", "b", "c" into sql. */
static void column_list(struct buf *sql, const struct table *tb)
{
	for (size_t c = 0; c < tb->ncols; c++)
		buf_printf(sql, "%s\"%s\"", c ? ", " : "", tb->cols[c].name);
}

static enum mc_err copy_rows(struct transfer *t, struct table *tb, sqlite3_stmt *st, int64_t *rows)
{
	struct buf b;
	buf_init(&b, COPY_LINE_MAX);
	enum mc_err err = MC_OK;
	int rc;
	while (!err && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (size_t c = 0; !err && c < tb->ncols; c++) {
			if (c)
				buf_append_str(&b, "\t");
			err = put_value(t, &b, st, (int)c, tb);
		}
		buf_append_str(&b, "\n");
		(*rows)++;
		if (!err && b.len >= COPY_CHUNK)
			err = flush_copy(t, &b);
	}
	if (!err && rc != SQLITE_DONE)
		err = fail(t, MC_EDB, "SQLite, reading %s: %s", tb->name, sqlite3_errmsg(t->src));
	if (!err)
		err = flush_copy(t, &b);
	buf_release(&b);
	return err;
}

static enum mc_err copy_table(struct transfer *t, struct table *tb)
{
	struct buf sql;
	buf_init(&sql, 16384);
	buf_append_str(&sql, "SELECT ");
	column_list(&sql, tb);
	buf_printf(&sql, " FROM \"%s\"", tb->name);
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(t->src, sql.data, -1, &st, NULL) != SQLITE_OK) {
		enum mc_err err = fail(t, MC_EINVAL, "the source cannot give %s: %s", tb->name,
				       sqlite3_errmsg(t->src));
		buf_release(&sql);
		return err;
	}
	sql.len = 0;
	buf_printf(&sql, "COPY \"%s\" (", tb->name);
	column_list(&sql, tb);
	buf_append_str(&sql, ") FROM STDIN");
	PGresult *r = pg_run(t, sql.data, 0, NULL, PGRES_COPY_IN);
	buf_release(&sql);
	if (!r) {
		sqlite3_finalize(st);
		return MC_EDB;
	}
	PQclear(r);
	int64_t rows = 0;
	enum mc_err err = copy_rows(t, tb, st, &rows);
	sqlite3_finalize(st);
	if (PQputCopyEnd(t->dst, err ? "the source could not be read" : NULL) != 1 && !err)
		err = fail(t, MC_EDB, "PostgreSQL: %s", PQerrorMessage(t->dst));
	while ((r = PQgetResult(t->dst))) {
		if (PQresultStatus(r) != PGRES_COMMAND_OK && !err)
			err = fail(t, MC_EDB, "PostgreSQL, filling %s: %s", tb->name,
				   PQresultErrorMessage(r));
		else if (!err && strtoll(PQcmdTuples(r), NULL, 10) != rows)
			err = fail(t, MC_EDB, "%s: %lld rows read, %s written", tb->name,
				   (long long)rows, PQcmdTuples(r));
		PQclear(r);
	}
	if (!err) {
		struct transfer_table *rep = &t->out->tables[t->out->ntables++];
		snprintf(rep->name, sizeof(rep->name), "%s", tb->name);
		rep->rows = rows;
		t->out->rows += rows;
	}
	return err;
}

/* Identity columns continue after the highest value copied. */
static enum mc_err continue_identities(struct transfer *t, const struct table *tb)
{
	for (size_t c = 0; c < tb->ncols; c++) {
		if (!tb->cols[c].identity)
			continue;
		struct buf sql;
		buf_init(&sql, 1024);
		buf_printf(&sql,
			   "SELECT setval(pg_get_serial_sequence('\"%s\"', '%s'), "
			   "coalesce((SELECT max(\"%s\") FROM \"%s\"), 0) + 1, false)",
			   tb->name, tb->cols[c].name, tb->cols[c].name, tb->name);
		enum mc_err err = pg_query_ok(t, sql.data);
		buf_release(&sql);
		if (err)
			return err;
	}
	return MC_OK;
}

static enum mc_err set_triggers(struct transfer *t, bool on)
{
	for (size_t i = 0; i < t->ntables; i++) {
		char sql[160];
		snprintf(sql, sizeof(sql), "ALTER TABLE \"%s\" %s TRIGGER USER", t->tables[i].name,
			 on ? "ENABLE" : "DISABLE");
		enum mc_err err = pg_do(t, sql);
		if (err)
			return err;
	}
	return MC_OK;
}

/* A target holding an account is somebody's live database, never to be emptied. */
static enum mc_err target_unused(struct transfer *t)
{
	PGresult *r = pg_run(t, "SELECT EXISTS (SELECT 1 FROM users)", 0, NULL, PGRES_TUPLES_OK);
	if (!r)
		return MC_EDB;
	bool used = PQgetvalue(r, 0, 0)[0] == 't';
	PQclear(r);
	return used ? fail(t, MC_ECONFLICT,
			   "the target already holds motcua's data (accounts): give an empty database")
		    : MC_OK;
}

/* Empties every table of the target at once (what its migrations seeded comes from the source). */
static enum mc_err empty_target(struct transfer *t)
{
	struct buf sql;
	buf_init(&sql, 16384);
	buf_append_str(&sql, "TRUNCATE ");
	for (size_t i = 0; i < t->ntables; i++)
		buf_printf(&sql, "%s\"%s\"", i ? ", " : "", t->tables[i].name);
	enum mc_err err = pg_do(t, sql.data);
	buf_release(&sql);
	return err;
}

/* A SQLite database writes its dossiers' name postings behind intake (migration 0049,
 * store/name_words_store.h): those of its dossiers above the mark are not in its table. PostgreSQL
 * writes them with each dossier and does not read the mark, so the copy writes them here (split as
 * name_words_store.c splits them) and sets the mark to the last dossier. */
static const char SQL_POSTINGS_ABOVE_MARK[] =
	"INSERT INTO dossier_name_words (word, dossier_id, name_key) "
	"SELECT DISTINCT w.word, d.id, ' ' || d.search_key || ' ' FROM dossiers d "
	"CROSS JOIN LATERAL regexp_split_to_table(d.search_key, ' ') AS w(word) "
	"WHERE d.id > (SELECT m.dossier_id FROM dossier_name_words_upto m WHERE m.id = 1) "
	"AND w.word <> '' ON CONFLICT DO NOTHING";
static const char SQL_MARK_LAST[] =
	"UPDATE dossier_name_words_upto SET dossier_id = (SELECT coalesce(max(id), 0) FROM dossiers) "
	"WHERE id = 1";

static enum mc_err run(struct transfer *t)
{
	size_t order[TRANSFER_TABLES_MAX];
	enum mc_err err = pg_do(t, "BEGIN ISOLATION LEVEL READ COMMITTED");
	if (!err)
		err = pg_query_ok(t, "SELECT pg_advisory_xact_lock(7236952018)");
	if (!err)
		err = read_catalog(t);
	if (!err)
		err = same_tables(t);
	if (!err)
		err = order_tables(t, order);
	if (!err)
		err = target_unused(t);
	if (!err)
		err = set_triggers(t, false);
	if (!err)
		err = empty_target(t);
	for (size_t i = 0; !err && i < t->ntables; i++)
		err = copy_table(t, &t->tables[order[i]]);
	if (!err)
		err = pg_do(t, SQL_POSTINGS_ABOVE_MARK);
	if (!err)
		err = pg_do(t, SQL_MARK_LAST);
	for (size_t i = 0; !err && i < t->ntables; i++)
		err = continue_identities(t, &t->tables[i]);
	if (!err)
		err = set_triggers(t, true);
	if (!err)
		err = pg_do(t, "COMMIT");
	if (err)
		PQclear(PQexec(t->dst, "ROLLBACK"));
	return err;
}

enum mc_err transfer_sqlite_to_pg(const char *sqlite_path, const char *url,
				  struct transfer_report *out)
{
	memset(out, 0, sizeof(*out));
	struct transfer *t = xcalloc(1, sizeof(*t));
	t->out = out;
	enum mc_err err = MC_OK;
	if (sqlite3_open_v2(sqlite_path, &t->src, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
		err = fail(t, MC_EDB, "cannot open %s: %s", sqlite_path,
			   t->src ? sqlite3_errmsg(t->src) : "out of memory");
	if (!err) {
		sqlite3_busy_timeout(t->src, 10000);
		t->dst = PQconnectdb(url);
		if (!t->dst || PQstatus(t->dst) != CONNECTION_OK)
			err = fail(t, MC_EDB, "cannot connect to PostgreSQL: %s",
				   t->dst ? PQerrorMessage(t->dst) : "out of memory");
	}
	if (!err)
		err = pg_do(t, "SET client_encoding = 'UTF8'");
	/* One snapshot of the source for the whole copy. */
	if (!err && sqlite3_exec(t->src, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
		err = fail(t, MC_EDB, "SQLite: %s", sqlite3_errmsg(t->src));
	if (!err)
		err = run(t);
	if (t->src) {
		sqlite3_exec(t->src, "ROLLBACK", NULL, NULL, NULL);
		sqlite3_close(t->src);
	}
	PQfinish(t->dst);
	free(t);
	if (err)
		log_error("migrate-data: %s", out->why);
	return err;
}
