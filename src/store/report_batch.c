/* store/report_batch.h: a transaction's new-dossier statistics, gathered and written at COMMIT.
 *
 * What report_insert (sql/sqlite/0040_report_insert.sql) wrote for a row, restricted to the columns
 * dstore_insert writes (a new row is never decided, returned nor rated, and names no officer who
 * closed it):
 *  - received (received_at set): a cell of the day of received_at for the receiving unit, the
 *    resolving unit, the procedure and the receiving officer (when one), counting the channel
 *    (counter, online, post), digitized (not online and no needed paper unscanned) and
 *    scanned_needed (not online); its supplement_requests are 0;
 *  - closed (status stopped or refused): a cell of the day of submitted_at for the two units and
 *    the procedure, counting stopped or refused;
 *  - keys: the two units (named by their codes) and the procedure (named by its name), first
 *    acted on at min(submitted_at, received_at), and the receiving officer at received_at;
 *  - and what report_step_insert (sql/sqlite/0017_officer_cells.sql, dropped by 0046) wrote for
 *    each step inserted done by a processor: a cell of the day of done_at for that officer
 *    counting processed, and the officer's key at done_at.
 * Days are Vietnam's (UTC+7): (t + 25200) / 86400, as in SQL. */
#include "base/base.h"

#include <pthread.h>

#include "base/buf.h"
#include "store/db_internal.h"
#include "store/report_batch.h"

enum { K_RECEIVING, K_RESOLVER, K_PROCEDURE, K_OFFICER };
static const char *const KIND[] = {"receiving_unit", "resolver_unit", "procedure", "officer"};

enum { C_COUNTER, C_ONLINE, C_POST, C_DIGITIZED, C_SCANNED, C_STOPPED, C_REFUSED, C_PROCESSED, C_N };
static const char *const COLUMN[C_N] = {"recv_counter", "recv_online", "recv_post", "digitized",
					"scanned_needed", "stopped", "refused", "processed"};

struct cell {
	int kind;
	int64_t day;
	char *key;
	int64_t v[C_N];
};

struct rkey {
	int kind;
	char *key, *name;
	int64_t first_at;
};

struct report_batch {
	struct cell *cells;
	size_t ncells, capcells;
	struct rkey *keys;
	size_t nkeys, capkeys;
	size_t sp_cells, sp_keys; /* the counts when the savepoint began */
};

/* One statement's rows at most: DB_PARAMS_MAX values (cells: 4 rows of 11, keys: 11 of 4). */
#define CELL_COLS (3 + C_N)
#define CELLS_MAX (DB_PARAMS_MAX / CELL_COLS)
#define KEYS_MAX (DB_PARAMS_MAX / 4)
static char *cells_sql[CELLS_MAX], *keys_sql[KEYS_MAX], *keys_sql_pg[KEYS_MAX];
static pthread_once_t sql_once = PTHREAD_ONCE_INIT;

#define KEYS_UPDATE \
	" ON CONFLICT (kind, key) DO UPDATE SET first_at = CASE WHEN excluded.first_at < " \
	"report_keys.first_at THEN excluded.first_at ELSE report_keys.first_at END, name = CASE " \
	"WHEN excluded.kind <> 'officer' AND excluded.name > report_keys.name THEN excluded.name " \
	"ELSE report_keys.name END"

static char *take(struct buf *b)
{
	char *s = NULL;
	if (b->full || !(s = buf_take(b, NULL)))
		abort(); /* 8 KB hold the longest text many times over */
	return s;
}

/* The texts for 1..max rows, made once (a statement is cached by its text's address). A key is
 * changed only where the one stored is later or, but for an officer's (named by its username),
 * less well named. On PostgreSQL the keys to write are picked first (an upsert whose WHERE is
 * false still locks and rewrites the key's row there); on SQLite that choice costs more than the
 * upsert's own (53,500 instructions for an intake's 4 keys against 21,700). */
