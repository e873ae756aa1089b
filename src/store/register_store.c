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

/* Staff. */

static const char SQL_STAFF_INSERT[] =
	"INSERT INTO staff (full_name, id_number, position, created_at) VALUES ($1, $2, $3, $4)";

enum mc_err regstore_staff_insert(struct db *db, struct reg_staff *s)
{
	struct db_stmt *st = db_prepare(db, SQL_STAFF_INSERT);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, s->full_name, SIZE_MAX);
	db_bind_text(st, 2, s->id_number, SIZE_MAX);
	db_bind_text(st, 3, s->position, SIZE_MAX);
	db_bind_int(st, 4, s->created_at);
	enum mc_err err = db_run(st);
	if (!err) {
		s->id = db_last_id(db);
		s->version = 1;
	}
	return err;
}

static const char SQL_STAFF_UPDATE[] =
	"UPDATE staff SET full_name = $2, position = $3, version = version + 1 WHERE id = $1";

enum mc_err regstore_staff_update(struct db *db, struct reg_staff *s)
{
	struct db_stmt *st = db_prepare(db, SQL_STAFF_UPDATE);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, s->id);
	db_bind_text(st, 2, s->full_name, SIZE_MAX);
	db_bind_text(st, 3, s->position, SIZE_MAX);
	enum mc_err err = db_run(st);
	if (!err && db_changes(db) != 1)
		return MC_ENOTFOUND;
	if (!err)
		s->version++;
	return err;
}

#define STAFF_COLS "s.id, s.full_name, s.id_number, s.position, s.created_at, s.version, "

static void read_staff(struct db_stmt *st, struct reg_staff *s)
{
	s->id = db_col_int(st, 0);
	db_col_copy(st, 1, s->full_name, sizeof(s->full_name));
	db_col_copy(st, 2, s->id_number, sizeof(s->id_number));
	db_col_copy(st, 3, s->position, sizeof(s->position));
	s->created_at = db_col_int(st, 4);
	s->version = db_col_int(st, 5);
	read_place(st, 6, &s->at);
}

static const char SQL_STAFF_GET[] =
	"SELECT " STAFF_COLS PLACE_COLS "FROM staff s " PLACE_JOIN("staff", "s.id") "WHERE s.id = $2";

enum mc_err regstore_staff_get(struct db *db, int64_t id, int64_t at, struct reg_staff *out)
{
	bool row;
	struct db_stmt *st = db_prepare(db, SQL_STAFF_GET);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, at);
	db_bind_int(st, 2, id);
	enum mc_err err = db_step(st, &row);
	if (!err && !row)
		err = MC_ENOTFOUND;
	if (!err)
		read_staff(st, out);
	return err ? err : db_run(st);
}

static const char SQL_STAFF_LIST[] =
	"SELECT " STAFF_COLS PLACE_COLS "FROM staff s " PLACE_JOIN("staff", "s.id")
	"WHERE ($2 IS NULL OR p.unit_code = $2) AND s.id > $3 ORDER BY s.id LIMIT $4";

enum mc_err regstore_staff_list(struct db *db, const struct reg_filter *f,
				void (*fn)(const struct reg_staff *s, void *arg), void *arg)
{
	bool row;
	enum mc_err err;
	struct reg_staff s;
	struct db_stmt *st = db_prepare(db, SQL_STAFF_LIST);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, f->at);
	db_bind_text(st, 2, f->unit, SIZE_MAX);
	db_bind_int(st, 3, f->after_id);
	db_bind_int(st, 4, (int64_t)f->limit);
	while (!(err = db_step(st, &row)) && row) {
		read_staff(st, &s);
		fn(&s, arg);
	}
	return err;
}

/* Assets. */

static const char SQL_ASSET_INSERT[] =
	"INSERT INTO assets (inventory_code, name, category, quantity, original_value, "
	"remaining_value, condition, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
static const char SQL_ASSET_UPDATE[] =
	"UPDATE assets SET inventory_code = $1, name = $2, category = $3, quantity = $4, "
	"original_value = $5, remaining_value = $6, condition = $7, version = version + 1 "
	"WHERE id = $8";

