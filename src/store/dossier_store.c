/* SQL for dossiers and their components, steps, events, involved units, counters and
 * idempotency keys. The status column holds the status's name (ds_status_name); the rows are read
 * into and written from the enum here, at the boundary. */
#include "base/base.h"

#include <pthread.h>

#include "base/buf.h"
#include "store/dossier_store.h"
#include "store/dossier_store_internal.h"
#include "store/name_words_store.h"
#include "store/portal_store.h"
#include "store/report_batch.h"
#include "store/sql_open.h"
#include "store/tx_memo.h"
#include "store/workflow_store.h"

static const char *dup_col(struct arena *a, struct db_stmt *st, int col)
{
	const char *s = db_col_text(st, col);
	return s ? arena_strndup(a, s, db_col_len(st, col)) : NULL;
}

static const char *nz(const char *s)
{
	return s && *s ? s : NULL;
}

/* The status column as the enum; MC_EDB for a text no status has (the table's CHECK forbids it). */
static enum mc_err col_status(struct db_stmt *st, int col, enum ds_status *out)
{
	const char *s = db_col_text(st, col);
	return s && ds_status_parse(s, out) == MC_OK ? MC_OK : MC_EDB;
}

static void bind_opt_int(struct db_stmt *st, int n, int64_t v)
{
	if (v)
		db_bind_int(st, n, v);
	else
		db_bind_null(st, n);
}

static const char SQL_NEXT_NUMBER[] =
	"INSERT INTO dossier_counters (unit, day, last) VALUES ($1, $2, 1) "
	"ON CONFLICT (unit, day) DO UPDATE SET last = dossier_counters.last + 1 RETURNING last";

enum mc_err dstore_next_number(struct db *db, const char *unit, const char *day, int64_t *n)
{
	/* In a SQLite write transaction (which no other writer can interleave) the counter is read
	 * once and counted on in memory, its last value written before the COMMIT (store/tx_memo.h,
	 * issue 22: an upsert and a read per number before). */
	if (txmemo_counter_kept(db, unit, day))
		return txmemo_counter_next(db, unit, day, n);
	struct db_stmt *st = db_prepare(db, SQL_NEXT_NUMBER);
	if (!st)
		return MC_EDB;
	db_bind_text_kept(st, 1, unit, SIZE_MAX);
	db_bind_text_kept(st, 2, day, SIZE_MAX);
	enum mc_err err = db_step_one(st); /* the upsert always returns its row */
	if (err)
		return err == MC_ENOTFOUND ? MC_EDB : err;
	*n = db_col_int(st, 0);
	return db_run(st);
}

static const char SQL_INSERT[] =
	"INSERT INTO dossiers (code, status, procedure_code, procedure_version, procedure_name, "
	"applicant_kind, applicant_name, applicant_id, applicant_phone, applicant_email, "
	"applicant_address, search_key, channel, receiving_unit, served_unit, resolver_unit, "
	"return_unit, return_channel, duration_value, duration_unit, submitted_at, received_at, "
	"due_at, tracking_secret, calendar_versions, created_by, submitter_id, rep_name, "
	"rep_id_number, rep_relation, rep_document, received_by, undigitized) VALUES ($1, $2, $3, $4, "
	"$5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, "
	"$25, $26, $27, $28, $29, $30, $31, $32, $33) RETURNING id";

