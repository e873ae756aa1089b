/* Queue use cases: ticket numbering in the same transaction as the insert (no duplicates under
 * concurrency), calling with priority, and the public board. */
#include "base/base.h"

#include "base/civil.h"
#include "domain/text.h"
#include "store/unit_store.h"
#include "svc/audit.h"
#include "svc/perm.h"
#include "svc/queue.h"
#include "store/db.h"
#include "store/queue_store.h"

static enum mc_err find_point(struct svc_ctx *ctx, const char *point)
{
	struct unit u;
	enum mc_err err = unitstore_get(ctx->db, point, ctx->now, &u);
	if (err)
		return err;
	return strcmp(u.kind, "service_point") == 0 ? MC_OK : MC_ENOTFOUND;
}

static enum mc_err covers_point(struct svc_ctx *ctx, const char *point, bool managers_too)
{
	enum mc_err err = perm_check(ctx, "receiver", point);
	if (err == MC_EFORBIDDEN && managers_too)
		err = perm_check(ctx, "unit_manager", point);
	return err;
}

static void today(struct svc_ctx *ctx, char day[16])
{
	civil_format_date(civil_local_day(ctx->now), day);
}

static bool priority_ok(const char *p)
{
	return !p || !strcmp(p, "elderly") || !strcmp(p, "pregnant") || !strcmp(p, "disabled");
}

struct issue_args {
	struct ticket *t; /* filled but for its number */
	int64_t *waiting_ahead;
};

static enum mc_err issue_tx(struct svc_ctx *ctx, void *arg)
{
	struct issue_args *a = arg;
	struct ticket *t = a->t;
	enum mc_err err = qstore_count_waiting(ctx->db, t->point, t->day, a->waiting_ahead);
	if (!err)
		err = qstore_issue(ctx->db, t);
	if (!err && t->number > QUEUE_DAILY_MAX)
		err = MC_ETOOBIG;
	if (!err) {
		char *entity = arena_printf(ctx->arena, "ticket:%s/%s/%lld", t->point, t->day,
					    (long long)t->number);
		err = audit_append(ctx, t->point, "issue_ticket", entity, "{}");
	}
	return err;
}

enum mc_err queue_issue(struct svc_ctx *ctx, const char *point, const char *group,
			const char *priority, struct ticket *out, int64_t *waiting_ahead)
{
	enum mc_err err = find_point(ctx, point);
	if (!err)
		err = covers_point(ctx, point, true);
	if (err)
		return err;
	if (!priority_ok(priority))
		problem_add(ctx->problem, "priority", "must be elderly, pregnant, disabled or null",
			    "ưu tiên phải là người cao tuổi, phụ nữ mang thai hoặc người khuyết tật");
	if (ctx->problem->n)
		return MC_EINVAL;
	memset(out, 0, sizeof(*out));
	snprintf(out->point, sizeof(out->point), "%s", point);
	today(ctx, out->day);
	snprintf(out->service_group, sizeof(out->service_group), "%s", group ? group : "chung");
	snprintf(out->priority, sizeof(out->priority), "%s", priority ? priority : "");
	out->created_at = ctx->now;
	struct issue_args a = {out, waiting_ahead};
	return svc_write(ctx, issue_tx, &a);
}

struct call_args {
	const char *point, *day;
	int64_t counter;
	struct ticket *out;
	bool *found;
};

/* Ends the counter's current ticket and calls the next one waiting, if any. */
static enum mc_err call_next_tx(struct svc_ctx *ctx, void *arg)
{
	struct call_args *a = arg;
	struct ticket *out = a->out;
	enum mc_err err = qstore_finish_counter(ctx->db, a->point, a->day, a->counter);
	if (!err) {
		err = qstore_next_waiting(ctx->db, a->point, a->day, out);
		*a->found = err == MC_OK;
		if (err == MC_ENOTFOUND)
			err = MC_OK;
	}
	if (!err && *a->found) {
		err = qstore_mark_called(ctx->db, out->id, a->counter, ctx->now,
					 ctx->user->username);
		snprintf(out->status, sizeof(out->status), "called");
		out->counter = a->counter;
		out->called_at = ctx->now;
	}
	if (!err && *a->found) {
		char *entity = arena_printf(ctx->arena, "ticket:%s/%s/%lld", a->point, a->day,
					    (long long)out->number);
		char *detail =
			arena_printf(ctx->arena, "{\"counter\":%lld}", (long long)a->counter);
		err = audit_append(ctx, a->point, "call_ticket", entity, detail);
	}
	return err;
}

enum mc_err queue_call_next(struct svc_ctx *ctx, const char *point, int64_t counter,
			    struct ticket *out, bool *found)
{
	char day[16];
	*found = false;
	enum mc_err err = find_point(ctx, point);
	if (!err)
		err = covers_point(ctx, point, false);
	if (err)
		return err;
	if (counter < 1 || counter > 99) {
		problem_add(ctx->problem, "counter", "must be from 1 to 99", "số quầy phải từ 1 đến 99");
		return MC_EINVAL;
	}
	today(ctx, day);
	struct call_args a = {point, day, counter, out, found};
	return svc_write(ctx, call_next_tx, &a);
}

enum mc_err queue_list(struct svc_ctx *ctx, const char *point, int64_t after, size_t limit,
		       void (*fn)(const struct ticket *t, void *arg), void *arg, int64_t *waiting,
		       char day[16])
{
	enum mc_err err = find_point(ctx, point);
	if (err)
		return err;
	today(ctx, day);
	err = qstore_count_waiting(ctx->db, point, day, waiting);
	if (!err)
		err = qstore_list(ctx->db, point, day, after, limit, fn, arg);
	return err;
}

enum mc_err queue_summary(struct svc_ctx *ctx, void (*fn)(const struct queue_summary *s, void *arg),
			  void *arg, char day[16])
{
	today(ctx, day);
	return qstore_summary(ctx->db, day, fn, arg);
}
