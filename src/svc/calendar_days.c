/* The working-day table every due time is computed on: each year's effective days (the official
 * list when loaded, else the computed defaults, then the administrators' overrides) laid into the
 * shared struct cal_cache on first use, and the arithmetic of due times and working seconds on it.
 * The use cases that change the calendar (and move the dossiers it touches) are in calendar.c,
 * above this module and the dossier modules that use it. */
#include "base/base.h"

#include "base/civil.h"
#include "store/calendar_store.h"
#include "svc/calendar_days.h"

void cal_cache_init(struct cal_cache *c)
{
	memset(c, 0, sizeof(*c));
	pthread_rwlock_init(&c->lock, NULL);
	wc_calendar_init(&c->cal);
	cache_gen_init(&c->gen);
}

void cal_cache_release(struct cal_cache *c)
{
	wc_calendar_release(&c->cal);
	pthread_rwlock_destroy(&c->lock);
}

uint64_t cal_cache_stamp(struct cal_cache *c)
{
	return cache_gen_stamp(&c->gen);
}

void cal_cache_change(struct cal_cache *c)
{
	cache_gen_begin(&c->gen);
}

void cal_cache_changed(struct cal_cache *c, int n)
{
	cache_gen_end(&c->gen, n);
}

void cal_cache_changed_elsewhere(struct cal_cache *c)
{
	cache_gen_elsewhere(&c->gen);
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

enum mc_err calendar_days_effective(struct db *db, int year, struct cal_day *out, size_t cap,
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

static bool years_current(const struct cal_cache *c, uint64_t stamp, int y0, int y1)
{
	if (!stamp)
		return false;
	for (int y = y0; y <= y1; y++)
		if (c->kept_at[y - CAL_FIRST_YEAR] != stamp)
			return false;
	return true;
}

/* Returns with the shared table's lock held (release it with pthread_rwlock_unlock) and the years
 * [y0, y1] in the table as this call must see them: the kept years while they are current, else
 * read from the database in the caller's transaction. What was read is kept (for later calls)
 * only under a stamp taken before the caller's snapshot and still current after the read
 * (svc/cache_gen.h); otherwise it serves this call alone, under the write lock, and the next call
 * reads again. So a change in flight, or one that committed after the caller's snapshot, is never
 * kept from a stale read, and a changing transaction sees its own uncommitted days. */
static enum mc_err cal_hold(struct svc_ctx *ctx, int y0, int y1)
{
	struct cal_cache *c = &ctx->state->calendar;
	struct cal_day days[CAL_MAX_DAYS + CAL_OVERRIDES_MAX];
	pthread_rwlock_rdlock(&c->lock);
	if (years_current(c, cal_cache_stamp(c), y0, y1))
		return MC_OK;
	pthread_rwlock_unlock(&c->lock);
	uint64_t keep = ctx->in_tx ? ctx->tx_calendar_stamp : cal_cache_stamp(c);
	enum mc_err err = MC_OK;
	pthread_rwlock_wrlock(&c->lock);
	for (int y = y0; !err && y <= y1; y++) {
		size_t n = 0;
		int64_t version;
		uint64_t now = cal_cache_stamp(c);
		if (now && c->kept_at[y - CAL_FIRST_YEAR] == now)
			continue;
		c->kept_at[y - CAL_FIRST_YEAR] = 0;
		err = calendar_days_effective(ctx->db, y, days, MC_ARRAY_LEN(days), &n, &version);
		if (!err)
			err = wc_calendar_reset_year(&c->cal, y);
		for (size_t i = 0; !err && i < n; i++)
			err = wc_calendar_set_day(&c->cal, days[i].d.day, days[i].d.working);
		if (!err) {
			c->version[y - CAL_FIRST_YEAR] = version;
			if (keep && keep == cal_cache_stamp(c))
				c->kept_at[y - CAL_FIRST_YEAR] = keep;
		}
	}
	if (err)
		pthread_rwlock_unlock(&c->lock);
	return err;
}

enum mc_err calendar_add_seconds(struct svc_ctx *ctx, int64_t from, int64_t seconds, int64_t *out)
{
	int y0 = year_of(civil_local_day(from));
	int y1 = y0 + 1 + (int)(seconds / (28800 * 200));
	if (!year_ok(y0) || y1 > CAL_LAST_YEAR)
		return MC_EINVAL;
	enum mc_err err = cal_hold(ctx, y0, y1);
	if (err)
		return err;
	struct cal_cache *c = &ctx->state->calendar;
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
	enum mc_err err = cal_hold(ctx, y0, y1);
	if (err)
		return err;
	struct cal_cache *c = &ctx->state->calendar;
	*out = wc_between(&c->cal, a, b);
	pthread_rwlock_unlock(&c->lock);
	return MC_OK;
}

int64_t calendar_day_seconds(struct svc_ctx *ctx)
{
	struct cal_cache *c = &ctx->state->calendar;
	pthread_rwlock_rdlock(&c->lock);
	int64_t n = wc_day_seconds(&c->cal);
	pthread_rwlock_unlock(&c->lock);
	return n;
}

enum mc_err calendar_is_working_time(struct svc_ctx *ctx, int64_t t, bool *out)
{
	int64_t before = 0, after = 0;
	enum mc_err err = calendar_between(ctx, t - 1, t, &before);
	if (!err)
		err = calendar_between(ctx, t, t + 1, &after);
	*out = !err && (before == 1 || after == 1);
	return err;
}

enum mc_err calendar_version(struct svc_ctx *ctx, int year, int64_t *version)
{
	struct cal_cache *c = &ctx->state->calendar;
	struct cal_year_row yr;
	/* The version the year in the table was read at (cal_hold: current, or read in the
	 * caller's transaction). */
	if (year_ok(year) && cal_hold(ctx, year, year) == MC_OK) {
		*version = c->version[year - CAL_FIRST_YEAR];
		pthread_rwlock_unlock(&c->lock);
		return MC_OK;
	}
	enum mc_err err = calstore_year(ctx->db, year, &yr);
	if (!err)
		*version = yr.version;
	return err;
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
	enum mc_err err = cal_hold(ctx, y0, y1);
	if (err)
		return err;
	struct cal_cache *c = &ctx->state->calendar;
	err = wc_add(&c->cal, from, value, unit, due);
	pthread_rwlock_unlock(&c->lock);
	if (err == MC_EINVAL)
		problem_add(ctx->problem, "value", "gives a due time outside the supported years",
			    "thời hạn vượt ra ngoài các năm được hỗ trợ");
	return err;
}