static enum mc_err insert_row(struct db *db, struct dossier *d, const char *search_key,
			      int64_t undigitized)
{
	struct db_stmt *st = db_prepare_insert(db, SQL_INSERT);
	if (!st)
		return MC_EDB;
	db_bind_text_kept(st, 1, d->code, SIZE_MAX);
	db_bind_text_kept(st, 2, ds_status_name(d->status), SIZE_MAX);
	db_bind_text_kept(st, 3, d->procedure_code, SIZE_MAX);
	db_bind_int(st, 4, d->procedure_version);
	db_bind_text_kept(st, 5, d->procedure_name, SIZE_MAX);
	db_bind_text_kept(st, 6, d->applicant_kind, SIZE_MAX);
	db_bind_text_kept(st, 7, d->applicant_name, SIZE_MAX);
	db_bind_text_kept(st, 8, d->applicant_id, SIZE_MAX);
	db_bind_text_kept(st, 9, nz(d->applicant_phone), SIZE_MAX);
	db_bind_text_kept(st, 10, nz(d->applicant_email), SIZE_MAX);
	db_bind_text_kept(st, 11, nz(d->applicant_address), SIZE_MAX);
	db_bind_text_kept(st, 12, search_key, SIZE_MAX);
	db_bind_text_kept(st, 13, d->channel, SIZE_MAX);
	db_bind_text_kept(st, 14, d->receiving_unit, SIZE_MAX);
	db_bind_text_kept(st, 15, d->served_unit, SIZE_MAX);
	db_bind_text_kept(st, 16, d->resolver_unit, SIZE_MAX);
	db_bind_text_kept(st, 17, d->return_unit, SIZE_MAX);
	db_bind_text_kept(st, 18, d->return_channel, SIZE_MAX);
	db_bind_int(st, 19, d->duration.value);
	db_bind_text_kept(st, 20, d->duration.unit, SIZE_MAX);
	db_bind_int(st, 21, d->submitted_at);
	bind_opt_int(st, 22, d->received_at);
	bind_opt_int(st, 23, d->due_at);
	db_bind_text_kept(st, 24, d->tracking_secret, SIZE_MAX);
	db_bind_text_kept(st, 25, d->calendar_versions ? d->calendar_versions : "{}", SIZE_MAX);
	db_bind_text_kept(st, 26, d->created_by, SIZE_MAX);
	bind_opt_int(st, 27, d->submitter_id);
	db_bind_text_kept(st, 28, d->rep_name, SIZE_MAX);
	db_bind_text_kept(st, 29, d->rep_name ? d->rep_id_number : NULL, SIZE_MAX);
	db_bind_text_kept(st, 30, d->rep_name ? d->rep_relation : NULL, SIZE_MAX);
	db_bind_text_kept(st, 31, d->rep_name ? d->rep_document : NULL, SIZE_MAX);
	/* The row in its final state (sql/sqlite/0035_intake_final_row.sql): the components about to
	 * be inserted counted as their trigger counts them, so that it has nothing left to do. */
	db_bind_text_kept(st, 32, d->received_by, SIZE_MAX);
	db_bind_int(st, 33, undigitized);
	int64_t id = 0;
	enum mc_err err = db_insert_id(st, &id);
	if (!err) {
		d->id = id;
		d->version = 1;
	}
	return err;
}

/* The rows of a new dossier's steps, components and units, several to a statement instead of
 * one: a counter intake of 7 components, 2 steps and 2 units was 11 statements, now 3 (on
 * PostgreSQL each statement is a round trip inside the write lock). A statement takes up to
 * ROWS_MAX rows and DB_PARAMS_MAX values (steps: 3 rows of 13). The texts for 1..max rows are
 * made once (a statement is cached by its text's address). */
#define ROWS_MAX 8
struct rows_sql {
	const char *head; /* "INSERT INTO t (a, b) VALUES " */
	const char *tail; /* after the rows */
	int ncols;
	/* Binds one row (an element of the array insert_rows walks) from placeholder $at. */
	void (*bind)(struct db_stmt *st, int at, int64_t id, const void *row);
	size_t max; /* rows in one statement */
	char *text[ROWS_MAX];
};
static void bind_step(struct db_stmt *st, int at, int64_t id, const void *row);
static void bind_component(struct db_stmt *st, int at, int64_t id, const void *row);
static void bind_unit(struct db_stmt *st, int at, int64_t id, const void *row);
static struct rows_sql ROWS_STEPS = {
	.head = "INSERT INTO dossier_steps (dossier_id, idx, name, unit, role, duration_value, "
		"duration_unit, started_at, due_at, done_at, done_by, timeliness, paused_seconds) VALUES ",
	.tail = "",
	.ncols = 13,
	.bind = bind_step,
};
static struct rows_sql ROWS_COMPONENTS = {
	.head = "INSERT INTO dossier_components (dossier_id, component_id, provided, document, "
		"needed, counted) VALUES ",
	.tail = "",
	.ncols = 6,
	.bind = bind_component,
};
static struct rows_sql ROWS_UNITS = {
	.head = "INSERT INTO dossier_units (unit, dossier_id) VALUES ",
	.tail = " ON CONFLICT DO NOTHING",
	.ncols = 2,
	.bind = bind_unit,
};
static pthread_once_t rows_once = PTHREAD_ONCE_INIT;

static void rows_make(struct rows_sql *r)
{
	r->max = (size_t)(DB_PARAMS_MAX / r->ncols);
	if (r->max > ROWS_MAX)
		r->max = ROWS_MAX;
	for (int n = 1; n <= (int)r->max; n++) {
		struct buf b;
		buf_init(&b, 16 * 1024);
		buf_append_str(&b, r->head);
		for (int i = 0; i < n; i++) {
			buf_append_str(&b, i ? ", (" : "(");
			for (int c = 0; c < r->ncols; c++)
				buf_printf(&b, "%s$%d", c ? ", " : "", i * r->ncols + c + 1);
			buf_append_str(&b, ")");
		}
		buf_append_str(&b, r->tail);
		/* 16 KB hold 8 rows of 13 columns many times over */
		if (b.full || !(r->text[n - 1] = buf_take(&b, NULL)))
			abort();
	}
}

