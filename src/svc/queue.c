/* Queue use cases: ticket numbering in the same transaction as the insert (no duplicates under
 * concurrency), calls by the point's rule serialised on the point's row of the day, the counter's
 * actions on its ticket, the link to dossiers and the statistics (docs/queue.md). */
#include "base/base.h"

#include <jansson.h>

#include "base/civil.h"
#include "domain/dossier.h"
#include "domain/text.h"
#include "svc/audit.h"
#include "svc/dossier_access.h"
#include "svc/limiter.h"
#include "svc/perm.h"
#include "svc/queue.h"
#include "svc/service_groups.h"
#include "svc/units.h"
#include "store/db.h"
#include "store/queue_store.h"

static enum mc_err find_point(struct svc_ctx *ctx, const char *point)
{
	struct unit u;
	enum mc_err err = units_at(ctx, point, ctx->now, &u); /* from memory when kept there */
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

static bool is_staff(struct svc_ctx *ctx)
{
	return ctx->user && ctx->user->nroles > 0 && !perm_has_role(ctx->user, "citizen");
}

static void today(struct svc_ctx *ctx, char day[16])
{
	civil_format_date(civil_local_day(ctx->now), day);
}

static char *ticket_entity(struct svc_ctx *ctx, const struct ticket *t)
{
	return arena_printf(ctx->arena, "ticket:%s/%s/%lld", t->point, t->day, (long long)t->number);
}

struct issue_args {
	struct ticket *t; /* filled but for its number */
	int64_t *waiting_ahead;
	bool declared; /* the group must be one the point declares, when it declares any */
};

/* At a point with procedure groups, *group must name one of them (diacritics and case aside):
 * it becomes the declared spelling; else MC_EINVAL naming field. Elsewhere anything goes. */
static enum mc_err declared_group(struct svc_ctx *ctx, const char *point, const char *field,
				  char *group, size_t size)
{
	struct sgroups *gs = arena_alloc(ctx->arena, sizeof(*gs));
	enum mc_err err = gs ? sgroups_load(ctx, point, gs) : MC_ETOOBIG;
	if (err || gs->n == 0)
		return err;
	const struct sgroup *g = sgroups_named(gs, group);
	if (!g) {
		sgroups_not_declared(ctx, field);
		return MC_EINVAL;
	}
	snprintf(group, size, "%s", g->name);
	return MC_OK;
}

static enum mc_err issue_tx(struct svc_ctx *ctx, void *arg)
{
	struct issue_args *a = arg;
	struct ticket *t = a->t;
	enum mc_err err = a->declared ? declared_group(ctx, t->point, "service_group",
						       t->service_group, sizeof(t->service_group))
				      : MC_OK;
	if (!err)
		err = qstore_count_waiting(ctx->db, t->point, t->day, a->waiting_ahead);
	if (!err)
		err = qstore_issue(ctx->db, t);
	if (!err && t->number > QUEUE_DAILY_MAX)
		err = MC_ETOOBIG;
	if (!err) {
		char *detail = t->booking[0] ? arena_printf(ctx->arena, "{\"booking\":\"%s\"}",
							    t->booking)
					     : "{}";
		err = audit_append(ctx, t->point, "issue_ticket", ticket_entity(ctx, t), detail);
	}
	return err;
}

static void fill_new(struct svc_ctx *ctx, const char *point, const char *group,
		     const char *priority, struct ticket *out)
{
	memset(out, 0, sizeof(*out));
	snprintf(out->point, sizeof(out->point), "%s", point);
	today(ctx, out->day);
	snprintf(out->service_group, sizeof(out->service_group), "%s", group ? group : "chung");
	snprintf(out->priority, sizeof(out->priority), "%s", priority ? priority : "");
	out->created_at = ctx->now;
}

static bool priority_ok(struct svc_ctx *ctx, const char *priority)
{
	if (priority && (!queue_priority_known(priority) || !strcmp(priority, "appointment"))) {
		problem_add(ctx->problem, "priority",
			    "must be elderly, disabled, pregnant or null (appointment tickets come "
			    "from a check-in)",
			    "ưu tiên phải là người cao tuổi, người khuyết tật, phụ nữ mang thai hoặc "
			    "nuôi con dưới 36 tháng tuổi, hoặc để trống");
		return false;
	}
	return true;
}

enum mc_err queue_issue(struct svc_ctx *ctx, const char *point, const char *group,
			const char *priority, struct ticket *out, int64_t *waiting_ahead)
{
	enum mc_err err = find_point(ctx, point);
	if (!err)
		err = covers_point(ctx, point, true);
	if (err)
		return err;
	if (!priority_ok(ctx, priority))
		return MC_EINVAL;
	fill_new(ctx, point, group, priority, out);
	struct issue_args a = {out, waiting_ahead, true};
	return svc_write(ctx, issue_tx, &a);
}

enum mc_err queue_kiosk_issue(struct svc_ctx *ctx, const char *point, const char *group,
			      const char *priority, struct ticket *out, int64_t *waiting_ahead)
{
	struct limiter *l = ctx->state ? ctx->state->kiosk_limit : NULL;
	if (l && ctx->client_addr && !is_staff(ctx)) {
		int64_t retry = 0;
		if (limiter_check(l, ctx->client_addr, ctx->real_now, &retry) != MC_OK) {
			ctx->retry_after = retry > 0 ? retry : 1;
			return MC_ETOOMANY;
		}
		limiter_fail(l, ctx->client_addr, ctx->real_now);
	}
	enum mc_err err = find_point(ctx, point);
	if (err)
		return err;
	if (!priority_ok(ctx, priority))
		return MC_EINVAL;
	fill_new(ctx, point, group, priority, out);
	struct issue_args a = {out, waiting_ahead, true};
	return svc_write(ctx, issue_tx, &a);
}

enum mc_err queue_issue_for_booking(struct svc_ctx *ctx, const char *point, const char *group,
				    const char *booking, struct ticket *out, int64_t *waiting_ahead)
{
	fill_new(ctx, point, group, "appointment", out);
	snprintf(out->booking, sizeof(out->booking), "%s", booking);
	struct issue_args a = {out, waiting_ahead, false};
	return issue_tx(ctx, &a);
}

/* Calls the next ticket for a counter by the point's rule, in the caller's write transaction
 * (which holds the point's row of the day, so that calls at one point never interleave). */
static enum mc_err call_by_rule(struct svc_ctx *ctx, const char *point, const char *day,
				int64_t counter, struct ticket *out, bool *found)
{
	int64_t streak = 0;
	int every = QUEUE_ORDINARY_EVERY;
	struct ticket heads[3];
	bool has[3] = {false, false, false};
	static const enum queue_pick lines[3] = {QUEUE_PICK_DIRECTED, QUEUE_PICK_PRIORITY,
						 QUEUE_PICK_ORDINARY};
	*found = false;
	enum mc_err err = qstore_day_lock(ctx->db, point, day, &streak);
	if (!err)
		err = qstore_settings_get(ctx->db, point, &every);
	for (int i = 0; !err && i < 3; i++) {
		err = qstore_head(ctx->db, point, day, counter, lines[i], &heads[i]);
		has[i] = err == MC_OK;
		if (err == MC_ENOTFOUND)
			err = MC_OK;
	}
	if (err)
		return err;
	enum queue_pick pick = queue_rule_pick(has[0], has[1], has[2], streak, every);
	if (pick == QUEUE_PICK_NONE)
		return MC_OK;
	*out = heads[pick == QUEUE_PICK_DIRECTED ? 0 : pick == QUEUE_PICK_PRIORITY ? 1 : 2];
	err = qstore_day_set(ctx->db, point, day, queue_rule_streak(pick, has[2], streak));
	if (!err)
		err = qstore_mark_called(ctx->db, out->id, counter, ctx->now, ctx->user->username);
	if (err)
		return err;
	*found = true;
	snprintf(out->status, sizeof(out->status), "called");
	out->counter = counter;
	out->called_at = ctx->now;
	char *detail = arena_printf(ctx->arena, "{\"counter\":%lld}", (long long)counter);
	return audit_append(ctx, point, "call_ticket", ticket_entity(ctx, out), detail);
}

struct call_args {
	const char *point, *day;
	int64_t counter;
	const int64_t *current;
	struct ticket *out;
	bool *found, *repeated;
};

/* Ends the counter's current ticket and calls the next one waiting, if any. */
static enum mc_err call_next_tx(struct svc_ctx *ctx, void *arg)
{
	struct call_args *a = arg;
	enum mc_err err;
	if (a->current) {
		err = qstore_counter_ticket(ctx->db, a->point, a->day, a->counter, a->out);
		bool serving = err == MC_OK;
		if (err && err != MC_ENOTFOUND)
			return err;
		if ((serving ? a->out->number : 0) != *a->current) {
			*a->repeated = true; /* called already: answer the counter's ticket now */
			*a->found = serving;
			return MC_OK;
		}
	}
	err = qstore_finish_counter(ctx->db, a->point, a->day, a->counter, ctx->now);
	if (!err)
		err = call_by_rule(ctx, a->point, a->day, a->counter, a->out, a->found);
	return err;
}

static enum mc_err counter_ok(struct svc_ctx *ctx, const char *point, int64_t counter)
{
	enum mc_err err = find_point(ctx, point);
	if (!err)
		err = covers_point(ctx, point, false);
	if (err)
		return err;
	if (counter < 1 || counter > QUEUE_COUNTER_MAX) {
		problem_add(ctx->problem, "counter", "must be from 1 to 99", "số quầy phải từ 1 đến 99");
		return MC_EINVAL;
	}
	return MC_OK;
}

enum mc_err queue_call_next(struct svc_ctx *ctx, const char *point, int64_t counter,
			    const int64_t *current, struct ticket *out, bool *found, bool *repeated)
{
	char day[16];
	*found = false;
	*repeated = false;
	enum mc_err err = counter_ok(ctx, point, counter);
	if (err)
		return err;
	today(ctx, day);
	struct call_args a = {point, day, counter, current, out, found, repeated};
	return svc_write(ctx, call_next_tx, &a);
}

struct act_args {
	const char *point;
	char day[16];
	int64_t counter;
	enum queue_op op;
	const struct queue_op_in *in;
	const char *group; /* transfer: the group it goes to */
	struct ticket *out, *next;
	bool *found_next, *repeated;
};

static const char *const op_names[] = {"recall_ticket", "skip_ticket", "finish_ticket",
				       "transfer_ticket"};

/* Whether the ticket already is where the action would put it (a retried request). */
static bool already_done(const struct act_args *a, const struct ticket *t)
{
	switch (a->op) {
	case QUEUE_SKIP:
		return !strcmp(t->status, "skipped") && t->counter == a->counter;
	case QUEUE_FINISH:
		return !strcmp(t->status, "done") && t->counter == a->counter;
	case QUEUE_TRANSFER:
		return !strcmp(t->status, "waiting") && t->transfers > 0 &&
		       t->target_counter == a->in->to_counter && !strcmp(t->service_group, a->group);
	case QUEUE_RECALL:
		break;
	}
	return false;
}

static enum mc_err conflict(struct svc_ctx *ctx)
{
	problem_detail(ctx->problem, "the ticket is not the one this counter is serving",
		       "số thứ tự này không phải số quầy đang phục vụ");
	return MC_ECONFLICT;
}

static enum mc_err act_tx(struct svc_ctx *ctx, void *arg)
{
	struct act_args *a = arg;
	struct ticket *t = a->out;
	enum mc_err err = qstore_get(ctx->db, a->point, a->day, a->in->number, t);
	if (err)
		return err;
	if (a->op == QUEUE_TRANSFER && !a->group)
		a->group = arena_strdup(ctx->arena, t->service_group);
	else if (a->op == QUEUE_TRANSFER) {
		char *group = arena_alloc(ctx->arena, sizeof(t->service_group));
		if (!group)
			return MC_ETOOBIG;
		snprintf(group, sizeof(t->service_group), "%s", a->group);
		if ((err = declared_group(ctx, a->point, "service_group", group,
					  sizeof(t->service_group))))
			return err;
		a->group = group;
	}
	if (already_done(a, t)) {
		/* A retry: the counter's ticket now, if it called one since. */
		*a->repeated = true;
		err = qstore_counter_ticket(ctx->db, a->point, a->day, a->counter, a->next);
		*a->found_next = err == MC_OK;
		return err == MC_ENOTFOUND ? MC_OK : err;
	}
	if (strcmp(t->status, "called") != 0 || t->counter != a->counter)
		return conflict(ctx);
	if (a->op == QUEUE_TRANSFER && a->in->to_counter == a->counter &&
	    !strcmp(a->group, t->service_group)) {
		problem_add(ctx->problem, "counter", "is the counter serving the ticket",
			    "quầy chuyển đến phải khác quầy đang phục vụ");
		return MC_EINVAL;
	}
	switch (a->op) {
	case QUEUE_RECALL:
		err = qstore_recall(ctx->db, t->id, a->counter);
		t->recalls++;
		break;
	case QUEUE_SKIP:
	case QUEUE_FINISH:
		err = qstore_end(ctx->db, t->id, a->counter, a->op == QUEUE_SKIP ? "skipped" : "done",
				 ctx->now);
		snprintf(t->status, sizeof(t->status), "%s", a->op == QUEUE_SKIP ? "skipped" : "done");
		t->finished_at = ctx->now;
		break;
	case QUEUE_TRANSFER:
		err = qstore_transfer(ctx->db, t->id, a->counter, a->in->to_counter, a->group);
		snprintf(t->status, sizeof(t->status), "waiting");
		snprintf(t->service_group, sizeof(t->service_group), "%s", a->group);
		t->target_counter = a->in->to_counter;
		t->counter = 0;
		t->called_at = 0;
		t->transfers++;
		break;
	}
	if (err == MC_ECONFLICT)
		return conflict(ctx);
	if (!err) {
		char *detail = arena_printf(ctx->arena, "{\"counter\":%lld}", (long long)a->counter);
		if (a->op == QUEUE_TRANSFER) {
			json_t *j = json_pack("{s:I, s:I, s:s}", "counter", (json_int_t)a->counter,
					      "to_counter", (json_int_t)a->in->to_counter,
					      "to_group", a->group);
			char *text = j ? json_dumps(j, JSON_COMPACT) : NULL;
			json_decref(j);
			detail = text ? arena_strdup(ctx->arena, text) : detail;
			free(text);
		}
		err = audit_append(ctx, a->point, op_names[a->op], ticket_entity(ctx, t), detail);
	}
	if (!err && a->op == QUEUE_SKIP)
		err = call_by_rule(ctx, a->point, a->day, a->counter, a->next, a->found_next);
	return err;
}

enum mc_err queue_act(struct svc_ctx *ctx, const char *point, int64_t counter, enum queue_op op,
		      const struct queue_op_in *in, struct ticket *out, struct ticket *next,
		      bool *found_next, bool *repeated)
{
	*found_next = false;
	*repeated = false;
	enum mc_err err = counter_ok(ctx, point, counter);
	if (err)
		return err;
	if (in->number < 1 || in->number > QUEUE_DAILY_MAX)
		problem_add(ctx->problem, "number", "must be from 1 to 9999",
			    "số thứ tự phải từ 1 đến 9999");
	if (op == QUEUE_TRANSFER && in->to_counter == 0 && !in->to_group)
		problem_add(ctx->problem, "counter",
			    "a transfer names a counter, a service group or both",
			    "cần chọn quầy hoặc nhóm dịch vụ để chuyển đến");
	if (op == QUEUE_TRANSFER && (in->to_counter < 0 || in->to_counter > QUEUE_COUNTER_MAX))
		problem_add(ctx->problem, "counter", "must be from 1 to 99", "số quầy phải từ 1 đến 99");
	if (ctx->problem->n)
		return MC_EINVAL;
	struct act_args a = {.point = point, .counter = counter, .op = op, .in = in,
			     .group = in->to_group, .out = out, .next = next,
			     .found_next = found_next, .repeated = repeated};
	today(ctx, a.day);
	return svc_write(ctx, act_tx, &a);
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

enum mc_err queue_serving(struct svc_ctx *ctx, const char *point,
			  void (*fn)(const struct ticket *t, void *arg), void *arg)
{
	char day[16];
	enum mc_err err = find_point(ctx, point);
	if (err)
		return err;
	today(ctx, day);
	return qstore_serving(ctx->db, point, day, fn, arg);
}

struct board_run {
	const char *point;
	int64_t after;
	size_t limit;
	void (*item)(const struct ticket *t, void *arg);
	void (*serving)(const struct ticket *t, void *arg);
	void *arg;
	int64_t *waiting;
	char *day;
};

static enum mc_err board_tx(struct svc_ctx *ctx, void *arg)
{
	struct board_run *b = arg;
	enum mc_err err = find_point(ctx, b->point);
	if (err)
		return err;
	today(ctx, b->day);
	err = qstore_count_waiting(ctx->db, b->point, b->day, b->waiting);
	if (!err)
		err = qstore_serving(ctx->db, b->point, b->day, b->serving, b->arg);
	if (!err)
		err = qstore_list(ctx->db, b->point, b->day, b->after, b->limit, b->item, b->arg);
	return err;
}

enum mc_err queue_board(struct svc_ctx *ctx, const char *point, int64_t after, size_t limit,
			void (*serving)(const struct ticket *t, void *arg),
			void (*item)(const struct ticket *t, void *arg), void *arg, int64_t *waiting,
			char day[16])
{
	struct board_run b = {point, after, limit, item, serving, arg, waiting, day};
	return svc_read(ctx, board_tx, &b);
}

enum mc_err queue_summary(struct svc_ctx *ctx, void (*fn)(const struct queue_summary *s, void *arg),
			  void *arg, char day[16])
{
	today(ctx, day);
	return qstore_summary(ctx->db, day, fn, arg);
}

enum mc_err queue_settings(struct svc_ctx *ctx, const char *point, int *every, bool *stored)
{
	enum mc_err err = find_point(ctx, point);
	if (!err)
		err = qstore_settings_get(ctx->db, point, every);
	*stored = false;
	if (!err) {
		int dflt = 0;
		/* Stored when a row exists: the store answers the default otherwise. */
		err = qstore_settings_stored(ctx->db, point, &dflt);
		*stored = dflt != 0;
	}
	return err;
}

struct settings_args {
	const char *point;
	int every;
};

static enum mc_err settings_tx(struct svc_ctx *ctx, void *arg)
{
	struct settings_args *a = arg;
	enum mc_err err = qstore_settings_put(ctx->db, a->point, a->every, ctx->now,
					      ctx->user->username);
	if (!err)
		err = audit_append(ctx, a->point, "set_queue_settings",
				   arena_printf(ctx->arena, "queue_settings:%s", a->point),
				   arena_printf(ctx->arena, "{\"ordinary_every\":%d}", a->every));
	return err;
}

enum mc_err queue_set_settings(struct svc_ctx *ctx, const char *point, int every)
{
	enum mc_err err = find_point(ctx, point);
	if (!err) {
		err = perm_admin(ctx);
		if (err == MC_EFORBIDDEN)
			err = perm_check(ctx, "unit_manager", point);
	}
	if (err)
		return err;
	if (every < QUEUE_ORDINARY_EVERY_MIN || every > QUEUE_ORDINARY_EVERY_MAX) {
		problem_add(ctx->problem, "ordinary_every", "must be from 2 to 20",
			    "số lượt gọi phải từ 2 đến 20");
		return MC_EINVAL;
	}
	struct settings_args a = {point, every};
	return svc_write(ctx, settings_tx, &a);
}

enum mc_err queue_link_dossier(struct svc_ctx *ctx, const char *point, int64_t number,
			       int64_t dossier_id)
{
	char day[16];
	today(ctx, day);
	enum mc_err err = qstore_link_dossier(ctx->db, dossier_id, point, day, number);
	if (err == MC_ENOTFOUND) {
		problem_add(ctx->problem, "ticket", "is not a ticket called at this point today",
			    "số thứ tự chưa được gọi tại điểm tiếp nhận này trong hôm nay");
		err = MC_EINVAL;
	}
	return err;
}

struct dossier_ticket_args {
	const char *code;
	struct ticket *out;
};

static enum mc_err dossier_ticket_tx(struct svc_ctx *ctx, void *arg)
{
	struct dossier_ticket_args *a = arg;
	struct dossier *d = arena_alloc(ctx->arena, sizeof(*d));
	enum mc_err err = dossier_get(ctx, a->code, d);
	if (!err)
		err = qstore_dossier_ticket(ctx->db, d->id, a->out);
	return err;
}

enum mc_err queue_dossier_ticket(struct svc_ctx *ctx, const char *code, struct ticket *out)
{
	struct dossier_ticket_args a = {code, out};
	return svc_read(ctx, dossier_ticket_tx, &a);
}

struct stats_args {
	const char *point;
	char from[16], to[16];
	void (*fn)(int by, const struct queue_stat *s, void *arg);
	void *arg;
	int by;
};

static void stats_row(const struct queue_stat *s, void *arg)
{
	struct stats_args *a = arg;
	a->fn(a->by, s, a->arg);
}

static enum mc_err stats_tx(struct svc_ctx *ctx, void *arg)
{
	struct stats_args *a = arg;
	enum mc_err err = MC_OK;
	for (a->by = 0; !err && a->by < 3; a->by++)
		err = qstore_stats(ctx->db, a->point, a->from, a->to, a->by, stats_row, a);
	return err;
}

enum mc_err queue_stats(struct svc_ctx *ctx, const char *point, int64_t from, int64_t to,
			void (*fn)(int by, const struct queue_stat *s, void *arg), void *arg)
{
	enum mc_err err = find_point(ctx, point);
	if (!err) {
		err = covers_point(ctx, point, true);
		if (err == MC_EFORBIDDEN)
			err = perm_check(ctx, "center_manager", point);
		if (err == MC_EFORBIDDEN)
			err = perm_admin(ctx);
	}
	if (err)
		return err;
	if (to < from)
		problem_add(ctx->problem, "to", "must not be before from",
			    "ngày kết thúc không được trước ngày bắt đầu");
	else if (to - from >= QUEUE_STATS_DAYS)
		problem_add(ctx->problem, "to", "the period is at most 366 days",
			    "khoảng thời gian tối đa 366 ngày");
	if (ctx->problem->n)
		return MC_EINVAL;
	struct stats_args a = {.point = point, .fn = fn, .arg = arg};
	civil_format_date(from, a.from);
	civil_format_date(to, a.to);
	return svc_read(ctx, stats_tx, &a);
}

struct expire_args {
	char day[16];
	int64_t n;
};

static enum mc_err expire_tx(struct svc_ctx *ctx, void *arg)
{
	struct expire_args *a = arg;
	return qstore_expire(ctx->db, a->day, QUEUE_EXPIRE_BATCH, &a->n);
}

enum mc_err queue_expire(struct svc_ctx *ctx, int64_t *total)
{
	struct expire_args a = {.n = QUEUE_EXPIRE_BATCH};
	enum mc_err err = MC_OK;
	today(ctx, a.day);
	*total = 0;
	while (!err && a.n == QUEUE_EXPIRE_BATCH) {
		err = svc_write(ctx, expire_tx, &a);
		if (!err)
			*total += a.n;
	}
	return err;
}
