/* SQL for the registers: staff, assets, archive records, their spans over time and appointments.
 * Knows nothing of permissions, validation or JSON. */
#include "base/base.h"

#include "store/register_store.h"

/* The place columns that every SELECT below ends with, from a LEFT JOIN on the span in force. */
#define PLACE_COLS "p.unit_code, p.counter, p.valid_from "
#define PLACE_JOIN(kind, ref)                                                                       \
	"LEFT JOIN register_spans p ON p.kind = '" kind "' AND p.ref_id = " ref " "                 \
	"AND p.valid_from <= $1 AND (p.valid_to IS NULL OR p.valid_to > $1) "

static void read_place(struct db_stmt *st, int col, struct reg_place *p)
{
	db_col_copy(st, col, p->unit, sizeof(p->unit));
	p->counter = db_col_null(st, col + 1) ? 0 : db_col_int(st, col + 1);
	p->since = db_col_null(st, col + 2) ? 0 : db_col_int(st, col + 2);
}

/* The SQL of each kind. Its columns are the kind's fields in their order (domain/register.c):
 * INSERT binds them as $1..$n and created_at as $n+1; UPDATE binds those an update may change
 * (not the fixed ones) as $1..$m and the id as $m+1; SELECT reads id, the fields, created_at,
 * version and the place; USED is the kind's unique field. */
struct kind_sql {
	const struct reg_kind *kind;
	const char *insert, *update, *get, *list, *used;
};

#define SELECT(cols, table, kind)                                                                  \
	"SELECT e.id, " cols ", e.created_at, e.version, " PLACE_COLS "FROM " table " e "         \
	PLACE_JOIN(kind, "e.id")
#define BY_ID "WHERE e.id = $2"
#define PAGE "WHERE ($2 IS NULL OR p.unit_code = $2) AND e.id > $3 ORDER BY e.id LIMIT $4"

#define STAFF_COLS "full_name, id_number, position"
static const char SQL_STAFF_INSERT[] =
	"INSERT INTO staff (" STAFF_COLS ", created_at) VALUES ($1, $2, $3, $4) RETURNING id";
static const char SQL_STAFF_UPDATE[] =
	"UPDATE staff SET full_name = $1, position = $2, version = version + 1 WHERE id = $3";
static const char SQL_STAFF_GET[] = SELECT(STAFF_COLS, "staff", REG_STAFF) BY_ID;
static const char SQL_STAFF_LIST[] = SELECT(STAFF_COLS, "staff", REG_STAFF) PAGE;
static const char SQL_IDNUM_USED[] = "SELECT 1 FROM staff WHERE id_number = $1";

#define ASSET_COLS                                                                                 \
	"inventory_code, name, category, quantity, original_value, remaining_value, condition"
static const char SQL_ASSET_INSERT[] = "INSERT INTO assets (" ASSET_COLS ", created_at) "
				       "VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id";
static const char SQL_ASSET_UPDATE[] =
	"UPDATE assets SET inventory_code = $1, name = $2, category = $3, quantity = $4, "
	"original_value = $5, remaining_value = $6, condition = $7, version = version + 1 "
	"WHERE id = $8";
static const char SQL_ASSET_GET[] = SELECT(ASSET_COLS, "assets", REG_ASSET) BY_ID;
static const char SQL_ASSET_LIST[] = SELECT(ASSET_COLS, "assets", REG_ASSET) PAGE;
static const char SQL_CODE_USED[] = "SELECT 1 FROM assets WHERE inventory_code = $1";

#define RECORD_COLS "box, file, title, year, sheets, retention"
static const char SQL_RECORD_INSERT[] =
	"INSERT INTO records (" RECORD_COLS ", created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) "
	"RETURNING id";
static const char SQL_RECORD_UPDATE[] =
	"UPDATE records SET box = $1, file = $2, title = $3, year = $4, sheets = $5, retention = $6, "
	"version = version + 1 WHERE id = $7";