static void rows_init(void)
{
	rows_make(&ROWS_STEPS);
	rows_make(&ROWS_COMPONENTS);
	rows_make(&ROWS_UNITS);
}

static void bind_step(struct db_stmt *st, int at, int64_t id, const void *row)
{
	const struct dossier_step *s = row;
	db_bind_int(st, at, id);
	db_bind_int(st, at + 1, s->idx);
	db_bind_text(st, at + 2, s->name, SIZE_MAX);
	db_bind_text(st, at + 3, s->unit, SIZE_MAX);
	db_bind_text(st, at + 4, s->role, SIZE_MAX);
	db_bind_int(st, at + 5, s->duration.value);
	db_bind_text(st, at + 6, s->duration.unit, SIZE_MAX);
	bind_opt_int(st, at + 7, s->started_at);
	bind_opt_int(st, at + 8, s->due_at);
	bind_opt_int(st, at + 9, s->done_at);
	db_bind_text(st, at + 10, s->done_by, SIZE_MAX);
	db_bind_text(st, at + 11, nz(s->timeliness), SIZE_MAX);
	db_bind_int(st, at + 12, s->paused_seconds);
}

static void bind_component(struct db_stmt *st, int at, int64_t id, const void *row)
{
	const struct dossier_component *c = row;
	db_bind_int(st, at, id);
	db_bind_text(st, at + 1, c->id, SIZE_MAX);
	db_bind_int(st, at + 2, c->provided ? 1 : 0);
	db_bind_text(st, at + 3, c->document, SIZE_MAX);
	db_bind_int(st, at + 4, c->needed ? 1 : 0);
	db_bind_int(st, at + 5, 1); /* counted: dstore_insert's undigitized includes it (0042) */
}

static void bind_unit(struct db_stmt *st, int at, int64_t id, const void *row)
{
	db_bind_text(st, at, *(const char *const *)row, SIZE_MAX);
	db_bind_int(st, at + 1, id);
}

/* Writes n rows of r for dossier id: rows[0..n), each size bytes. */
static enum mc_err insert_rows(struct db *db, struct rows_sql *r, int64_t id, const void *rows,
			       size_t size, size_t n)
{
	pthread_once(&rows_once, rows_init);
	enum mc_err err = MC_OK;
	for (size_t done = 0; !err && done < n;) {
		size_t k = n - done < r->max ? n - done : r->max;
		struct db_stmt *st = db_prepare(db, r->text[k - 1]);
		if (!st)
			return MC_EDB;
		for (size_t i = 0; i < k; i++)
			r->bind(st, (int)i * r->ncols + 1, id,
				(const char *)rows + (done + i) * size);
		err = db_run(st);
		done += k;
	}
	return err;
}

enum mc_err dstore_add_unit(struct db *db, const char *unit, int64_t dossier_id)
{
	return insert_rows(db, &ROWS_UNITS, dossier_id, &unit, sizeof(unit), 1);
}

enum mc_err dstore_insert(struct db *db, struct dossier *d, const char *search_key)
{
	int64_t undigitized = 0;
	for (size_t i = 0; i < d->ncomponents; i++)
		undigitized += d->components[i].needed && !d->components[i].document;
	enum mc_err err = insert_row(db, d, search_key, undigitized);
	if (!err) /* its statistics, written with the transaction's COMMIT (migration 0045) */
		err = rbatch_add_dossier(db, d, undigitized);
	if (!err)
		err = nwstore_add(db, d->id, search_key); /* its name postings */
	if (!err)
		err = insert_rows(db, &ROWS_STEPS, d->id, d->steps, sizeof(d->steps[0]), d->nsteps);
	if (!err)
		err = insert_rows(db, &ROWS_COMPONENTS, d->id, d->components,
				  sizeof(d->components[0]), d->ncomponents);
	/* Each unit once (the point that received is usually the one that served and returns, and
	 * the resolver usually runs the steps): a repeat would be a row that adds nothing. */
	const char *units[4 + DOSSIER_MAX_STEPS];
	size_t n = 0;
	const char *fixed[] = {d->receiving_unit, d->served_unit, d->resolver_unit, d->return_unit};
	for (size_t i = 0; i < MC_ARRAY_LEN(fixed) + d->nsteps && n < MC_ARRAY_LEN(units); i++) {
		const char *u = i < MC_ARRAY_LEN(fixed) ? fixed[i] : d->steps[i - MC_ARRAY_LEN(fixed)].unit;
		bool seen = false;
		for (size_t j = 0; j < n && !seen && u; j++)
			seen = units[j] && !strcmp(units[j], u);
		if (!seen)
			units[n++] = u;
	}
	return err ? err : insert_rows(db, &ROWS_UNITS, d->id, units, sizeof(units[0]), n);
}

