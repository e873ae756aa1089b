/* Calendar use cases and the shared day table. Effective days of a year = base list (official if
 * loaded, else computed) with overrides laid over it; an override wins whatever the base says. */
#include "base/base.h"

#include <jansson.h>

#include "base/civil.h"
#include "base/embed.h"
#include "base/log.h"
#include "store/calendar_store.h"
#include "svc/audit.h"
#include "svc/calendar.h"
#include "svc/dossiers.h"
#include "svc/perm.h"

const char *cal_source_name(enum cal_source s)
{
	return s == CAL_OFFICIAL ? "official" : s == CAL_OVERRIDE ? "override" : "computed";
}

void cal_cache_init(struct cal_cache *c)
{
	memset(c, 0, sizeof(*c));
	pthread_rwlock_init(&c->lock, NULL);
	wc_calendar_init(&c->cal);
}

void cal_cache_release(struct cal_cache *c)
{
	wc_calendar_release(&c->cal);
	pthread_rwlock_destroy(&c->lock);
}

static bool year_ok(int year);
static int year_of(int64_t day);
static enum mc_err cache_ensure(struct svc_ctx *ctx, int y0, int y1);

enum mc_err calendar_add_seconds(struct svc_ctx *ctx, int64_t from, int64_t seconds, int64_t *out)
{
	int y0 = year_of(civil_local_day(from));
	int y1 = y0 + 1 + (int)(seconds / (28800 * 200));
	if (!year_ok(y0) || y1 > CAL_LAST_YEAR)
		return MC_EINVAL;
	enum mc_err err = cache_ensure(ctx, y0, y1);
	if (err)
		return err;
	struct cal_cache *c = &ctx->state->calendar;
	pthread_rwlock_rdlock(&c->lock);
	err = wc_add_seconds(&c->cal, from, seconds, out);
	pthread_rwlock_unlock(&c->lock);
	return err;
}

enum mc_err calendar_between(struct svc_ctx *ctx, int64_t a, int64_t b, int64_t *out)
{
	if (b <= a) {
		*out = 0;
		return MC_OK;
	}
	int y0 = year_of(civil_local_day(a)), y1 = year_of(civil_local_day(b));
	if (!year_ok(y0) || !year_ok(y1))
		return MC_EINVAL;
	enum mc_err err = cache_ensure(ctx, y0, y1);
	if (err)
		return err;
	struct cal_cache *c = &ctx->state->calendar;
	pthread_rwlock_rdlock(&c->lock);
	*out = wc_between(&c->cal, a, b);
	pthread_rwlock_unlock(&c->lock);
	return MC_OK;
}

enum mc_err calendar_version(struct svc_ctx *ctx, int year, int64_t *version)
{
	struct cal_year_row yr;
	enum mc_err err = calstore_year(ctx->db, year, &yr);
	if (!err)
		*version = yr.version;
	return err;
}

static bool year_ok(int year)
{
	return year >= CAL_FIRST_YEAR && year <= CAL_LAST_YEAR;
}

static int year_of(int64_t day)
{
	int y, m, d;
	civil_ymd(day, &y, &m, &d);
	return y;
}

/* Lays one day over a sorted list, replacing a day of the same date. */
static void lay_over(struct cal_day *out, size_t cap, size_t *n, const struct hol_day *d,
		     enum cal_source source)
{
	size_t i = 0;
	while (i < *n && out[i].d.day < d->day)
		i++;
	if (i < *n && out[i].d.day == d->day) {
		out[i].d = *d;
		out[i].source = source;
		return;
	}
	if (*n == cap)
		return;
	memmove(&out[i + 1], &out[i], (*n - i) * sizeof(*out));
	out[i].d = *d;
	out[i].source = source;
	(*n)++;
}

/* Reads a year's effective days from the database (no permission check). */
static enum mc_err effective_days(struct db *db, int year, struct cal_day *out, size_t cap,
				  size_t *n, int64_t *version)
{
	struct hol_day base[CAL_MAX_DAYS], over[CAL_OVERRIDES_MAX];
	struct cal_year_row yr;
	size_t nbase = 0, nover = 0;
	enum mc_err err = calstore_year(db, year, &yr);
	if (err)
		return err;
	if (yr.official)
		err = calstore_official(db, year, base, MC_ARRAY_LEN(base), &nbase);
	else
		err = hol_defaults(year, base, MC_ARRAY_LEN(base), &nbase);
	if (!err)
		err = calstore_overrides(db, year, over, MC_ARRAY_LEN(over), &nover);
	if (err)
		return err;
	*n = 0;
	for (size_t i = 0; i < nbase; i++)
		lay_over(out, cap, n, &base[i], yr.official ? CAL_OFFICIAL : CAL_COMPUTED);
	for (size_t i = 0; i < nover; i++)
		lay_over(out, cap, n, &over[i], CAL_OVERRIDE);
	*version = yr.version;
	return MC_OK;
}

