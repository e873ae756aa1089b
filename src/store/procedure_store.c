/* SQL for the procedure catalog: versions of procedures with their components and steps. Knows
 * nothing of permissions, validation or JSON; rows are written once and never updated, except the
 * `latest` flag that publishing moves to the new version. */
#include "base/base.h"

#include "store/procedure_store.h"

static const char *arena_col(struct arena *a, struct db_stmt *st, int col)
{
	const char *s = db_col_text(st, col);
	return arena_strndup(a, s ? s : "", s ? db_col_len(st, col) : 0);
}

static const char SQL_CLEAR_LATEST[] =
	"UPDATE procedures SET latest = 0 WHERE code = $1 AND latest = 1";
static const char SQL_INSERT_PROCEDURE[] =
	"INSERT INTO procedures (code, version, name, search_key, field, field_key, level, "
	"duration_value, duration_unit, fee_vnd, online, resolver_kind, resolver_unit, result, "
	"latest, created_at, created_by, fees) "
	"VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, 1, $15, $16, $17)";

static enum mc_err insert_header(struct db *db, const struct procedure *p, const char *search_key,
				 const char *field_key, const char *created_by, int64_t now)
{
	struct db_stmt *st = db_prepare(db, SQL_CLEAR_LATEST);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, p->code, SIZE_MAX);
	enum mc_err err = db_run(st);
	if (err)
		return err;
	st = db_prepare(db, SQL_INSERT_PROCEDURE);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, p->code, SIZE_MAX);
	db_bind_int(st, 2, p->version);
	db_bind_text(st, 3, p->name, SIZE_MAX);
	db_bind_text(st, 4, search_key, SIZE_MAX);
	db_bind_text(st, 5, p->field, SIZE_MAX);
	db_bind_text(st, 6, field_key, SIZE_MAX);
	db_bind_text(st, 7, p->level, SIZE_MAX);
	db_bind_int(st, 8, p->duration.value);
	db_bind_text(st, 9, p->duration.unit, SIZE_MAX);
	if (p->fee_vnd == PROC_FEE_UNSET)
		db_bind_null(st, 10);
	else
		db_bind_int(st, 10, p->fee_vnd);
	db_bind_text(st, 11, p->online, SIZE_MAX);
	db_bind_text(st, 12, p->resolver_kind, SIZE_MAX);
	db_bind_text(st, 13, p->resolver_unit[0] ? p->resolver_unit : NULL, SIZE_MAX);
	db_bind_text(st, 14, p->result, SIZE_MAX);
	db_bind_int(st, 15, now);
	db_bind_text(st, 16, created_by, SIZE_MAX);
	db_bind_text(st, 17, p->fees_text, SIZE_MAX);
	return db_run(st);
}

static const char SQL_INSERT_COMPONENT[] =
	"INSERT INTO procedure_components (code, version, position, id, name, original_or_copy, "
	"quantity, required, submit_or_present, channels) "
	"VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";

static enum mc_err insert_component(struct db *db, const struct procedure *p, size_t i)
{
	const struct proc_component *c = &p->components[i];
	struct db_stmt *st = db_prepare(db, SQL_INSERT_COMPONENT);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, p->code, SIZE_MAX);
	db_bind_int(st, 2, p->version);
	db_bind_int(st, 3, (int64_t)i + 1);
	db_bind_text(st, 4, c->id, SIZE_MAX);
	db_bind_text(st, 5, c->name, SIZE_MAX);
	db_bind_text(st, 6, c->original_or_copy, SIZE_MAX);
	db_bind_int(st, 7, c->quantity);
	db_bind_int(st, 8, c->required ? 1 : 0);
	db_bind_text(st, 9, c->submit_or_present, SIZE_MAX);
	db_bind_int(st, 10, c->channels ? c->channels : PROC_CH_ALL);
	return db_run(st);
}

static const char SQL_INSERT_STEP[] =
	"INSERT INTO procedure_steps (code, version, position, name, unit, role, duration_value, "
	"duration_unit) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";

static enum mc_err insert_step(struct db *db, const struct procedure *p, size_t i)
{
	const struct proc_step *s = &p->steps[i];
	struct db_stmt *st = db_prepare(db, SQL_INSERT_STEP);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, p->code, SIZE_MAX);
	db_bind_int(st, 2, p->version);
	db_bind_int(st, 3, (int64_t)i + 1);
	db_bind_text(st, 4, s->name, SIZE_MAX);
	db_bind_text(st, 5, s->unit, SIZE_MAX);
	db_bind_text(st, 6, s->role, SIZE_MAX);
	db_bind_int(st, 7, s->duration.value);
	db_bind_text(st, 8, s->duration.unit, SIZE_MAX);
	return db_run(st);
}

