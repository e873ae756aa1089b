/* Calendar use cases: a year's effective days, overrides (which move the open dossiers they touch,
 * svc/dossiers.h) and the official lists. The shared day table is svc/calendar_days.c's. */
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
#include "store/db.h"

const char *cal_source_name(enum cal_source s)
{
	return s == CAL_OFFICIAL ? "official" : s == CAL_OVERRIDE ? "override" : "computed";
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

enum mc_err calendar_year(struct svc_ctx *ctx, int year, struct cal_day *out, size_t cap,
			  size_t *n, int64_t *version)
{
	if (!year_ok(year)) {
		problem_add(ctx->problem, "year", "must be from 1901 to 2100",
			    "năm phải từ 1901 đến 2100");
		return MC_EINVAL;
	}
	return calendar_days_effective(ctx->db, year, out, cap, n, version);
}

static void calendar_changed(void *cache, int n)
{
	cal_cache_changed(cache, n);
}

/* Inside a change's transaction, before it writes: the shared table keeps nothing until the
 * transaction ends (this one reads its own uncommitted days), and the other instances on the same
 * database move their generation once it commits. */
static enum mc_err change_begin(struct svc_ctx *ctx, int year)
{
	cal_cache_change(&ctx->state->calendar);
	db_on_tx_end(ctx->db, calendar_changed, &ctx->state->calendar);
	return db_notify(ctx->db, SVC_CHANNEL, arena_printf(ctx->arena, "k:%d", year));
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

/* Inside the change's transaction: open dossiers spanning the day move, on the calendar as this
 * transaction sees it (change_begin). */
static enum mc_err recompute_after(struct svc_ctx *ctx, int64_t day, int year, const char *date,
				   int64_t version, size_t *changed)
{
	char *why = arena_printf(ctx->arena, "calendar %d version %lld changed %s", year,
				 (long long)version, date);
	return dossier_recompute_day(ctx, day, why, changed);
}

/* An override set (put) or removed (put NULL), with its event and the deadlines it moves. */
struct override_change {
	const struct hol_day *put;
	int64_t day;
	int year;
	const char *date, *action, *detail;
	int64_t *version; /* the year's new version */
	size_t recomputed; /* open dossiers whose due times moved */
};

static enum mc_err override_tx(struct svc_ctx *ctx, void *arg)
{
	struct override_change *c = arg;
	enum mc_err err = change_begin(ctx, c->year);
	if (err)
		return err;
	err = c->put ? calstore_override_put(ctx->db, c->year, c->put, ctx->real_now,
							 ctx->user->username)
				 : calstore_override_delete(ctx->db, c->day);
	if (!err)
		err = record_change(ctx, c->year, c->action,
				    arena_printf(ctx->arena, "calendar:%s", c->date), c->detail,
				    c->version);
	if (!err)
		err = recompute_after(ctx, c->day, c->year, c->date, *c->version, &c->recomputed);
	return err;
}

enum mc_err calendar_override(struct svc_ctx *ctx, int64_t day, bool working, const char *name,
			      int64_t *version, size_t *recomputed)
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
	struct override_change c = {&d, day, year, date, "calendar_override", text, version, 0};
	err = svc_write(ctx, override_tx, &c);
	if (recomputed)
		*recomputed = err ? 0 : c.recomputed;
	free(text);
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
				    "{}", version, 0};
	err = svc_write(ctx, override_tx, &c);
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