enum mc_err calendar_year(struct svc_ctx *ctx, int year, struct cal_day *out, size_t cap,
			  size_t *n, int64_t *version)
{
	if (!year_ok(year)) {
		problem_add(ctx->problem, "year", "must be from 1901 to 2100",
			    "năm phải từ 1901 đến 2100");
		return MC_EINVAL;
	}
	return effective_days(ctx->db, year, out, cap, n, version);
}

/* Loads the years [y0, y1] into the shared table when missing. */
static enum mc_err cache_ensure(struct svc_ctx *ctx, int y0, int y1)
{
	struct cal_cache *c = &ctx->state->calendar;
	struct cal_day days[CAL_MAX_DAYS + CAL_OVERRIDES_MAX];
	bool missing = false;
	pthread_rwlock_rdlock(&c->lock);
	for (int y = y0; y <= y1; y++)
		missing |= !c->loaded[y - CAL_FIRST_YEAR];
	pthread_rwlock_unlock(&c->lock);
	if (!missing)
		return MC_OK;
	enum mc_err err = MC_OK;
	pthread_rwlock_wrlock(&c->lock);
	for (int y = y0; !err && y <= y1; y++) {
		size_t n = 0;
		int64_t version;
		if (c->loaded[y - CAL_FIRST_YEAR])
			continue;
		err = effective_days(ctx->db, y, days, MC_ARRAY_LEN(days), &n, &version);
		if (!err)
			err = wc_calendar_reset_year(&c->cal, y);
		for (size_t i = 0; !err && i < n; i++)
			err = wc_calendar_set_day(&c->cal, days[i].d.day, days[i].d.working);
		if (!err)
			c->loaded[y - CAL_FIRST_YEAR] = true;
	}
	pthread_rwlock_unlock(&c->lock);
	return err;
}

static void cache_forget(struct svc_ctx *ctx, int year)
{
	struct cal_cache *c = &ctx->state->calendar;
	pthread_rwlock_wrlock(&c->lock);
	c->loaded[year - CAL_FIRST_YEAR] = false;
	pthread_rwlock_unlock(&c->lock);
}

enum mc_err calendar_due(struct svc_ctx *ctx, int64_t from, int64_t value, enum wc_unit unit,
			 int64_t *due)
{
	int y0 = year_of(civil_local_day(from));
	/* A duration of N working days spans at most about N * 7 / 5 days plus the holidays. */
	int64_t span_days = unit == WC_WORKING_HOURS ? value / 8 : value;
	int y1 = y0 + 1 + (int)(span_days / 200);
	if (value < 0 || value > WC_MAX_VALUE) {
		problem_add(ctx->problem, "value", "must be an integer from 0 to 1000000",
			    "phải là số nguyên từ 0 đến 1000000");
		return MC_EINVAL;
	}
	if (unit == WC_SAME_DAY && value != 1) {
		problem_add(ctx->problem, "value", "must be 1 for same_day", "phải bằng 1 với same_day");
		return MC_EINVAL;
	}
	if (!year_ok(y0) || y1 > CAL_LAST_YEAR) {
		problem_add(ctx->problem, "from", "lies outside the supported years 1901-2100",
			    "nằm ngoài các năm được hỗ trợ (1901-2100)");
		return MC_EINVAL;
	}
	enum mc_err err = cache_ensure(ctx, y0, y1);
	if (err)
		return err;
	struct cal_cache *c = &ctx->state->calendar;
	pthread_rwlock_rdlock(&c->lock);
	err = wc_add(&c->cal, from, value, unit, due);
	pthread_rwlock_unlock(&c->lock);
	if (err == MC_EINVAL)
		problem_add(ctx->problem, "value", "gives a due time outside the supported years",
			    "thời hạn vượt ra ngoài các năm được hỗ trợ");
	return err;
}

static enum mc_err check_change(struct svc_ctx *ctx, int64_t day)
{
	enum mc_err err = perm_admin(ctx);
	if (err)
		return err;
	if (!year_ok(year_of(day))) {
		problem_add(ctx->problem, "date", "must be in the years 1901-2100",
			    "ngày phải thuộc các năm 1901-2100");
		return MC_EINVAL;
	}
	if (day < civil_local_day(ctx->now)) {
		problem_detail(ctx->problem, "a day before today cannot change",
			       "không thể thay đổi ngày đã qua");
		return MC_ECONFLICT;
	}
	return MC_OK;
}