static void sql_init(void)
{
	for (int n = 1; n <= CELLS_MAX; n++) {
		struct buf b;
		buf_init(&b, 8 * 1024);
		buf_append_str(&b, "INSERT INTO report_cells (kind, day, key");
		for (int c = 0; c < C_N; c++)
			buf_printf(&b, ", %s", COLUMN[c]);
		buf_append_str(&b, ") VALUES ");
		for (int i = 0; i < n; i++) {
			buf_append_str(&b, i ? ", (" : "(");
			for (int c = 0; c < CELL_COLS; c++)
				buf_printf(&b, "%s$%d", c ? ", " : "", i * CELL_COLS + c + 1);
			buf_append_str(&b, ")");
		}
		buf_append_str(&b, " ON CONFLICT (kind, day, key) DO UPDATE SET ");
		for (int c = 0; c < C_N; c++)
			buf_printf(&b, "%s%s = report_cells.%s + excluded.%s", c ? ", " : "", COLUMN[c],
				   COLUMN[c], COLUMN[c]);
		cells_sql[n - 1] = take(&b);
	}
	for (int n = 1; n <= KEYS_MAX; n++) {
		struct buf b;
		buf_init(&b, 8 * 1024);
		buf_append_str(&b, "INSERT INTO report_keys (kind, key, name, first_at) VALUES ");
		for (int i = 0; i < n; i++)
			buf_printf(&b, "%s($%d, $%d, $%d, $%d)", i ? ", " : "", 4 * i + 1, 4 * i + 2,
				   4 * i + 3, 4 * i + 4);
		buf_append_str(&b, KEYS_UPDATE " WHERE excluded.first_at < report_keys.first_at OR "
				   "(excluded.kind <> 'officer' AND excluded.name > report_keys.name)");
		keys_sql[n - 1] = take(&b);
		buf_init(&b, 8 * 1024);
		buf_append_str(&b, "INSERT INTO report_keys (kind, key, name, first_at) SELECT v.kind, "
				   "v.key, v.name, v.first_at FROM (");
		for (int i = 0; i < n; i++)
			buf_printf(&b, "%sSELECT CAST($%d AS TEXT) AS kind, CAST($%d AS TEXT) AS key, "
				       "CAST($%d AS TEXT) AS name, CAST($%d AS BIGINT) AS first_at",
				   i ? " UNION ALL " : "", 4 * i + 1, 4 * i + 2, 4 * i + 3, 4 * i + 4);
		buf_append_str(&b, ") v WHERE NOT EXISTS (SELECT 1 FROM report_keys r WHERE r.kind = "
				   "v.kind AND r.key = v.key AND r.first_at <= v.first_at AND (v.kind = "
				   "'officer' OR r.name >= v.name))" KEYS_UPDATE);
		keys_sql_pg[n - 1] = take(&b);
	}
}

static struct report_batch *batch_of(struct db *db)
{
	struct db_common *c = db_common_of(db);
	if (!c->rbatch)
		c->rbatch = xcalloc(1, sizeof(*c->rbatch));
	return c->rbatch;
}

static void add_cell(struct report_batch *b, int kind, int64_t at, const char *key,
		     const int64_t v[C_N])
{
	if (b->ncells == b->capcells) {
		b->capcells = b->capcells ? 2 * b->capcells : 16;
		b->cells = xrealloc(b->cells, b->capcells * sizeof(*b->cells));
	}
	struct cell *c = &b->cells[b->ncells++];
	c->kind = kind;
	c->day = (at + 25200) / 86400;
	c->key = xstrdup(key);
	memcpy(c->v, v, sizeof(c->v));
}

static void add_key(struct report_batch *b, int kind, const char *key, const char *name,
		    int64_t first_at)
{
	if (b->nkeys == b->capkeys) {
		b->capkeys = b->capkeys ? 2 * b->capkeys : 16;
		b->keys = xrealloc(b->keys, b->capkeys * sizeof(*b->keys));
	}
	struct rkey *k = &b->keys[b->nkeys++];
	k->kind = kind;
	k->key = xstrdup(key);
	k->name = xstrdup(name);
	k->first_at = first_at;
}