static const char SQL_GET[] = "SELECT " DOSSIER_COLUMNS " FROM dossiers d WHERE d.code = $1";

static enum mc_err read_identity(struct arena *a, struct db_stmt *st, struct dossier *d)
{
	d->id = db_col_int(st, 0);
	db_col_copy(st, 1, d->code, sizeof(d->code));
	db_col_copy(st, 3, d->procedure_code, sizeof(d->procedure_code));
	d->procedure_version = db_col_int(st, 4);
	d->procedure_name = dup_col(a, st, 5);
	db_col_copy(st, 6, d->applicant_kind, sizeof(d->applicant_kind));
	d->applicant_name = dup_col(a, st, 7);
	db_col_copy(st, 8, d->applicant_id, sizeof(d->applicant_id));
	d->applicant_phone = dup_col(a, st, 9);
	d->applicant_email = dup_col(a, st, 10);
	d->applicant_address = dup_col(a, st, 11);
	db_col_copy(st, 12, d->channel, sizeof(d->channel));
	db_col_copy(st, 13, d->receiving_unit, sizeof(d->receiving_unit));
	db_col_copy(st, 14, d->served_unit, sizeof(d->served_unit));
	db_col_copy(st, 15, d->resolver_unit, sizeof(d->resolver_unit));
	db_col_copy(st, 16, d->return_unit, sizeof(d->return_unit));
	db_col_copy(st, 17, d->return_channel, sizeof(d->return_channel));
	d->duration.value = db_col_int(st, 18);
	db_col_copy(st, 19, d->duration.unit, sizeof(d->duration.unit));
	return col_status(st, 2, &d->status);
}

static void read_progress(struct arena *a, struct db_stmt *st, struct dossier *d)
{
	d->submitted_at = db_col_int(st, 20);
	d->received_at = db_col_int0(st, 21);
	d->due_at = db_col_int0(st, 22);
	d->paused_since = db_col_int0(st, 23);
	d->paused_seconds = db_col_int(st, 24);
	d->supplement_requests = db_col_int(st, 25);
	d->extended_due_at = db_col_int0(st, 26);
	d->extended_reason = dup_col(a, st, 27);
	d->current_step = db_col_int0(st, 28);
	d->decided_at = db_col_int0(st, 29);
	db_col_copy(st, 30, d->decision, sizeof(d->decision));
	d->decision_reason = dup_col(a, st, 31);
	d->result_number = dup_col(a, st, 32);
	d->result_title = dup_col(a, st, 33);
	d->result_document = dup_col(a, st, 34);
	db_col_copy(st, 35, d->timeliness, sizeof(d->timeliness));
	d->returned_at = db_col_int0(st, 36);
	db_col_copy(st, 37, d->returned_channel, sizeof(d->returned_channel));
	db_col_copy(st, 38, d->returned_unit, sizeof(d->returned_unit));
	d->closed_reason = dup_col(a, st, 39);
	db_col_copy(st, 40, d->tracking_secret, sizeof(d->tracking_secret));
	d->calendar_versions = dup_col(a, st, 41);
	d->created_by = dup_col(a, st, 42);
	d->version = db_col_int(st, 43);
	db_col_copy(st, 44, d->rating, sizeof(d->rating));
	d->rating_comment = dup_col(a, st, 45);
	d->rated_at = db_col_int0(st, 46);
	d->submitter_id = db_col_int0(st, 47);
	d->submitter_username = dup_col(a, st, 48);
	d->submitter_name = dup_col(a, st, 49);
	d->rep_name = dup_col(a, st, 50);
	db_col_copy(st, 51, d->rep_id_number, sizeof(d->rep_id_number));
	db_col_copy(st, 52, d->rep_relation, sizeof(d->rep_relation));
	d->rep_document = dup_col(a, st, 53);
	d->extended_at = db_col_int0(st, 54);
	d->extended_late = db_col_int(st, 55) != 0;
	d->returned_address = dup_col(a, st, 56);
	d->returned_tracking = dup_col(a, st, 57);
}

static const char SQL_STEPS[] =
	"SELECT " STEP_COLUMNS " FROM dossier_steps s WHERE s.dossier_id = $1 ORDER BY s.idx";
static const char SQL_COMPONENTS[] =
	"SELECT component_id, provided, document, needed FROM dossier_components WHERE dossier_id = $1 "
	"ORDER BY component_id";

/* STEP_COLUMNS from column c on. */
static void read_step(struct arena *a, struct db_stmt *st, int c, struct dossier_step *s)
{
	s->idx = db_col_int(st, c);
	s->name = dup_col(a, st, c + 1);
	db_col_copy(st, c + 2, s->unit, sizeof(s->unit));
	db_col_copy(st, c + 3, s->role, sizeof(s->role));
	s->duration.value = db_col_int(st, c + 4);
	db_col_copy(st, c + 5, s->duration.unit, sizeof(s->duration.unit));
	s->started_at = db_col_int0(st, c + 6);
	s->due_at = db_col_int0(st, c + 7);
	s->done_at = db_col_int0(st, c + 8);
	s->done_by = dup_col(a, st, c + 9);
	db_col_copy(st, c + 10, s->timeliness, sizeof(s->timeliness));
	s->paused_seconds = db_col_int(st, c + 11);
}