/* Bumps the year's version and logs the change; open dossiers touched by the change get their
 * due times recomputed here once dossiers exist (issue 4). */
static enum mc_err record_change(struct svc_ctx *ctx, int year, const char *action,
				 const char *entity, const char *detail, int64_t *version)
{
	struct cal_year_row yr;
	enum mc_err err = calstore_touch_year(ctx->db, year, false, true, ctx->real_now);
	if (!err)
		err = audit_append(ctx, NULL, action, entity, detail);
	if (!err)
		err = calstore_year(ctx->db, year, &yr);
	if (!err)
		*version = yr.version;
	return err;
}

/* Inside the change's transaction: the shared table forgets the year (so that it reloads with the
 * uncommitted change, seen by this connection), then open dossiers spanning the day move. The
 * caller forgets the year again after commit or rollback. */
static enum mc_err recompute_after(struct svc_ctx *ctx, int64_t day, int year, const char *date,
				   int64_t version)
{
	size_t changed = 0;
	cache_forget(ctx, year);
	char *why = arena_printf(ctx->arena, "calendar %d version %lld changed %s", year,
				 (long long)version, date);
	return dossier_recompute_day(ctx, day, why, &changed);
}

/* An override set (put) or removed (put NULL), with its event and the deadlines it moves. */
struct override_change {
	const struct hol_day *put;
	int64_t day;
	int year;
	const char *date, *action, *detail;
	int64_t *version; /* the year's new version */
};

static enum mc_err override_tx(struct svc_ctx *ctx, void *arg)
{
	struct override_change *c = arg;
	enum mc_err err = c->put ? calstore_override_put(ctx->db, c->year, c->put, ctx->real_now,
							 ctx->user->username)
				 : calstore_override_delete(ctx->db, c->day);
	if (!err)
		err = record_change(ctx, c->year, c->action,
				    arena_printf(ctx->arena, "calendar:%s", c->date), c->detail,
				    c->version);
	if (!err)
		err = recompute_after(ctx, c->day, c->year, c->date, *c->version);
	return err;
}

enum mc_err calendar_override(struct svc_ctx *ctx, int64_t day, bool working, const char *name,
			      int64_t *version)
{
	struct hol_day d;
	char date[16];
	enum mc_err err = check_change(ctx, day);
	if (err)
		return err;
	memset(&d, 0, sizeof(d));
	d.day = day;
	d.working = working;
	snprintf(d.name, sizeof(d.name), "%s", name);
	civil_format_date(day, date);
	int year = year_of(day);
	json_t *detail = json_pack("{s:s, s:s, s:s}", "date", date, "kind", working ? "working" : "off",
				   "name", d.name);
	char *text = json_dumps(detail, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(detail);
	struct override_change c = {&d, day, year, date, "calendar_override", text, version};
	err = svc_write(ctx, override_tx, &c);
	free(text);
	cache_forget(ctx, year);
	return err;
}

enum mc_err calendar_override_delete(struct svc_ctx *ctx, int64_t day, int64_t *version)
{
	char date[16];
	enum mc_err err = check_change(ctx, day);
	if (err)
		return err;
	civil_format_date(day, date);
	int year = year_of(day);
	struct override_change c = {NULL, day, year, date, "calendar_override_delete",
				    "{}", version};
	err = svc_write(ctx, override_tx, &c);
	cache_forget(ctx, year);
	return err;
}

enum mc_err calendar_seed_official(struct db *db, int64_t now, size_t *ndays)
{
	struct hol_day days[256];
	size_t n = 0, bad = 0;
	const struct embed_file *f = embed_find("data/official_days_2025_2026.csv");
	if (!f)
		return MC_EINTERNAL;
	enum mc_err err = hol_parse_official_csv((const char *)f->data, f->size, days,
						 MC_ARRAY_LEN(days), &n, &bad);
	if (err) {
		log_error("bad official days line %zu", bad);
		return err;
	}
	for (size_t i = 0; !err && i < n; i++) {
		int year = year_of(days[i].day);
		err = calstore_official_put(db, year, &days[i]);
		if (!err)
			err = calstore_touch_year(db, year, true, false, now);
	}
	if (!err)
		err = audit_append_as(db, now, "system", NULL, "calendar_load_official", "calendar",
				      "{\"source\":\"data/official_days_2025_2026.csv\"}");
	*ndays = n;
	return err;
}