/* Forgets what was gathered past ncells cells and nkeys keys. */
static void truncate_to(struct report_batch *b, size_t ncells, size_t nkeys)
{
	for (size_t i = ncells; i < b->ncells; i++)
		free(b->cells[i].key);
	for (size_t i = nkeys; i < b->nkeys; i++) {
		free(b->keys[i].key);
		free(b->keys[i].name);
	}
	b->ncells = ncells;
	b->nkeys = nkeys;
}

enum mc_err rbatch_add_dossier(struct db *db, const struct dossier *d, int64_t undigitized)
{
	if (!d->procedure_name)
		return MC_EINVAL;
	struct report_batch *b = batch_of(db);
	const char *units[] = {d->receiving_unit, d->resolver_unit, d->procedure_code};
	bool online = !strcmp(d->channel, "online");
	if (d->received_at) {
		int64_t v[C_N] = {0};
		v[C_COUNTER] = !strcmp(d->channel, "counter");
		v[C_ONLINE] = online;
		v[C_POST] = !strcmp(d->channel, "post");
		v[C_DIGITIZED] = !online && undigitized == 0;
		v[C_SCANNED] = !online;
		for (int k = K_RECEIVING; k <= K_PROCEDURE; k++)
			add_cell(b, k, d->received_at, units[k], v);
		if (d->received_by)
			add_cell(b, K_OFFICER, d->received_at, d->received_by, v);
	}
	if (d->status == DS_STOPPED || d->status == DS_REFUSED) {
		int64_t v[C_N] = {0};
		v[d->status == DS_STOPPED ? C_STOPPED : C_REFUSED] = 1;
		for (int k = K_RECEIVING; k <= K_PROCEDURE; k++)
			add_cell(b, k, d->submitted_at, units[k], v);
	}
	int64_t first = d->received_at && d->received_at < d->submitted_at ? d->received_at
									    : d->submitted_at;
	add_key(b, K_RECEIVING, d->receiving_unit, d->receiving_unit, first);
	add_key(b, K_RESOLVER, d->resolver_unit, d->resolver_unit, first);
	add_key(b, K_PROCEDURE, d->procedure_code, d->procedure_name, first);
	if (d->received_at && d->received_by)
		add_key(b, K_OFFICER, d->received_by, d->received_by, d->received_at);
	for (size_t i = 0; i < d->nsteps; i++) {
		const struct dossier_step *s = &d->steps[i];
		if (s->done_by && s->done_at && !strcmp(s->role, "processor")) {
			int64_t v[C_N] = {0};
			v[C_PROCESSED] = 1;
			add_cell(b, K_OFFICER, s->done_at, s->done_by, v);
			add_key(b, K_OFFICER, s->done_by, s->done_by, s->done_at);
		}
	}
	return db_in_tx(db) ? MC_OK : rbatch_write(db);
}

static int cmp_cell(const void *x, const void *y)
{
	const struct cell *a = x, *b = y;
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	if (a->day != b->day)
		return a->day < b->day ? -1 : 1;
	return strcmp(a->key, b->key);
}

static int cmp_key(const void *x, const void *y)
{
	const struct rkey *a = x, *b = y;
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	return strcmp(a->key, b->key);
}

/* Merges sorted cells of the same kind, day and key into the first of them: n left. */
static size_t merge_cells(struct report_batch *b)
{
	size_t n = 0;
	for (size_t i = 0; i < b->ncells; i++) {
		struct cell *c = &b->cells[i];
		if (n && !cmp_cell(&b->cells[n - 1], c)) {
			for (int j = 0; j < C_N; j++)
				b->cells[n - 1].v[j] += c->v[j];
			free(c->key);
		} else {
			b->cells[n++] = *c;
		}
	}
	return b->ncells = n;
}

/* Merges sorted keys of the same kind and key: the earliest first act, the greatest name (byte
 * order: SQLite's BINARY collation, PostgreSQL's C locale, docs/postgresql.md). */
