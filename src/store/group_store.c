/* SQL for service_groups, service_group_fields, service_group_counters and booking_group_slots. */
#include "base/base.h"

#include "store/group_store.h"

static const char SQL_GROUPS[] = "SELECT position, name, capacity FROM service_groups "
				 "WHERE point_code = $1 ORDER BY position";
static const char SQL_FIELDS[] = "SELECT position, field, field_key FROM service_group_fields "
				 "WHERE point_code = $1 ORDER BY position, field_key";
static const char SQL_COUNTERS[] = "SELECT position, counter FROM service_group_counters "
				   "WHERE point_code = $1 ORDER BY position, counter";

static struct sgroup *at_position(struct sgroups *gs, int64_t pos)
{
	return pos >= 1 && (size_t)pos <= gs->n ? &gs->items[pos - 1] : NULL;
}

enum mc_err gstore_load(struct db *db, struct arena *a, const char *point, struct sgroups *out)
{
	bool row;
	enum mc_err err;
	out->n = 0;
	struct db_stmt *st = db_prepare(db, SQL_GROUPS);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, point, SIZE_MAX);
	while (!(err = db_step(st, &row)) && row) {
		if (out->n == SGROUP_MAX)
			continue;
		struct sgroup *g = &out->items[out->n++];
		memset(g, 0, sizeof(*g));
		g->name = arena_strdup(a, db_col_text(st, 1));
		g->capacity = db_col_null(st, 2) ? -1 : (int)db_col_int(st, 2);
		g->fields = arena_alloc(a, SGROUP_FIELDS_MAX * sizeof(*g->fields));
		g->keys = arena_alloc(a, SGROUP_FIELDS_MAX * sizeof(*g->keys));
		g->counters = arena_alloc(a, SGROUP_COUNTERS_MAX * sizeof(*g->counters));
		if (!g->name || !g->fields || !g->keys || !g->counters)
			err = MC_ETOOBIG;
	}
	if (err)
		return err;
	if (!(st = db_prepare(db, SQL_FIELDS)))
		return MC_EDB;
	db_bind_text(st, 1, point, SIZE_MAX);
	while (!(err = db_step(st, &row)) && row) {
		struct sgroup *g = at_position(out, db_col_int(st, 0));
		if (!g || g->nfields == SGROUP_FIELDS_MAX)
			continue;
		g->fields[g->nfields] = arena_strdup(a, db_col_text(st, 1));
		g->keys[g->nfields++] = arena_strdup(a, db_col_text(st, 2));
	}
	if (err)
		return err;
	if (!(st = db_prepare(db, SQL_COUNTERS)))
		return MC_EDB;
	db_bind_text(st, 1, point, SIZE_MAX);
	while (!(err = db_step(st, &row)) && row) {
		struct sgroup *g = at_position(out, db_col_int(st, 0));
		if (g && g->ncounters < SGROUP_COUNTERS_MAX)
			g->counters[g->ncounters++] = (int)db_col_int(st, 1);
	}
	return err;
}

static const char SQL_DEL_FIELDS[] = "DELETE FROM service_group_fields WHERE point_code = $1";
static const char SQL_DEL_COUNTERS[] = "DELETE FROM service_group_counters WHERE point_code = $1";
static const char SQL_DEL_GROUPS[] = "DELETE FROM service_groups WHERE point_code = $1";
static const char SQL_ADD_GROUP[] =
	"INSERT INTO service_groups (point_code, position, name, capacity, updated_at, updated_by) "
	"VALUES ($1, $2, $3, $4, $5, $6)";
static const char SQL_ADD_FIELD[] = "INSERT INTO service_group_fields (point_code, position, "
				    "field, field_key) VALUES ($1, $2, $3, $4)";
static const char SQL_ADD_COUNTER[] = "INSERT INTO service_group_counters (point_code, position, "
				      "counter) VALUES ($1, $2, $3)";

static enum mc_err delete_all(struct db *db, const char *sql, const char *point)
{
	struct db_stmt *st = db_prepare(db, sql);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, point, SIZE_MAX);
	return db_run(st);
}

static enum mc_err add_group(struct db *db, const char *point, int64_t pos, const struct sgroup *g,
			     int64_t at, const char *by)
{
	struct db_stmt *st = db_prepare(db, SQL_ADD_GROUP);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, point, SIZE_MAX);
	db_bind_int(st, 2, pos);
	db_bind_text(st, 3, g->name, SIZE_MAX);
	if (g->capacity >= 0)
		db_bind_int(st, 4, g->capacity);
	else
		db_bind_null(st, 4);
	db_bind_int(st, 5, at);
	db_bind_text(st, 6, by, SIZE_MAX);
	enum mc_err err = db_run(st);
	for (size_t i = 0; !err && i < g->nfields; i++) {
		if (!(st = db_prepare(db, SQL_ADD_FIELD)))
			return MC_EDB;
		db_bind_text(st, 1, point, SIZE_MAX);
		db_bind_int(st, 2, pos);
		db_bind_text(st, 3, g->fields[i], SIZE_MAX);
		db_bind_text(st, 4, g->keys[i], SIZE_MAX);
		err = db_run(st);
	}
	for (size_t i = 0; !err && i < g->ncounters; i++) {
		if (!(st = db_prepare(db, SQL_ADD_COUNTER)))
			return MC_EDB;
		db_bind_text(st, 1, point, SIZE_MAX);
		db_bind_int(st, 2, pos);
		db_bind_int(st, 3, g->counters[i]);
		err = db_run(st);
	}
	return err;
}