enum mc_err procstore_insert(struct db *db, const struct procedure *p, const char *search_key,
			     const char *field_key, const char *created_by, int64_t now)
{
	enum mc_err err = insert_header(db, p, search_key, field_key, created_by, now);
	for (size_t i = 0; !err && i < p->ncomponents; i++)
		err = insert_component(db, p, i);
	for (size_t i = 0; !err && i < p->nsteps; i++)
		err = insert_step(db, p, i);
	return err;
}

static const char SQL_LATEST_VERSION[] =
	"SELECT version FROM procedures WHERE code = $1 AND latest = 1";

enum mc_err procstore_latest_version(struct db *db, const char *code, int64_t *version)
{
	bool row;
	struct db_stmt *st = db_prepare(db, SQL_LATEST_VERSION);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, code, SIZE_MAX);
	enum mc_err err = db_step(st, &row);
	if (err)
		return err;
	*version = row ? db_col_int(st, 0) : 0;
	return db_run(st);
}

/* Version 0 selects the latest: $2 = 0 matches the row whose flag is set. */
static const char SQL_GET_PROCEDURE[] =
	"SELECT p.code, p.version, p.name, p.field, p.level, p.duration_value, p.duration_unit, "
	"p.fee_vnd, p.online, p.resolver_kind, p.resolver_unit, p.result, "
	"(SELECT count(*) FROM procedure_components c WHERE c.code = p.code AND c.version = p.version), "
	"(SELECT count(*) FROM procedure_steps s WHERE s.code = p.code AND s.version = p.version), "
	"p.fees FROM procedures p WHERE p.code = $1 AND ((p.version = $2) OR ($2 = 0 AND p.latest = 1))";

static void read_header(struct arena *a, struct db_stmt *st, struct procedure *p)
{
	db_col_copy(st, 0, p->code, sizeof(p->code));
	p->version = db_col_int(st, 1);
	p->name = arena_col(a, st, 2);
	p->field = arena_col(a, st, 3);
	db_col_copy(st, 4, p->level, sizeof(p->level));
	p->duration.value = db_col_int(st, 5);
	db_col_copy(st, 6, p->duration.unit, sizeof(p->duration.unit));
	p->fee_vnd = db_col_null(st, 7) ? PROC_FEE_UNSET : db_col_int(st, 7);
	db_col_copy(st, 8, p->online, sizeof(p->online));
	db_col_copy(st, 9, p->resolver_kind, sizeof(p->resolver_kind));
	db_col_copy(st, 10, p->resolver_unit, sizeof(p->resolver_unit));
	p->result = arena_col(a, st, 11);
	p->ncomponents = (size_t)db_col_int(st, 12);
	p->nsteps = (size_t)db_col_int(st, 13);
	p->fees_text = db_col_null(st, 14) ? NULL : arena_col(a, st, 14);
	p->nfees = 0;
	p->fees = NULL;
}

static const char SQL_GET_COMPONENTS[] =
	"SELECT id, name, original_or_copy, quantity, required, submit_or_present, channels "
	"FROM procedure_components WHERE code = $1 AND version = $2 ORDER BY position";

static enum mc_err read_components(struct db *db, struct arena *a, struct procedure *p)
{
	bool row;
	enum mc_err err;
	size_t n = 0, cap = p->ncomponents;
	struct db_stmt *st = db_prepare(db, SQL_GET_COMPONENTS);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, p->code, SIZE_MAX);
	db_bind_int(st, 2, p->version);
	p->components = arena_alloc(a, (cap ? cap : 1) * sizeof(*p->components));
	while (!(err = db_step(st, &row)) && row) {
		if (n == cap)
			continue;
		struct proc_component *c = &p->components[n++];
		db_col_copy(st, 0, c->id, sizeof(c->id));
		c->name = arena_col(a, st, 1);
		db_col_copy(st, 2, c->original_or_copy, sizeof(c->original_or_copy));
		c->quantity = db_col_int(st, 3);
		c->required = db_col_int(st, 4) != 0;
		db_col_copy(st, 5, c->submit_or_present, sizeof(c->submit_or_present));
		c->channels = (unsigned)db_col_int(st, 6);
	}
	p->ncomponents = n;
	return err;
}