static const char SQL_RECORD_GET[] = SELECT(RECORD_COLS, "records", REG_RECORD) BY_ID;
static const char SQL_RECORD_LIST[] = SELECT(RECORD_COLS, "records", REG_RECORD) PAGE;

static const struct kind_sql KIND_SQL[] = {
	{&reg_staff_kind, SQL_STAFF_INSERT, SQL_STAFF_UPDATE, SQL_STAFF_GET, SQL_STAFF_LIST,
	 SQL_IDNUM_USED},
	{&reg_asset_kind, SQL_ASSET_INSERT, SQL_ASSET_UPDATE, SQL_ASSET_GET, SQL_ASSET_LIST,
	 SQL_CODE_USED},
	{&reg_record_kind, SQL_RECORD_INSERT, SQL_RECORD_UPDATE, SQL_RECORD_GET, SQL_RECORD_LIST,
	 NULL},
};

static const struct kind_sql *sql_of(const struct reg_kind *k)
{
	for (size_t i = 0; i < MC_ARRAY_LEN(KIND_SQL); i++)
		if (KIND_SQL[i].kind == k)
			return &KIND_SQL[i];
	abort(); /* a kind without SQL is a programmer error */
}

/* Binds the fields (all, or those an update may change) from $1; returns the next number. */
static int bind_fields(struct db_stmt *st, const struct reg_kind *k, const void *e, bool all)
{
	int n = 1;
	for (size_t i = 0; i < k->nfields; i++) {
		const struct reg_field *f = &k->fields[i];
		if (!all && f->fixed)
			continue;
		if (reg_is_text(f))
			db_bind_text(st, n++, reg_text_of(f, e), SIZE_MAX);
		else
			db_bind_int(st, n++, reg_num_of(f, e));
	}
	return n;
}

static void read_entry(struct db_stmt *st, const struct reg_kind *k, void *e)
{
	int col = 0;
	*reg_int_at(e, k->id) = db_col_int(st, col++);
	for (size_t i = 0; i < k->nfields; i++) {
		const struct reg_field *f = &k->fields[i];
		if (reg_is_text(f))
			db_col_copy(st, col++, reg_text_at(f, e), f->cap);
		else
			*reg_num_at(f, e) = db_col_int(st, col++);
	}
	*reg_int_at(e, k->created_at) = db_col_int(st, col++);
	*reg_int_at(e, k->version) = db_col_int(st, col++);
	read_place(st, col, reg_member(e, k->at));
}

enum mc_err regstore_insert(struct db *db, const struct reg_kind *k, void *e)
{
	struct db_stmt *st = db_prepare_insert(db, sql_of(k)->insert);
	if (!st)
		return MC_EDB;
	db_bind_int(st, bind_fields(st, k, e, true), *reg_int_at(e, k->created_at));
	int64_t id = 0;
	enum mc_err err = db_insert_id(st, &id);
	if (!err) {
		*reg_int_at(e, k->id) = id;
		*reg_int_at(e, k->version) = 1;
	}
	return err;
}

enum mc_err regstore_update(struct db *db, const struct reg_kind *k, void *e)
{
	struct db_stmt *st = db_prepare(db, sql_of(k)->update);
	if (!st)
		return MC_EDB;
	db_bind_int(st, bind_fields(st, k, e, false), reg_id_of(k, e));
	enum mc_err err = db_run(st);
	if (!err && db_changes(db) != 1)
		return MC_ENOTFOUND;
	if (!err)
		++*reg_int_at(e, k->version);
	return err;
}

enum mc_err regstore_get(struct db *db, const struct reg_kind *k, int64_t id, int64_t at, void *out)
{
	bool row;
	struct db_stmt *st = db_prepare(db, sql_of(k)->get);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, at);
	db_bind_int(st, 2, id);
	enum mc_err err = db_step(st, &row);
	if (!err && !row)
		err = MC_ENOTFOUND;
	if (!err)
		read_entry(st, k, out);
	return err ? err : db_run(st);
}