enum mc_err gstore_replace(struct db *db, const char *point, const struct sgroups *gs, int64_t at,
			   const char *by)
{
	enum mc_err err = delete_all(db, SQL_DEL_FIELDS, point);
	if (!err)
		err = delete_all(db, SQL_DEL_COUNTERS, point);
	if (!err)
		err = delete_all(db, SQL_DEL_GROUPS, point);
	for (size_t i = 0; !err && i < gs->n; i++)
		err = add_group(db, point, (int64_t)i + 1, &gs->items[i], at, by);
	return err;
}

static const char SQL_FIELD[] = "SELECT field FROM procedures WHERE field_key = $1 "
				"ORDER BY code, version DESC LIMIT 1";

enum mc_err gstore_field(struct db *db, const char *key, char *out, size_t size)
{
	struct db_stmt *st = db_prepare(db, SQL_FIELD);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, key, SIZE_MAX);
	enum mc_err err = db_step_one(st);
	if (err)
		return err;
	db_col_copy(st, 0, out, size);
	return db_run(st);
}

static const char SQL_COUNTS[] = "SELECT start_at, booked FROM booking_group_slots "
				 "WHERE point_code = $1 AND group_name = $2 AND start_at >= $3 "
				 "AND start_at < $4 ORDER BY start_at";
static const char SQL_TOTALS[] = "SELECT start_at, sum(booked) FROM booking_group_slots "
				 "WHERE point_code = $1 AND start_at >= $2 AND start_at < $3 "
				 "GROUP BY start_at ORDER BY start_at";

static enum mc_err each_count(struct db_stmt *st, void (*fn)(int64_t, int64_t, void *), void *arg)
{
	bool row;
	enum mc_err err;
	while (!(err = db_step(st, &row)) && row)
		fn(db_col_int(st, 0), db_col_int(st, 1), arg);
	return err;
}

enum mc_err gstore_slot_counts(struct db *db, const char *point, const char *group, int64_t from,
			       int64_t to, void (*fn)(int64_t start, int64_t booked, void *arg),
			       void *arg)
{
	struct db_stmt *st = db_prepare(db, SQL_COUNTS);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, point, SIZE_MAX);
	db_bind_text(st, 2, group, SIZE_MAX);
	db_bind_int(st, 3, from);
	db_bind_int(st, 4, to);
	return each_count(st, fn, arg);
}

enum mc_err gstore_slot_totals(struct db *db, const char *point, int64_t from, int64_t to,
			       void (*fn)(int64_t start, int64_t booked, void *arg), void *arg)
{
	struct db_stmt *st = db_prepare(db, SQL_TOTALS);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, point, SIZE_MAX);
	db_bind_int(st, 2, from);
	db_bind_int(st, 3, to);
	return each_count(st, fn, arg);
}

/* As booking_slots' SQL_TAKE (store/booking_store.c), on the group's row. */
static const char SQL_TAKE[] =
	"INSERT INTO booking_group_slots (point_code, group_name, start_at, booked) "
	"VALUES ($1, $2, $3, 1) ON CONFLICT (point_code, group_name, start_at) DO UPDATE "
	"SET booked = booking_group_slots.booked + 1 WHERE booking_group_slots.booked < $4 "
	"RETURNING booked";

enum mc_err gstore_take_place(struct db *db, const char *point, const char *group, int64_t start,
			      int64_t capacity)
{
	bool row;
	if (capacity < 1)
		return MC_ECONFLICT;
	struct db_stmt *st = db_prepare(db, SQL_TAKE);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, point, SIZE_MAX);
	db_bind_text(st, 2, group, SIZE_MAX);
	db_bind_int(st, 3, start);
	db_bind_int(st, 4, capacity);
	enum mc_err err = db_step(st, &row);
	if (err)
		return err;
	err = db_run(st);
	return err ? err : row ? MC_OK : MC_ECONFLICT;
}

static const char SQL_FREE[] = "UPDATE booking_group_slots SET booked = booked - 1 "
			       "WHERE point_code = $1 AND group_name = $2 AND start_at = $3 "
			       "AND booked > 0";

enum mc_err gstore_free_place(struct db *db, const char *point, const char *group, int64_t start)
{
	struct db_stmt *st = db_prepare(db, SQL_FREE);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, point, SIZE_MAX);
	db_bind_text(st, 2, group, SIZE_MAX);
	db_bind_int(st, 3, start);
	return db_run(st);
}