static const char SQL_GET_STEPS[] =
	"SELECT name, unit, role, duration_value, duration_unit "
	"FROM procedure_steps WHERE code = $1 AND version = $2 ORDER BY position";

static enum mc_err read_steps(struct db *db, struct arena *a, struct procedure *p)
{
	bool row;
	enum mc_err err;
	size_t n = 0, cap = p->nsteps;
	struct db_stmt *st = db_prepare(db, SQL_GET_STEPS);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, p->code, SIZE_MAX);
	db_bind_int(st, 2, p->version);
	p->steps = arena_alloc(a, (cap ? cap : 1) * sizeof(*p->steps));
	while (!(err = db_step(st, &row)) && row) {
		if (n == cap)
			continue;
		struct proc_step *s = &p->steps[n++];
		s->name = arena_col(a, st, 0);
		db_col_copy(st, 1, s->unit, sizeof(s->unit));
		db_col_copy(st, 2, s->role, sizeof(s->role));
		s->duration.value = db_col_int(st, 3);
		db_col_copy(st, 4, s->duration.unit, sizeof(s->duration.unit));
	}
	p->nsteps = n;
	return err;
}

enum mc_err procstore_get(struct db *db, struct arena *a, const char *code, int64_t version,
			  struct procedure *out)
{
	memset(out, 0, sizeof(*out));
	struct db_stmt *st = db_prepare(db, SQL_GET_PROCEDURE);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, code, SIZE_MAX);
	db_bind_int(st, 2, version);
	enum mc_err err = db_step_one(st);
	if (err)
		return err;
	read_header(a, st, out);
	err = db_run(st);
	if (!err)
		err = read_components(db, a, out);
	if (!err)
		err = read_steps(db, a, out);
	return err;
}

static const char SQL_LIST_PROCEDURES[] =
	"SELECT code FROM procedures WHERE latest = 1 "
	"AND ($1 IS NULL OR instr(search_key, $1) > 0 OR instr(code, $1) > 0) "
	"AND ($2 IS NULL OR field_key = $2) AND ($3 IS NULL OR level = $3) "
	"AND ($4 IS NULL OR code > $4) ORDER BY code LIMIT $5";

enum mc_err procstore_list(struct db *db, const struct proc_filter *f,
			   char (*codes)[PROC_CODE_MAX], size_t *n)
{
	bool row;
	enum mc_err err;
	struct db_stmt *st = db_prepare(db, SQL_LIST_PROCEDURES);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, f->search_key, SIZE_MAX);
	db_bind_text(st, 2, f->field_key, SIZE_MAX);
	db_bind_text(st, 3, f->level, SIZE_MAX);
	db_bind_text(st, 4, f->after_code, SIZE_MAX);
	db_bind_int(st, 5, (int64_t)f->limit);
	*n = 0;
	while (!(err = db_step(st, &row)) && row) {
		if (*n == f->limit)
			continue;
		db_col_copy(st, 0, codes[(*n)++], PROC_CODE_MAX);
	}
	return err;
}

static const char SQL_COUNT_PROCEDURES[] = "SELECT count(*) FROM procedures WHERE latest = 1";

enum mc_err procstore_count(struct db *db, int64_t *n)
{
	bool row;
	struct db_stmt *st = db_prepare(db, SQL_COUNT_PROCEDURES);
	if (!st)
		return MC_EDB;
	enum mc_err err = db_step(st, &row);
	if (err)
		return err;
	*n = row ? db_col_int(st, 0) : 0;
	return db_run(st);
}

/* The procedures of the latest `scan` dossiers by their number of dossiers (ids grow with time,
 * so the latest ids are the latest dossiers: read backwards along the primary key). */
static const char SQL_POPULAR[] =
	"SELECT procedure_code, count(*) AS n FROM "
	"(SELECT procedure_code FROM dossiers ORDER BY id DESC LIMIT $1) AS recent "
	"GROUP BY procedure_code ORDER BY n DESC, procedure_code LIMIT $2";

enum mc_err procstore_popular(struct db *db, size_t scan, size_t limit,
			      void (*fn)(const char *code, int64_t dossiers, void *arg), void *arg)
{
	bool row;
	enum mc_err err;
	struct db_stmt *st = db_prepare(db, SQL_POPULAR);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, (int64_t)scan);
	db_bind_int(st, 2, (int64_t)limit);
	while (!(err = db_step(st, &row)) && row)
		fn(db_col_text(st, 0), db_col_int(st, 1), arg);
	return err;
}