static enum mc_err asset_write(struct db *db, const char *sql, struct reg_asset *a, int64_t last)
{
	struct db_stmt *st = db_prepare(db, sql);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, a->inventory_code, SIZE_MAX);
	db_bind_text(st, 2, a->name, SIZE_MAX);
	db_bind_text(st, 3, a->category, SIZE_MAX);
	db_bind_int(st, 4, a->quantity);
	db_bind_int(st, 5, a->original_value);
	db_bind_int(st, 6, a->remaining_value);
	db_bind_text(st, 7, a->condition, SIZE_MAX);
	db_bind_int(st, 8, last);
	return db_run(st);
}

enum mc_err regstore_asset_insert(struct db *db, struct reg_asset *a)
{
	enum mc_err err = asset_write(db, SQL_ASSET_INSERT, a, a->created_at);
	if (!err) {
		a->id = db_last_id(db);
		a->version = 1;
	}
	return err;
}

enum mc_err regstore_asset_update(struct db *db, struct reg_asset *a)
{
	enum mc_err err = asset_write(db, SQL_ASSET_UPDATE, a, a->id);
	if (!err && db_changes(db) != 1)
		return MC_ENOTFOUND;
	if (!err)
		a->version++;
	return err;
}

#define ASSET_COLS                                                                                 \
	"a.id, a.inventory_code, a.name, a.category, a.quantity, a.original_value, "               \
	"a.remaining_value, a.condition, a.created_at, a.version, "

static void read_asset(struct db_stmt *st, struct reg_asset *a)
{
	a->id = db_col_int(st, 0);
	db_col_copy(st, 1, a->inventory_code, sizeof(a->inventory_code));
	db_col_copy(st, 2, a->name, sizeof(a->name));
	db_col_copy(st, 3, a->category, sizeof(a->category));
	a->quantity = db_col_int(st, 4);
	a->original_value = db_col_int(st, 5);
	a->remaining_value = db_col_int(st, 6);
	db_col_copy(st, 7, a->condition, sizeof(a->condition));
	a->created_at = db_col_int(st, 8);
	a->version = db_col_int(st, 9);
	read_place(st, 10, &a->at);
}

static const char SQL_ASSET_GET[] =
	"SELECT " ASSET_COLS PLACE_COLS "FROM assets a " PLACE_JOIN("asset", "a.id") "WHERE a.id = $2";

enum mc_err regstore_asset_get(struct db *db, int64_t id, int64_t at, struct reg_asset *out)
{
	bool row;
	struct db_stmt *st = db_prepare(db, SQL_ASSET_GET);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, at);
	db_bind_int(st, 2, id);
	enum mc_err err = db_step(st, &row);
	if (!err && !row)
		err = MC_ENOTFOUND;
	if (!err)
		read_asset(st, out);
	return err ? err : db_run(st);
}

static const char SQL_ASSET_LIST[] =
	"SELECT " ASSET_COLS PLACE_COLS "FROM assets a " PLACE_JOIN("asset", "a.id")
	"WHERE ($2 IS NULL OR p.unit_code = $2) AND a.id > $3 ORDER BY a.id LIMIT $4";

enum mc_err regstore_asset_list(struct db *db, const struct reg_filter *f,
				void (*fn)(const struct reg_asset *a, void *arg), void *arg)
{
	bool row;
	enum mc_err err;
	struct reg_asset a;
	struct db_stmt *st = db_prepare(db, SQL_ASSET_LIST);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, f->at);
	db_bind_text(st, 2, f->unit, SIZE_MAX);
	db_bind_int(st, 3, f->after_id);
	db_bind_int(st, 4, (int64_t)f->limit);
	while (!(err = db_step(st, &row)) && row) {
		read_asset(st, &a);
		fn(&a, arg);
	}
	return err;
}

/* Archive records. */

static const char SQL_RECORD_INSERT[] =
	"INSERT INTO records (box, file, title, year, sheets, retention, created_at) "
	"VALUES ($1, $2, $3, $4, $5, $6, $7)";
static const char SQL_RECORD_UPDATE[] =
	"UPDATE records SET box = $1, file = $2, title = $3, year = $4, sheets = $5, retention = $6, "
	"version = version + 1 WHERE id = $7";