enum mc_err regstore_list(struct db *db, const struct reg_kind *k, const struct reg_filter *f,
			  void (*fn)(const void *e, void *arg), void *arg)
{
	bool row;
	enum mc_err err;
	union reg_entry e;
	struct db_stmt *st = db_prepare(db, sql_of(k)->list);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, f->at);
	db_bind_text(st, 2, f->unit, SIZE_MAX);
	db_bind_int(st, 3, f->after_id);
	db_bind_int(st, 4, (int64_t)f->limit);
	while (!(err = db_step(st, &row)) && row) {
		read_entry(st, k, &e);
		fn(&e, arg);
	}
	return err;
}

/* Spans. */

static const char SQL_SPAN_CLOSE[] =
	"UPDATE register_spans SET valid_to = $3 WHERE kind = $1 AND ref_id = $2 AND valid_to IS NULL";
static const char SQL_SPAN_OPEN[] =
	"INSERT INTO register_spans (kind, ref_id, unit_code, counter, valid_from, valid_to) "
	"VALUES ($1, $2, $3, $4, $5, NULL)";

enum mc_err regstore_place(struct db *db, const char *kind, int64_t ref, const char *unit,
			   int64_t counter, int64_t at)
{
	struct db_stmt *st = db_prepare(db, SQL_SPAN_CLOSE);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, kind, SIZE_MAX);
	db_bind_int(st, 2, ref);
	db_bind_int(st, 3, at);
	enum mc_err err = db_run(st);
	if (err)
		return err;
	st = db_prepare(db, SQL_SPAN_OPEN);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, kind, SIZE_MAX);
	db_bind_int(st, 2, ref);
	db_bind_text(st, 3, unit, SIZE_MAX);
	if (counter > 0)
		db_bind_int(st, 4, counter);
	else
		db_bind_null(st, 4);
	db_bind_int(st, 5, at);
	return db_run(st);
}

static const char SQL_SPANS[] =
	"SELECT unit_code, counter, valid_from, valid_to FROM register_spans "
	"WHERE kind = $1 AND ref_id = $2 ORDER BY valid_from, id";

enum mc_err regstore_spans(struct db *db, const char *kind, int64_t ref, struct reg_span *out,
			   size_t cap, size_t *n)
{
	bool row;
	enum mc_err err;
	struct db_stmt *st = db_prepare(db, SQL_SPANS);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, kind, SIZE_MAX);
	db_bind_int(st, 2, ref);
	*n = 0;
	while (!(err = db_step(st, &row)) && row) {
		if (*n == cap)
			continue;
		struct reg_span *s = &out[(*n)++];
		db_col_copy(st, 0, s->unit, sizeof(s->unit));
		s->counter = db_col_null(st, 1) ? 0 : db_col_int(st, 1);
		s->from = db_col_int(st, 2);
		s->to = db_col_null(st, 3) ? INT64_MAX : db_col_int(st, 3);
	}
	return err;
}

static const char SQL_OPEN_SINCE[] =
	"SELECT max(valid_from) FROM register_spans WHERE kind = $1 AND ref_id = $2 "
	"AND valid_to IS NULL";

enum mc_err regstore_open_since(struct db *db, const char *kind, int64_t ref, int64_t *since)
{
	bool row;
	struct db_stmt *st = db_prepare(db, SQL_OPEN_SINCE);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, kind, SIZE_MAX);
	db_bind_int(st, 2, ref);
	enum mc_err err = db_step(st, &row);
	if (err)
		return err;
	*since = row && !db_col_null(st, 0) ? db_col_int(st, 0) : 0;
	return db_run(st);
}

/* Appointments. */

static const char SQL_END_HEAD[] =
	"UPDATE appointments SET valid_to = $2 WHERE unit_code = $1 AND position = 'head' "
	"AND valid_to IS NULL";
static const char SQL_APPOINT[] =
	"INSERT INTO appointments (staff_id, unit_code, position, valid_from) VALUES ($1, $2, $3, $4)";