enum mc_err dstore__read_light(struct arena *a, struct db_stmt *st, struct dossier *d)
{
	enum mc_err err = read_identity(a, st, d);
	if (err)
		return err;
	read_progress(a, st, d);
	if (!db_col_null(st, DOSSIER_NCOLUMNS) && d->current_step > 0 &&
	    d->current_step <= DOSSIER_MAX_STEPS) {
		d->nsteps = (size_t)d->current_step;
		read_step(a, st, DOSSIER_NCOLUMNS, &d->steps[d->current_step - 1]);
	}
	return MC_OK;
}

static enum mc_err read_steps(struct db *db, struct arena *a, struct dossier *d)
{
	bool row;
	enum mc_err err;
	struct db_stmt *st = db_prepare(db, SQL_STEPS);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, d->id);
	d->nsteps = 0;
	while (!(err = db_step(st, &row)) && row && d->nsteps < DOSSIER_MAX_STEPS)
		read_step(a, st, 0, &d->steps[d->nsteps++]);
	return err;
}

static enum mc_err read_components(struct db *db, struct arena *a, struct dossier *d)
{
	bool row;
	enum mc_err err;
	struct db_stmt *st = db_prepare(db, SQL_COMPONENTS);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, d->id);
	d->ncomponents = 0;
	while (!(err = db_step(st, &row)) && row && d->ncomponents < DOSSIER_MAX_COMPONENTS) {
		struct dossier_component *c = &d->components[d->ncomponents++];
		db_col_copy(st, 0, c->id, sizeof(c->id));
		c->provided = db_col_int(st, 1) != 0;
		c->document = dup_col(a, st, 2);
		c->needed = db_col_int(st, 3) != 0;
	}
	return err;
}

enum mc_err dstore_get(struct db *db, struct arena *a, const char *code, struct dossier *out)
{
	struct db_stmt *st = db_prepare(db, SQL_GET);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, code, SIZE_MAX);
	enum mc_err err = db_step_one(st);
	if (err)
		return err;
	memset(out, 0, sizeof(*out));
	err = read_identity(a, st, out);
	read_progress(a, st, out);
	if (!err)
		err = db_run(st);
	if (!err)
		err = read_steps(db, a, out);
	if (!err)
		err = read_components(db, a, out);
	if (!err) /* the national portal sync (docs/portal.md) */
		err = psync_get(db, a, code, &out->sync);
	if (!err) /* opinions asked, the delegation of its decision (store/workflow_store.h) */
		err = wstore_opinions(db, a, out);
	if (!err)
		err = wstore_dossier_delegation(db, out->id, &out->delegation_id);
	if (!err && out->delegation_id) {
		struct delegation *g = arena_alloc(a, sizeof(*g));
		err = wstore_delegation_get(db, a, out->delegation_id, g);
		out->delegation = g;
	}
	return err;
}

/* One statement (one snapshot): the dossier's row once per step, or once with NULL steps. */
static const char SQL_GET_PUBLIC[] =
	"SELECT d.id, d.code, d.status, d.procedure_name, d.applicant_name, d.received_at, d.due_at, "
	"d.decided_at, d.timeliness, d.returned_at, d.tracking_secret, d.rating, s.idx, s.name, "
	"s.done_at FROM dossiers d LEFT JOIN dossier_steps s ON s.dossier_id = d.id "
	"WHERE d.code = $1 ORDER BY s.idx";

enum mc_err dstore_get_public(struct db *db, struct arena *a, const char *code, struct dossier *out)
{
	bool row;
	struct db_stmt *st = db_prepare_keyed(db, SQL_GET_PUBLIC);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, code, SIZE_MAX);
	enum mc_err err = db_step_one(st);
	if (err)
		return err;
	row = true;
	out->id = db_col_int(st, 0);
	db_col_copy(st, 1, out->code, sizeof(out->code));
	err = col_status(st, 2, &out->status);
	out->procedure_name = dup_col(a, st, 3);
	out->applicant_name = dup_col(a, st, 4);
	out->received_at = db_col_int0(st, 5);
	out->due_at = db_col_int0(st, 6);
	out->decided_at = db_col_int0(st, 7);
	db_col_copy(st, 8, out->timeliness, sizeof(out->timeliness));
	out->returned_at = db_col_int0(st, 9);
	db_col_copy(st, 10, out->tracking_secret, sizeof(out->tracking_secret));
	db_col_copy(st, 11, out->rating, sizeof(out->rating));
	out->nsteps = 0;
	while (!err && row && !db_col_null(st, 12)) {
		if (out->nsteps < DOSSIER_MAX_STEPS) {
			struct dossier_step *s = &out->steps[out->nsteps++];
			s->name = dup_col(a, st, 13);
			s->done_at = db_col_int0(st, 14);
		}
		err = db_step(st, &row);
	}
	if (!err && row)
		err = db_run(st); /* the one row of a dossier without steps */
	return err;
}

