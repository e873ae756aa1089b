/* The workflow rules that take part in the dossier actions (svc/dossiers_internal.h): send-back,
 * the wait for opinions before a step completes, and the delegation a decision is taken under
 * (docs/decisions.md "Send back and opinions" and "Delegation"). */
#include "base/base.h"

#include "base/civil.h"
#include "domain/text.h"
#include "domain/workclock.h"
#include "domain/workflow.h"
#include "svc/dossiers_internal.h"
#include "store/workflow_store.h"

void dossier__check_send_back(struct svc_ctx *ctx, const struct action_input *in)
{
	if (!in->reason || !*in->reason)
		return; /* "is required" already; to_step is checked against the plan when applied */
	size_t len = strlen(in->reason);
	if (!text_allowed(in->reason, len, TEXT_LINE) || text_length(in->reason, len) > WF_REASON_CHARS)
		problem_add(ctx->problem, "reason", "must be one line of at most 500 characters",
			    "lý do trả lại là một dòng, tối đa 500 ký tự");
}

/* The pass of the current step ends (its timeliness against its own due time is kept in
 * dossier_sendbacks); every step from to_step on is reset, and to_step starts again now with a
 * new due time from its planned duration on the same working clock. */
enum mc_err dossier__send_back(struct svc_ctx *ctx, struct dossier *d, const struct action_input *in)
{
	int64_t from = d->current_step;
	if (!wf_send_back_ok(from, in->to_step, d->nsteps)) {
		problem_add(ctx->problem, "to_step", "must be an earlier step of the dossier's plan",
			    "phải là một bước trước bước hiện tại trong quy trình của hồ sơ");
		return MC_EINVAL;
	}
	struct dossier_step *cur = &d->steps[from - 1];
	struct sendback b = {
		.at = ctx->now,
		.actor = ctx->user->username,
		.from_step = from,
		.to_step = in->to_step,
		.unit = cur->unit,
		.reason = in->reason,
		.from_due_at = cur->due_at,
		.timeliness = wc_timeliness_name(wc_classify(ctx->now, cur->due_at)),
	};
	for (int64_t k = in->to_step; k <= from; k++) {
		struct dossier_step *s = &d->steps[k - 1];
		s->started_at = s->due_at = s->done_at = 0;
		s->done_by = NULL;
		s->timeliness[0] = '\0';
		s->paused_seconds = 0;
	}
	struct dossier_step *to = &d->steps[in->to_step - 1];
	d->current_step = in->to_step;
	to->started_at = ctx->now;
	enum mc_err err = dossier__due(ctx, ctx->now, &to->duration, &to->due_at);
	if (err)
		return err;
	b.to_due_at = to->due_at;
	return wstore_sendback_insert(ctx->db, d->id, &b);
}

enum mc_err dossier__check_opinions(struct svc_ctx *ctx, const struct dossier *d)
{
	int64_t waiting = 0;
	if (d->current_step < 1)
		return MC_OK;
	enum mc_err err = wstore_opinions_waiting(ctx->db, d->id, d->current_step, &waiting);
	if (err || waiting == 0)
		return err;
	problem_detail(ctx->problem,
		       arena_printf(ctx->arena,
				    "the step waits for %lld opinion(s) it asked for: every asked unit "
				    "must answer first",
				    (long long)waiting),
		       arena_printf(ctx->arena,
				    "bước này đang chờ %lld ý kiến đã xin: các đơn vị được hỏi phải trả "
				    "lời trước",
				    (long long)waiting));
	return MC_ECONFLICT;
}

struct governing {
	struct arena *arena;
	int64_t now;
	const struct delegation *in_force; /* the newest in force */
	const struct delegation *newest;
};

static void take(const struct delegation *g, void *arg)
{
	struct governing *gv = arg;
	struct delegation *copy = arena_alloc(gv->arena, sizeof(*copy));
	*copy = *g;
	if (!gv->newest)
		gv->newest = copy;
	if (!gv->in_force && wf_delegation_force(g, gv->now) == WF_IN_FORCE)
		gv->in_force = copy;
}

static const char *force_vi(enum wf_force f)
{
	switch (f) {
	case WF_NOT_YET: return "chưa có hiệu lực";
	case WF_LAPSED: return "đã hết hiệu lực";
	case WF_ENDED: return "đã chấm dứt";
	case WF_IN_FORCE: break;
	}
	return "đang có hiệu lực";
}

enum mc_err dossier__check_delegation(struct svc_ctx *ctx, struct dossier *d)
{
	struct governing gv = {ctx->arena, ctx->now, NULL, NULL};
	const char *unit = d->nsteps ? d->steps[d->nsteps - 1].unit : d->resolver_unit;
	d->delegation_id = 0;
	d->delegation = NULL;
	enum mc_err err = wstore_delegations_for(ctx->db, ctx->arena, d->procedure_code, unit, take, &gv);
	if (err || !gv.newest)
		return err;
	if (gv.in_force) {
		d->delegation_id = gv.in_force->id;
		d->delegation = gv.in_force;
		return MC_OK;
	}
	const struct delegation *g = gv.newest;
	enum wf_force f = wf_delegation_force(g, ctx->now);
	problem_detail(ctx->problem,
		       arena_printf(ctx->arena,
				    "this procedure is decided under delegation %lld (decision %s of %s), "
				    "which is %s: no delegation is in force",
				    (long long)g->id, g->decision_number, g->delegating_name,
				    wf_force_name(f)),
		       arena_printf(ctx->arena,
				    "thủ tục này được giải quyết theo ủy quyền số %lld (Quyết định %s của "
				    "%s), ủy quyền này %s: không có ủy quyền đang có hiệu lực",
				    (long long)g->id, g->decision_number, g->delegating_name, force_vi(f)));
	problem_add(ctx->problem, "delegation",
		    arena_printf(ctx->arena, "delegation %lld is %s", (long long)g->id, wf_force_name(f)),
		    arena_printf(ctx->arena, "ủy quyền %lld %s", (long long)g->id, force_vi(f)));
	return MC_ECONFLICT;
}

enum mc_err dossier__record_delegation(struct svc_ctx *ctx, const struct dossier *d)
{
	return wstore_set_dossier_delegation(ctx->db, d->id, d->delegation_id);
}