static enum mc_err record_write(struct db *db, const char *sql, struct reg_record *r, int64_t last)
{
	struct db_stmt *st = db_prepare(db, sql);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, r->box, SIZE_MAX);
	db_bind_text(st, 2, r->file, SIZE_MAX);
	db_bind_text(st, 3, r->title, SIZE_MAX);
	db_bind_int(st, 4, r->year);
	db_bind_int(st, 5, r->sheets);
	db_bind_text(st, 6, r->retention, SIZE_MAX);
	db_bind_int(st, 7, last);
	return db_run(st);
}

enum mc_err regstore_record_insert(struct db *db, struct reg_record *r)
{
	enum mc_err err = record_write(db, SQL_RECORD_INSERT, r, r->created_at);
	if (!err) {
		r->id = db_last_id(db);
		r->version = 1;
	}
	return err;
}

enum mc_err regstore_record_update(struct db *db, struct reg_record *r)
{
	enum mc_err err = record_write(db, SQL_RECORD_UPDATE, r, r->id);
	if (!err && db_changes(db) != 1)
		return MC_ENOTFOUND;
	if (!err)
		r->version++;
	return err;
}

#define RECORD_COLS "r.id, r.box, r.file, r.title, r.year, r.sheets, r.retention, r.created_at, r.version, "

static void read_record(struct db_stmt *st, struct reg_record *r)
{
	r->id = db_col_int(st, 0);
	db_col_copy(st, 1, r->box, sizeof(r->box));
	db_col_copy(st, 2, r->file, sizeof(r->file));
	db_col_copy(st, 3, r->title, sizeof(r->title));
	r->year = db_col_int(st, 4);
	r->sheets = db_col_int(st, 5);
	db_col_copy(st, 6, r->retention, sizeof(r->retention));
	r->created_at = db_col_int(st, 7);
	r->version = db_col_int(st, 8);
	read_place(st, 9, &r->at);
}

static const char SQL_RECORD_GET[] =
	"SELECT " RECORD_COLS PLACE_COLS "FROM records r " PLACE_JOIN("record", "r.id") "WHERE r.id = $2";

enum mc_err regstore_record_get(struct db *db, int64_t id, int64_t at, struct reg_record *out)
{
	bool row;
	struct db_stmt *st = db_prepare(db, SQL_RECORD_GET);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, at);
	db_bind_int(st, 2, id);
	enum mc_err err = db_step(st, &row);
	if (!err && !row)
		err = MC_ENOTFOUND;
	if (!err)
		read_record(st, out);
	return err ? err : db_run(st);
}

static const char SQL_RECORD_LIST[] =
	"SELECT " RECORD_COLS PLACE_COLS "FROM records r " PLACE_JOIN("record", "r.id")
	"WHERE ($2 IS NULL OR p.unit_code = $2) AND r.id > $3 ORDER BY r.id LIMIT $4";

enum mc_err regstore_record_list(struct db *db, const struct reg_filter *f,
				 void (*fn)(const struct reg_record *r, void *arg), void *arg)
{
	bool row;
	enum mc_err err;
	struct reg_record r;
	struct db_stmt *st = db_prepare(db, SQL_RECORD_LIST);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, f->at);
	db_bind_text(st, 2, f->unit, SIZE_MAX);
	db_bind_int(st, 3, f->after_id);
	db_bind_int(st, 4, (int64_t)f->limit);
	while (!(err = db_step(st, &row)) && row) {
		read_record(st, &r);
		fn(&r, arg);
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

static enum mc_err exists(struct db *db, const char *sql, const char *value, bool *used)
{
	bool row;
	struct db_stmt *st = db_prepare(db, sql);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, value, SIZE_MAX);
	enum mc_err err = db_step(st, &row);
	if (err)
		return err;
	*used = row;
	return db_run(st);
}

static const char SQL_CODE_USED[] = "SELECT 1 FROM assets WHERE inventory_code = $1";
static const char SQL_IDNUM_USED[] = "SELECT 1 FROM staff WHERE id_number = $1";

enum mc_err regstore_inventory_code_used(struct db *db, const char *code, bool *used)
{
	return exists(db, SQL_CODE_USED, code, used);
}

enum mc_err regstore_id_number_used(struct db *db, const char *id_number, bool *used)
{
	return exists(db, SQL_IDNUM_USED, id_number, used);
}