static const char SQL_UPDATE[] =
	"UPDATE dossiers SET status = $3, received_at = $4, due_at = $5, paused_since = $6, "
	"paused_seconds = $7, supplement_requests = $8, extended_due_at = $9, extended_reason = $10, "
	"current_step = $11, decided_at = $12, decision = $13, decision_reason = $14, "
	"result_number = $15, result_title = $16, result_document = $17, timeliness = $18, "
	"returned_at = $19, returned_channel = $20, returned_unit = $21, closed_reason = $22, "
	"calendar_versions = $23, rating = $24, rating_comment = $25, rated_at = $26, "
	"extended_at = $27, extended_late = $28, returned_address = $29, returned_tracking = $30, "
	"version = version + 1 WHERE id = $1 AND version = $2";
static const char SQL_UPDATE_STEP[] =
	"UPDATE dossier_steps SET started_at = $3, due_at = $4, done_at = $5, done_by = $6, "
	"timeliness = $7, paused_seconds = $8 WHERE dossier_id = $1 AND idx = $2";

static void bind_update(struct db_stmt *st, const struct dossier *d)
{
	db_bind_int(st, 1, d->id);
	db_bind_int(st, 2, d->version);
	db_bind_text(st, 3, ds_status_name(d->status), SIZE_MAX);
	bind_opt_int(st, 4, d->received_at);
	bind_opt_int(st, 5, d->due_at);
	bind_opt_int(st, 6, d->paused_since);
	db_bind_int(st, 7, d->paused_seconds);
	db_bind_int(st, 8, d->supplement_requests);
	bind_opt_int(st, 9, d->extended_due_at);
	db_bind_text(st, 10, d->extended_reason, SIZE_MAX);
	bind_opt_int(st, 11, d->current_step);
	bind_opt_int(st, 12, d->decided_at);
	db_bind_text(st, 13, nz(d->decision), SIZE_MAX);
	db_bind_text(st, 14, d->decision_reason, SIZE_MAX);
	db_bind_text(st, 15, d->result_number, SIZE_MAX);
	db_bind_text(st, 16, d->result_title, SIZE_MAX);
	db_bind_text(st, 17, d->result_document, SIZE_MAX);
	db_bind_text(st, 18, nz(d->timeliness), SIZE_MAX);
	bind_opt_int(st, 19, d->returned_at);
	db_bind_text(st, 20, nz(d->returned_channel), SIZE_MAX);
	db_bind_text(st, 21, nz(d->returned_unit), SIZE_MAX);
	db_bind_text(st, 22, d->closed_reason, SIZE_MAX);
	db_bind_text(st, 23, d->calendar_versions ? d->calendar_versions : "{}", SIZE_MAX);
	db_bind_text(st, 24, nz(d->rating), SIZE_MAX);
	db_bind_text(st, 25, d->rating_comment, SIZE_MAX);
	bind_opt_int(st, 26, d->rated_at);
	bind_opt_int(st, 27, d->extended_at);
	db_bind_int(st, 28, d->extended_late ? 1 : 0);
	db_bind_text(st, 29, d->returned_address, SIZE_MAX);
	db_bind_text(st, 30, d->returned_tracking, SIZE_MAX);
}

enum mc_err dstore_update(struct db *db, struct dossier *d)
{
	struct db_stmt *st = db_prepare(db, SQL_UPDATE);
	if (!st)
		return MC_EDB;
	bind_update(st, d);
	enum mc_err err = db_run(st);
	if (err)
		return err;
	if (db_changes(db) != 1)
		return MC_ECONFLICT;
	d->version++;
	for (size_t i = 0; i < d->nsteps; i++) {
		const struct dossier_step *s = &d->steps[i];
		st = db_prepare(db, SQL_UPDATE_STEP);
		if (!st)
			return MC_EDB;
		db_bind_int(st, 1, d->id);
		db_bind_int(st, 2, s->idx);
		bind_opt_int(st, 3, s->started_at);
		bind_opt_int(st, 4, s->due_at);
		bind_opt_int(st, 5, s->done_at);
		db_bind_text(st, 6, s->done_by, SIZE_MAX);
		db_bind_text(st, 7, nz(s->timeliness), SIZE_MAX);
		db_bind_int(st, 8, s->paused_seconds);
		err = db_run(st);
		if (err)
			return err;
	}
	return MC_OK;
}

