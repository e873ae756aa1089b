/* SQL for booking_settings, booking_hours, booking_slots, booking_holders and bookings. */
#include "base/base.h"

#include "store/booking_store.h"

static const char SQL_SETTINGS[] =
	"SELECT slot_minutes, capacity, custom_hours FROM booking_settings WHERE point_code = $1";
static const char SQL_HOURS[] = "SELECT weekday, start_sec, end_sec FROM booking_hours "
				"WHERE point_code = $1 ORDER BY weekday, start_sec";

enum mc_err bstore_settings(struct db *db, const char *point, struct booking_settings *out)
{
	bool row;
	struct db_stmt *st = db_prepare(db, SQL_SETTINGS);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, point, SIZE_MAX);
	enum mc_err err = db_step_one(st);
	if (err)
		return err;
	out->slot_minutes = (int)db_col_int(st, 0);
	out->capacity = (int)db_col_int(st, 1);
	out->custom_hours = db_col_int(st, 2) != 0;
	out->stored = true;
	out->nperiods = 0;
	if ((err = db_run(st)))
		return err;
	if (!(st = db_prepare(db, SQL_HOURS)))
		return MC_EDB;
	db_bind_text(st, 1, point, SIZE_MAX);
	while (!(err = db_step(st, &row)) && row) {
		if (out->nperiods == MC_ARRAY_LEN(out->periods))
			continue;
		struct booking_period *p = &out->periods[out->nperiods++];
		p->weekday = (int)db_col_int(st, 0);
		p->start = (int)db_col_int(st, 1);
		p->end = (int)db_col_int(st, 2);
	}
	return err;
}

static const char SQL_PUT_SETTINGS[] =
	"INSERT INTO booking_settings (point_code, slot_minutes, capacity, custom_hours, updated_at, "
	"updated_by) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (point_code) DO UPDATE SET "
	"slot_minutes = excluded.slot_minutes, capacity = excluded.capacity, "
	"custom_hours = excluded.custom_hours, updated_at = excluded.updated_at, "
	"updated_by = excluded.updated_by";
static const char SQL_DEL_HOURS[] = "DELETE FROM booking_hours WHERE point_code = $1";
static const char SQL_ADD_HOURS[] = "INSERT INTO booking_hours (point_code, weekday, start_sec, "
				    "end_sec) VALUES ($1, $2, $3, $4)";

enum mc_err bstore_set_settings(struct db *db, const char *point, const struct booking_settings *s,
				int64_t at, const char *by)
{
	struct db_stmt *st = db_prepare(db, SQL_PUT_SETTINGS);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, point, SIZE_MAX);
	db_bind_int(st, 2, s->slot_minutes);
	db_bind_int(st, 3, s->capacity);
	db_bind_int(st, 4, s->custom_hours ? 1 : 0);
	db_bind_int(st, 5, at);
	db_bind_text(st, 6, by, SIZE_MAX);
	enum mc_err err = db_run(st);
	if (!err && !(st = db_prepare(db, SQL_DEL_HOURS)))
		err = MC_EDB;
	if (!err) {
		db_bind_text(st, 1, point, SIZE_MAX);
		err = db_run(st);
	}
	for (size_t i = 0; !err && i < s->nperiods; i++) {
		if (!(st = db_prepare(db, SQL_ADD_HOURS)))
			return MC_EDB;
		db_bind_text(st, 1, point, SIZE_MAX);
		db_bind_int(st, 2, s->periods[i].weekday);
		db_bind_int(st, 3, s->periods[i].start);
		db_bind_int(st, 4, s->periods[i].end);
		err = db_run(st);
	}
	return err;
}

static const char SQL_COUNTS[] = "SELECT start_at, booked FROM booking_slots WHERE point_code = $1 "
				 "AND start_at >= $2 AND start_at < $3 ORDER BY start_at";

enum mc_err bstore_slot_counts(struct db *db, const char *point, int64_t from, int64_t to,
			       void (*fn)(int64_t start, int64_t booked, void *arg), void *arg)
{
	bool row;
	enum mc_err err;
	struct db_stmt *st = db_prepare(db, SQL_COUNTS);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, point, SIZE_MAX);
	db_bind_int(st, 2, from);
	db_bind_int(st, 3, to);
	while (!(err = db_step(st, &row)) && row)
		fn(db_col_int(st, 0), db_col_int(st, 1), arg);
	return err;
}

/* The row is created with one place taken, or gains one while fewer than $3 are taken: the check
 * and the write are one statement on the row, so no two bookings can both pass it. */
static const char SQL_TAKE[] =
	"INSERT INTO booking_slots (point_code, start_at, booked) VALUES ($1, $2, 1) "
	"ON CONFLICT (point_code, start_at) DO UPDATE SET booked = booking_slots.booked + 1 "
	"WHERE booking_slots.booked < $3 RETURNING booked";

enum mc_err bstore_take_place(struct db *db, const char *point, int64_t start, int64_t capacity)
{
	bool row;
	if (capacity < 1)
		return MC_ECONFLICT;
	struct db_stmt *st = db_prepare(db, SQL_TAKE);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, point, SIZE_MAX);
	db_bind_int(st, 2, start);
	db_bind_int(st, 3, capacity);
	enum mc_err err = db_step(st, &row);
	if (err)
		return err;
	err = db_run(st);
	return err ? err : row ? MC_OK : MC_ECONFLICT;
}

static const char SQL_FREE[] = "UPDATE booking_slots SET booked = booked - 1 WHERE point_code = $1 "
			       "AND start_at = $2 AND booked > 0";

enum mc_err bstore_free_place(struct db *db, const char *point, int64_t start)
{
	struct db_stmt *st = db_prepare(db, SQL_FREE);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, point, SIZE_MAX);
	db_bind_int(st, 2, start);
	return db_run(st);
}

