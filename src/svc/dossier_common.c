/* Shared by the dossier use cases: history and audit records (dossier_record, svc/dossiers.h) and
 * the calendar arithmetic of due times (dossiers_internal.h) on svc/calendar_days.h. */
#include "base/base.h"

#include "base/civil.h"
#include "domain/workclock.h"
#include "svc/audit.h"
#include "svc/calendar_days.h"
#include "svc/notify.h"
#include "svc/outbox.h"
#include "svc/dossiers_internal.h"
#include "svc/track_cache.h"
#include "store/db.h"
#include "store/dossier_store.h"

static void tracking_changed(void *cache, int n)
{
	track_cache_changed(cache, n);
}

enum mc_err dossier_record(struct svc_ctx *ctx, struct dossier *d, const char *action,
			    const char *unit, const char *from, const char *to, const char *detail)
{
	/* A change of an existing dossier (from is NULL only for a new one, which no lookup can have
	 * cached): public tracking forgets it until the transaction ends. */
	if (from && ctx->state && ctx->state->tracking) {
		track_cache_change(ctx->state->tracking, d->code);
		db_on_tx_end(ctx->db, tracking_changed, ctx->state->tracking);
		/* and the other instances on the same database, once this commits */
		enum mc_err err = db_notify(ctx->db, SVC_CHANNEL,
					    arena_printf(ctx->arena, "t:%s", d->code));
		if (err)
			return err;
	}
	struct dossier_event e = {
		.at = ctx->now,
		.action = action,
		.actor = ctx->user ? ctx->user->username : "anonymous",
		.unit = unit,
		.from_status = from,
		.to_status = to,
		.detail = detail ? detail : "{}",
	};
	/* A new dossier taken in at the counter was inserted with its receiving officer
	 * (dossiers.c, intake_prepare): the event's UPDATE of who acted would change nothing. */
	e.acted_known = !from && d->received_by && !strcmp(d->received_by, e.actor);
	enum mc_err err = dstore_add_event(ctx->db, d->id, &e);
	if (!err) /* the webhooks' messages, committed or rolled back with the change */
		err = outbox_dossier_event(ctx, d, action, unit, from, to);
	if (!err) /* and the applicant's notifications, likewise */
		err = notify_dossier_event(ctx, d, action, to, e.detail, !from);
	if (err)
		return err;
	char *audit_detail = arena_printf(ctx->arena, "{\"from\":%s%s%s,\"to\":%s%s%s,\"at\":%lld}",
					  from ? "\"" : "", from ? from : "null", from ? "\"" : "",
					  to ? "\"" : "", to ? to : "null", to ? "\"" : "",
					  (long long)ctx->now);
	return audit_append(ctx, unit, action, arena_printf(ctx->arena, "dossier:%s", d->code),
			    audit_detail);
}

enum mc_err dossier__due(struct svc_ctx *ctx, int64_t from, const struct proc_duration *dur,
			 int64_t *due)
{
	enum wc_unit unit;
	if (wc_unit_parse(dur->unit, &unit) != MC_OK)
		return MC_EINTERNAL;
	enum mc_err err = calendar_due(ctx, from, dur->value, unit, due);
	if (err == MC_EINVAL) {
		/* A due time outside the calendar's years is not the caller's field error. */
		ctx->problem->n = 0;
		ctx->problem->head = ctx->problem->tail = NULL;
		problem_add(ctx->problem, "procedure", "gives a due time outside the supported years",
			    "thời hạn giải quyết vượt ra ngoài các năm được hỗ trợ");
	}
	return err;
}

enum mc_err dossier__shift(struct svc_ctx *ctx, int64_t due, int64_t working_seconds,
			   int64_t *out)
{
	return calendar_add_seconds(ctx, due, working_seconds, out);
}

enum mc_err dossier__working_between(struct svc_ctx *ctx, int64_t a, int64_t b, int64_t *out)
{
	return calendar_between(ctx, a, b, out);
}

void dossier__calendar_versions(struct svc_ctx *ctx, struct dossier *d, int64_t from, int64_t to)
{
	int y0, y1, m, day;
	int64_t v0 = 1, v1 = 1;
	civil_ymd(civil_local_day(from), &y0, &m, &day);
	civil_ymd(civil_local_day(to), &y1, &m, &day);
	calendar_version(ctx, y0, &v0);
	if (y1 != y0) {
		calendar_version(ctx, y1, &v1);
		d->calendar_versions = arena_printf(ctx->arena, "{\"%d\":%lld,\"%d\":%lld}", y0,
						    (long long)v0, y1, (long long)v1);
	} else {
		d->calendar_versions = arena_printf(ctx->arena, "{\"%d\":%lld}", y0, (long long)v0);
	}
}