static const char SQL_SET_COMPONENT[] =
	"INSERT INTO dossier_components (dossier_id, component_id, provided, document) "
	"VALUES ($1, $2, $3, $4) ON CONFLICT (dossier_id, component_id) DO UPDATE SET "
	"provided = max(dossier_components.provided, excluded.provided), "
	"document = coalesce(excluded.document, dossier_components.document)";

enum mc_err dstore_set_components(struct db *db, int64_t dossier_id,
				  const struct dossier_component *c, size_t n)
{
	enum mc_err err = MC_OK;
	for (size_t i = 0; !err && i < n; i++) {
		struct db_stmt *st = db_prepare(db, SQL_SET_COMPONENT);
		if (!st)
			return MC_EDB;
		db_bind_int(st, 1, dossier_id);
		db_bind_text(st, 2, c[i].id, SIZE_MAX);
		db_bind_int(st, 3, c[i].provided ? 1 : 0);
		db_bind_text(st, 4, c[i].document, SIZE_MAX);
		err = db_run(st);
	}
	return err;
}

static const char SQL_ADD_EVENT[] =
	"INSERT INTO dossier_events (dossier_id, at, action, actor, unit, from_status, to_status, "
	"detail) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";

/* Who acted on a dossier, by the action of its event (migration 0046; before, the trigger
 * report_officer_acts): the receiving officer (intake, receive), the deciding one (decide), the
 * one who returned the result (return) or closed it (refuse, stop); a citizen never, so that an
 * officer's figures (report cells of kind officer) count only officers. */
#define ACTED(col)                                                                                \
	"UPDATE dossiers SET " col " = $2 WHERE id = $1 AND (" col " IS NULL OR " col " <> $2) "  \
	"AND NOT EXISTS (SELECT 1 FROM users u JOIN user_roles r ON r.user_id = u.id WHERE "      \
	"u.username = $2 AND r.role = 'citizen')"
static const char SQL_ACTED_RECEIVED[] = ACTED("received_by");
static const char SQL_ACTED_DECIDED[] = ACTED("decided_by");
static const char SQL_ACTED_RETURNED[] = ACTED("returned_by");
static const char SQL_ACTED_CLOSED[] = ACTED("closed_by");

static const char *acted_sql(const char *action)
{
	if (!strcmp(action, "intake") || !strcmp(action, "receive"))
		return SQL_ACTED_RECEIVED;
	if (!strcmp(action, "decide"))
		return SQL_ACTED_DECIDED;
	if (!strcmp(action, "return"))
		return SQL_ACTED_RETURNED;
	if (!strcmp(action, "refuse") || !strcmp(action, "stop"))
		return SQL_ACTED_CLOSED;
	return NULL;
}

enum mc_err dstore_add_event(struct db *db, int64_t dossier_id, const struct dossier_event *e)
{
	struct db_stmt *st = db_prepare(db, SQL_ADD_EVENT);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, dossier_id);
	db_bind_int(st, 2, e->at);
	db_bind_text_kept(st, 3, e->action, SIZE_MAX);
	db_bind_text_kept(st, 4, e->actor, SIZE_MAX);
	db_bind_text_kept(st, 5, nz(e->unit), SIZE_MAX);
	db_bind_text_kept(st, 6, e->from_status, SIZE_MAX);
	db_bind_text_kept(st, 7, e->to_status, SIZE_MAX);
	db_bind_text_kept(st, 8, e->detail ? e->detail : "{}", SIZE_MAX);
	enum mc_err err = db_run(st);
	const char *acted =
		err || e->acted_known || !e->action || !e->actor ? NULL : acted_sql(e->action);
	if (!acted)
		return err;
	st = db_prepare(db, acted);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, dossier_id);
	db_bind_text_kept(st, 2, e->actor, SIZE_MAX);
	return db_run(st);
}

static const char SQL_EVENTS[] =
	"SELECT e.at, e.action, e.actor, e.unit, e.from_status, e.to_status, e.detail, u.full_name "
	"FROM dossier_events e LEFT JOIN users u ON u.username = e.actor "
	"WHERE e.dossier_id = $1 ORDER BY e.id";

enum mc_err dstore_events(struct db *db, int64_t dossier_id,
			  void (*fn)(const struct dossier_event *e, void *arg), void *arg)
{
	bool row;
	enum mc_err err;
	struct db_stmt *st = db_prepare(db, SQL_EVENTS);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, dossier_id);
	while (!(err = db_step(st, &row)) && row) {
		struct dossier_event e = {
			.at = db_col_int(st, 0),
			.action = db_col_text(st, 1),
			.actor = db_col_text(st, 2),
			.unit = db_col_text(st, 3),
			.from_status = db_col_text(st, 4),
			.to_status = db_col_text(st, 5),
			.detail = db_col_text(st, 6),
			.actor_name = db_col_text(st, 7),
		};
		fn(&e, arg);
	}
	return err;
}