static size_t merge_keys(struct report_batch *b)
{
	size_t n = 0;
	for (size_t i = 0; i < b->nkeys; i++) {
		struct rkey *k = &b->keys[i];
		struct rkey *p = n ? &b->keys[n - 1] : NULL;
		if (p && !cmp_key(p, k)) {
			if (k->first_at < p->first_at)
				p->first_at = k->first_at;
			if (strcmp(k->name, p->name) > 0) {
				free(p->name);
				p->name = k->name;
				k->name = NULL;
			}
			free(k->key);
			free(k->name);
		} else {
			b->keys[n++] = *k;
		}
	}
	return b->nkeys = n;
}

static enum mc_err write_cells(struct db *db, struct report_batch *b)
{
	enum mc_err err = MC_OK;
	for (size_t done = 0; !err && done < b->ncells;) {
		size_t k = b->ncells - done < CELLS_MAX ? b->ncells - done : CELLS_MAX;
		struct db_stmt *st = db_prepare(db, cells_sql[k - 1]);
		if (!st)
			return MC_EDB;
		for (size_t i = 0; i < k; i++) {
			const struct cell *c = &b->cells[done + i];
			int at = (int)i * CELL_COLS + 1;
			db_bind_text_kept(st, at, KIND[c->kind], SIZE_MAX);
			db_bind_int(st, at + 1, c->day);
			db_bind_text_kept(st, at + 2, c->key, SIZE_MAX);
			for (int j = 0; j < C_N; j++)
				db_bind_int(st, at + 3 + j, c->v[j]);
		}
		err = db_run(st);
		done += k;
	}
	return err;
}

static enum mc_err write_keys(struct db *db, struct report_batch *b)
{
	bool pg = db_is_pg(db);
	enum mc_err err = MC_OK;
	for (size_t done = 0; !err && done < b->nkeys;) {
		size_t k = b->nkeys - done < KEYS_MAX ? b->nkeys - done : KEYS_MAX;
		struct db_stmt *st = db_prepare(db, pg ? keys_sql_pg[k - 1] : keys_sql[k - 1]);
		if (!st)
			return MC_EDB;
		for (size_t i = 0; i < k; i++) {
			const struct rkey *r = &b->keys[done + i];
			int at = (int)i * 4 + 1;
			db_bind_text_kept(st, at, KIND[r->kind], SIZE_MAX);
			db_bind_text_kept(st, at + 1, r->key, SIZE_MAX);
			db_bind_text_kept(st, at + 2, r->name, SIZE_MAX);
			db_bind_int(st, at + 3, r->first_at);
		}
		err = db_run(st);
		done += k;
	}
	return err;
}

enum mc_err rbatch_write(struct db *db)
{
	struct report_batch *b = db_common_of(db)->rbatch;
	if (!b || (!b->ncells && !b->nkeys))
		return MC_OK;
	pthread_once(&sql_once, sql_init);
	/* In one order (kind, day, key) on every instance: two transactions that upsert the same rows
	 * lock them in the same order (PostgreSQL). */
	if (b->ncells)
		qsort(b->cells, b->ncells, sizeof(*b->cells), cmp_cell);
	if (b->nkeys)
		qsort(b->keys, b->nkeys, sizeof(*b->keys), cmp_key);
	merge_cells(b);
	merge_keys(b);
	enum mc_err err = write_cells(db, b);
	if (!err)
		err = write_keys(db, b);
	rbatch_discard(db);
	return err;
}

void rbatch_discard(struct db *db)
{
	struct report_batch *b = db_common_of(db)->rbatch;
	if (b) {
		truncate_to(b, 0, 0);
		b->sp_cells = b->sp_keys = 0;
	}
}

void rbatch_savepoint(struct db *db)
{
	struct report_batch *b = db_common_of(db)->rbatch;
	if (b) {
		b->sp_cells = b->ncells;
		b->sp_keys = b->nkeys;
	}
}

void rbatch_savepoint_rollback(struct db *db)
{
	struct report_batch *b = db_common_of(db)->rbatch;
	if (b)
		truncate_to(b, b->sp_cells, b->sp_keys);
}

void rbatch_free(struct db *db)
{
	struct report_batch *b = db_common_of(db)->rbatch;
	if (b) {
		rbatch_discard(db);
		free(b->cells);
		free(b->keys);
		free(b);
		db_common_of(db)->rbatch = NULL;
	}
}