enum mc_err regstore_appoint(struct db *db, int64_t staff_id, const char *unit,
			     const char *position, int64_t from)
{
	struct db_stmt *st;
	enum mc_err err;
	if (strcmp(position, "head") == 0) {
		st = db_prepare(db, SQL_END_HEAD);
		if (!st)
			return MC_EDB;
		db_bind_text(st, 1, unit, SIZE_MAX);
		db_bind_int(st, 2, from);
		err = db_run(st);
		if (err)
			return err;
	}
	st = db_prepare(db, SQL_APPOINT);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, staff_id);
	db_bind_text(st, 2, unit, SIZE_MAX);
	db_bind_text(st, 3, position, SIZE_MAX);
	db_bind_int(st, 4, from);
	return db_run(st);
}

static const char SQL_APPOINTMENTS[] =
	"SELECT unit_code, position, valid_from, valid_to FROM appointments WHERE staff_id = $1 "
	"ORDER BY valid_from, id";

enum mc_err regstore_appointments(struct db *db, int64_t staff_id, struct reg_appointment *out,
				  size_t cap, size_t *n)
{
	bool row;
	enum mc_err err;
	struct db_stmt *st = db_prepare(db, SQL_APPOINTMENTS);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, staff_id);
	*n = 0;
	while (!(err = db_step(st, &row)) && row) {
		if (*n == cap)
			continue;
		struct reg_appointment *a = &out[(*n)++];
		db_col_copy(st, 0, a->unit, sizeof(a->unit));
		db_col_copy(st, 1, a->position, sizeof(a->position));
		a->from = db_col_int(st, 2);
		a->to = db_col_null(st, 3) ? INT64_MAX : db_col_int(st, 3);
	}
	return err;
}

enum mc_err regstore_used(struct db *db, const struct reg_kind *k, const char *value, bool *used)
{
	bool row;
	struct db_stmt *st = db_prepare(db, sql_of(k)->used);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, value, SIZE_MAX);
	enum mc_err err = db_step(st, &row);
	if (err)
		return err;
	*used = row;
	return db_run(st);
}

/* The typed forms for kind K, whose entry is struct reg_K. */
#define TYPED(K)                                                                                   \
	enum mc_err regstore_##K##_insert(struct db *db, struct reg_##K *e)                        \
	{                                                                                          \
		return regstore_insert(db, &reg_##K##_kind, e);                                    \
	}                                                                                          \
	enum mc_err regstore_##K##_update(struct db *db, struct reg_##K *e)                        \
	{                                                                                          \
		return regstore_update(db, &reg_##K##_kind, e);                                    \
	}                                                                                          \
	enum mc_err regstore_##K##_get(struct db *db, int64_t id, int64_t at, struct reg_##K *out) \
	{                                                                                          \
		return regstore_get(db, &reg_##K##_kind, id, at, out);                             \
	}                                                                                          \
	struct K##_fn {                                                                            \
		void (*fn)(const struct reg_##K *e, void *arg);                                    \
		void *arg;                                                                         \
	};                                                                                         \
	static void K##_call(const void *e, void *arg)                                             \
	{                                                                                          \
		const struct K##_fn *t = arg;                                                      \
		t->fn(e, t->arg);                                                                  \
	}                                                                                          \
	enum mc_err regstore_##K##_list(struct db *db, const struct reg_filter *f,                 \
					void (*fn)(const struct reg_##K *e, void *arg), void *arg) \
	{                                                                                          \
		struct K##_fn t = {fn, arg};                                                       \
		return regstore_list(db, &reg_##K##_kind, f, K##_call, &t);                        \
	}

TYPED(staff)
TYPED(asset)
TYPED(record)

enum mc_err regstore_inventory_code_used(struct db *db, const char *code, bool *used)
{
	return regstore_used(db, &reg_asset_kind, code, used);
}

enum mc_err regstore_id_number_used(struct db *db, const char *id_number, bool *used)
{
	return regstore_used(db, &reg_staff_kind, id_number, used);
}