static const char SQL_MOVE_SUBMITTER[] =
	"UPDATE dossiers SET submitter_id = $2 WHERE submitter_id = $1";

enum mc_err dstore_move_submitter(struct db *db, int64_t from, int64_t to, int64_t *moved)
{
	struct db_stmt *st = db_prepare(db, SQL_MOVE_SUBMITTER);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, from);
	db_bind_int(st, 2, to);
	enum mc_err err = db_run(st);
	*moved = err ? 0 : db_changes(db);
	return err;
}

static const char SQL_IDEM_GET[] =
	"SELECT request_hash, status, body FROM idempotency_keys WHERE user_id = $1 AND key = $2 "
	"AND created_at > $3";

enum mc_err dstore_idem_get(struct db *db, struct arena *a, int64_t user_id, const char *key,
			    int64_t since, unsigned char hash[32], int *status, const char **body)
{
	struct db_stmt *st = db_prepare(db, SQL_IDEM_GET);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, user_id);
	db_bind_text(st, 2, key, SIZE_MAX);
	db_bind_int(st, 3, since);
	enum mc_err err = db_step_one(st);
	if (err)
		return err;
	memset(hash, 0, 32);
	if (db_col_len(st, 0) == 32)
		memcpy(hash, db_col_blob(st, 0), 32);
	*status = (int)db_col_int(st, 1);
	*body = dup_col(a, st, 2);
	return db_run(st);
}

static const char SQL_IDEM_PUT[] =
	"INSERT INTO idempotency_keys (user_id, key, request_hash, status, body, created_at) "
	"VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (user_id, key) DO UPDATE SET "
	"request_hash = excluded.request_hash, status = excluded.status, body = excluded.body, "
	"created_at = excluded.created_at";

enum mc_err dstore_idem_put(struct db *db, int64_t user_id, const char *key,
			    const unsigned char hash[32], int status, const char *body, int64_t now)
{
	struct db_stmt *st = db_prepare(db, SQL_IDEM_PUT);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, user_id);
	db_bind_text(st, 2, key, SIZE_MAX);
	db_bind_blob(st, 3, hash, 32);
	db_bind_int(st, 4, status);
	db_bind_text(st, 5, body, SIZE_MAX);
	db_bind_int(st, 6, now);
	return db_run(st);
}

/* The statuses in work (domain: ds_status_clock() != DS_CLOCK_NONE), spelt as the predicate of
 * the partial index dossiers_open_received (sql/sqlite/0048) so that SQLite's planner uses it. */
static const char SQL_OPEN_SPANNING[] =
	"SELECT code FROM dossiers WHERE " OPEN_STATUSES " AND received_at < $2 "
	"AND (due_at >= $1 OR status = 'awaiting_supplement') ORDER BY id";

enum mc_err dstore_open_spanning(struct db *db, int64_t from, int64_t before,
				 void (*fn)(const char *code, void *arg), void *arg)
{
	bool row;
	enum mc_err err;
	struct db_stmt *st = db_prepare(db, SQL_OPEN_SPANNING);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, from);
	db_bind_int(st, 2, before);
	while (!(err = db_step(st, &row)) && row)
		fn(db_col_text(st, 0), arg);
	return err;
}

static const char SQL_RECEIVED_BETWEEN[] =
	"SELECT code FROM dossiers WHERE receiving_unit = $1 AND received_at BETWEEN $2 AND $3 "
	"ORDER BY received_at, id LIMIT $4";

enum mc_err dstore_received_between(struct db *db, const char *unit, int64_t from, int64_t to,
				    size_t limit, void (*fn)(const char *code, void *arg), void *arg)
{
	bool row;
	enum mc_err err;
	struct db_stmt *st = db_prepare(db, SQL_RECEIVED_BETWEEN);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, unit, SIZE_MAX);
	db_bind_int(st, 2, from);
	db_bind_int(st, 3, to);
	db_bind_int(st, 4, (int64_t)limit);
	while (!(err = db_step(st, &row)) && row)
		fn(db_col_text(st, 0), arg);
	return err;
}

static const char SQL_DOSSIER_CODE[] = "SELECT code FROM dossiers WHERE id = $1";

enum mc_err dstore_code_of(struct db *db, struct arena *a, int64_t dossier_id,
				  const char **code)
{
	struct db_stmt *st = db_prepare(db, SQL_DOSSIER_CODE);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, dossier_id);
	enum mc_err err = db_step_one(st);
	if (err)
		return err;
	*code = arena_strdup(a, db_col_text(st, 0));
	return db_run(st);
}
