/* SQL for calendar_years, calendar_official and calendar_overrides. */
#include "base/base.h"

#include "store/calendar_store.h"

static const char SQL_YEAR[] = "SELECT version, official FROM calendar_years WHERE year = $1";

enum mc_err calstore_year(struct db *db, int year, struct cal_year_row *out)
{
	bool row;
	struct db_stmt *st = db_prepare(db, SQL_YEAR);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, year);
	enum mc_err err = db_step(st, &row);
	if (err)
		return err;
	out->year = year;
	out->version = row ? db_col_int(st, 0) : 1;
	out->official = row ? db_col_int(st, 1) != 0 : false;
	return db_run(st);
}

static const char SQL_TOUCH[] =
	"INSERT INTO calendar_years (year, version, official, updated_at) VALUES ($1, 1 + $4, $2, $3) "
	"ON CONFLICT (year) DO UPDATE SET version = calendar_years.version + $4, "
	"official = max(calendar_years.official, excluded.official), updated_at = excluded.updated_at";

enum mc_err calstore_touch_year(struct db *db, int year, bool official, bool bump, int64_t now)
{
	struct db_stmt *st = db_prepare(db, SQL_TOUCH);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, year);
	db_bind_int(st, 2, official ? 1 : 0);
	db_bind_int(st, 3, now);
	db_bind_int(st, 4, bump ? 1 : 0);
	return db_run(st);
}

static const char SQL_OFFICIAL_PUT[] =
	"INSERT INTO calendar_official (day, year, working, name, status) "
	"VALUES ($1, $2, $3, $4, $5) ON CONFLICT (day) DO UPDATE SET year = excluded.year, "
	"working = excluded.working, name = excluded.name, status = excluded.status";

enum mc_err calstore_official_put(struct db *db, int year, const struct hol_day *d)
{
	char status[2] = {d->status ? d->status : 'C', '\0'};
	struct db_stmt *st = db_prepare(db, SQL_OFFICIAL_PUT);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, d->day);
	db_bind_int(st, 2, year);
	db_bind_int(st, 3, d->working ? 1 : 0);
	db_bind_text(st, 4, d->name, SIZE_MAX);
	db_bind_text(st, 5, status, 1);
	return db_run(st);
}

static enum mc_err read_days(struct db_stmt *st, struct hol_day *out, size_t cap, size_t *n)
{
	bool row;
	enum mc_err err;
	*n = 0;
	while (!(err = db_step(st, &row)) && row) {
		if (*n == cap)
			return MC_ETOOBIG;
		struct hol_day *d = &out[(*n)++];
		memset(d, 0, sizeof(*d));
		d->day = db_col_int(st, 0);
		d->working = db_col_int(st, 1) != 0;
		const char *name = db_col_text(st, 2);
		snprintf(d->name, sizeof(d->name), "%s", name ? name : "");
		const char *status = db_col_text(st, 3);
		d->status = status && *status ? status[0] : 0;
	}
	return err;
}

static const char SQL_OFFICIAL[] =
	"SELECT day, working, name, status FROM calendar_official WHERE year = $1 ORDER BY day";

enum mc_err calstore_official(struct db *db, int year, struct hol_day *out, size_t cap, size_t *n)
{
	struct db_stmt *st = db_prepare(db, SQL_OFFICIAL);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, year);
	return read_days(st, out, cap, n);
}

static const char SQL_OVERRIDE_PUT[] =
	"INSERT INTO calendar_overrides (day, year, working, name, created_at, created_by) "
	"VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (day) DO UPDATE SET year = excluded.year, "
	"working = excluded.working, name = excluded.name, created_at = excluded.created_at, "
	"created_by = excluded.created_by";

enum mc_err calstore_override_put(struct db *db, int year, const struct hol_day *d, int64_t now,
				  const char *by)
{
	struct db_stmt *st = db_prepare(db, SQL_OVERRIDE_PUT);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, d->day);
	db_bind_int(st, 2, year);
	db_bind_int(st, 3, d->working ? 1 : 0);
	db_bind_text(st, 4, d->name, SIZE_MAX);
	db_bind_int(st, 5, now);
	db_bind_text(st, 6, by, SIZE_MAX);
	return db_run(st);
}

static const char SQL_OVERRIDE_DELETE[] = "DELETE FROM calendar_overrides WHERE day = $1";

enum mc_err calstore_override_delete(struct db *db, int64_t day)
{
	struct db_stmt *st = db_prepare(db, SQL_OVERRIDE_DELETE);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, day);
	enum mc_err err = db_run(st);
	if (!err && db_changes(db) == 0)
		err = MC_ENOTFOUND;
	return err;
}

static const char SQL_OVERRIDES[] =
	"SELECT day, working, name, NULL FROM calendar_overrides WHERE year = $1 ORDER BY day";

enum mc_err calstore_overrides(struct db *db, int year, struct hol_day *out, size_t cap,
			       size_t *n)
{
	struct db_stmt *st = db_prepare(db, SQL_OVERRIDES);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, year);
	return read_days(st, out, cap, n);
}