static const char SQL_HOLD[] =
	"INSERT INTO booking_holders (id_number, touched_at) VALUES ($1, $2) "
	"ON CONFLICT (id_number) DO UPDATE SET touched_at = excluded.touched_at";
static const char SQL_ACTIVE[] = "SELECT count(*) FROM bookings WHERE id_number = $1 "
				 "AND status = 'booked' AND end_at > $2";

enum mc_err bstore_hold(struct db *db, const char *id_number, int64_t now, int64_t *active)
{
	struct db_stmt *st = db_prepare(db, SQL_HOLD);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, id_number, SIZE_MAX);
	db_bind_int(st, 2, now);
	enum mc_err err = db_run(st);
	if (err)
		return err;
	if (!(st = db_prepare(db, SQL_ACTIVE)))
		return MC_EDB;
	db_bind_text(st, 1, id_number, SIZE_MAX);
	db_bind_int(st, 2, now);
	if ((err = db_step_one(st)))
		return err;
	*active = db_col_int(st, 0);
	return db_run(st);
}

static const char SQL_INSERT[] =
	"INSERT INTO bookings (code, point_code, procedure_code, start_at, end_at, name, id_number, "
	"phone, email, status, booked_by, created_at, service_group) VALUES ($1, $2, $3, $4, $5, $6, "
	"$7, $8, $9, 'booked', $10, $11, $12) RETURNING id";

enum mc_err bstore_insert(struct db *db, struct booking *b)
{
	struct db_stmt *st = db_prepare_insert(db, SQL_INSERT);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, b->code, SIZE_MAX);
	db_bind_text(st, 2, b->point, SIZE_MAX);
	db_bind_text(st, 3, b->procedure, SIZE_MAX);
	db_bind_int(st, 4, b->start_at);
	db_bind_int(st, 5, b->end_at);
	db_bind_text(st, 6, b->name, SIZE_MAX);
	db_bind_text(st, 7, b->id_number, SIZE_MAX);
	db_bind_text(st, 8, b->phone, SIZE_MAX);
	db_bind_text(st, 9, b->email[0] ? b->email : NULL, SIZE_MAX);
	db_bind_text(st, 10, b->booked_by[0] ? b->booked_by : NULL, SIZE_MAX);
	db_bind_int(st, 11, b->created_at);
	db_bind_text(st, 12, b->service_group[0] ? b->service_group : NULL, SIZE_MAX);
	return db_insert_id(st, &b->id);
}

#define BOOKING_COLUMNS                                                                            \
	"id, code, point_code, procedure_code, start_at, end_at, name, id_number, phone, email, "  \
	"status, booked_by, created_at, changed_at, service_group "

static void read_booking(struct db_stmt *st, struct booking *b)
{
	memset(b, 0, sizeof(*b));
	b->id = db_col_int(st, 0);
	db_col_copy(st, 1, b->code, sizeof(b->code));
	db_col_copy(st, 2, b->point, sizeof(b->point));
	db_col_copy(st, 3, b->procedure, sizeof(b->procedure));
	b->start_at = db_col_int(st, 4);
	b->end_at = db_col_int(st, 5);
	db_col_copy(st, 6, b->name, sizeof(b->name));
	db_col_copy(st, 7, b->id_number, sizeof(b->id_number));
	db_col_copy(st, 8, b->phone, sizeof(b->phone));
	db_col_copy(st, 9, b->email, sizeof(b->email));
	db_col_copy(st, 10, b->status, sizeof(b->status));
	db_col_copy(st, 11, b->booked_by, sizeof(b->booked_by));
	b->created_at = db_col_int(st, 12);
	b->changed_at = db_col_int0(st, 13);
	db_col_copy(st, 14, b->service_group, sizeof(b->service_group));
}

static const char SQL_GET[] = "SELECT " BOOKING_COLUMNS "FROM bookings WHERE code = $1";

enum mc_err bstore_get(struct db *db, const char *code, struct booking *out)
{
	struct db_stmt *st = db_prepare(db, SQL_GET);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, code, SIZE_MAX);
	enum mc_err err = db_step_one(st);
	if (err)
		return err;
	read_booking(st, out);
	return db_run(st);
}

static const char SQL_STATUS[] = "UPDATE bookings SET status = $3, changed_at = $4, changed_by = $5 "
				 "WHERE id = $1 AND status = $2";

enum mc_err bstore_set_status(struct db *db, int64_t id, const char *from, const char *to,
			      int64_t at, const char *by)
{
	struct db_stmt *st = db_prepare(db, SQL_STATUS);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, from, SIZE_MAX);
	db_bind_text(st, 3, to, SIZE_MAX);
	db_bind_int(st, 4, at);
	db_bind_text(st, 5, by, SIZE_MAX);
	enum mc_err err = db_run(st);
	if (!err && db_changes(db) != 1)
		err = MC_ECONFLICT;
	return err;
}

static const char SQL_LIST[] = "SELECT " BOOKING_COLUMNS "FROM bookings WHERE point_code = $1 "
			       "AND start_at >= $2 AND start_at < $3 ORDER BY start_at, code";

enum mc_err bstore_list(struct db *db, const char *point, int64_t from, int64_t to,
			void (*fn)(const struct booking *b, void *arg), void *arg)
{
	bool row;
	enum mc_err err;
	struct booking b;
	struct db_stmt *st = db_prepare(db, SQL_LIST);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, point, SIZE_MAX);
	db_bind_int(st, 2, from);
	db_bind_int(st, 3, to);
	while (!(err = db_step(st, &row)) && row) {
		read_booking(st, &b);
		fn(&b, arg);
	}
	return err;
}
