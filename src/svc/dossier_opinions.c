/* Opinions asked in parallel by a step (svc/workflow.h; docs/decisions.md "Send back and
 * opinions"): the step waits until every asked unit has answered (dossier_workflow.c refuses
 * complete-step and decide before). Each question and answer is a history event of the dossier. */
#include "base/base.h"

#include <jansson.h>

#include "base/civil.h"
#include "svc/dossiers_internal.h"
#include "svc/perm.h"
#include "svc/workflow.h"
#include "store/dossier_store.h"
#include "store/unit_store.h"
#include "store/workflow_store.h"

struct ask_run {
	const char *code;
	const struct opinion_ask *in;
	struct dossier *d;
};

static void check_units(struct svc_ctx *ctx, const struct dossier *d, const struct opinion_ask *in)
{
	const char *own = d->steps[d->current_step - 1].unit;
	struct unit u;
	for (size_t i = 0; i < in->n; i++) {
		const char *field = arena_printf(ctx->arena, "units[%zu].unit", i);
		if (unitstore_get(ctx->db, in->units[i], ctx->now, &u) != MC_OK)
			problem_add(ctx->problem, field, "is not a known unit code",
				    "không phải mã đơn vị đang tồn tại");
		else if (!strcmp(in->units[i], own))
			problem_add(ctx->problem, field, "is the step's own unit",
				    "là đơn vị của chính bước này");
		for (size_t j = 0; j < i; j++)
			if (!strcmp(in->units[i], in->units[j]))
				problem_add(ctx->problem, field, "is asked twice",
					    "đơn vị bị hỏi hai lần");
	}
}

static char *ask_detail(struct svc_ctx *ctx, const struct dossier *d, size_t first)
{
	json_t *o = json_object(), *a = json_array();
	for (size_t i = first; i < d->nopinions; i++) {
		char t[32];
		civil_format_time(d->opinions[i].due_at, t);
		json_array_append_new(a, json_pack("{s:I, s:s, s:I, s:s}", "id",
						   (json_int_t)d->opinions[i].id, "unit",
						   d->opinions[i].unit, "due_days",
						   (json_int_t)d->opinions[i].due_days, "due_at", t));
	}
	json_object_set_new(o, "step", json_integer(d->current_step));
	json_object_set_new(o, "opinions", a);
	char *s = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	char *out = arena_strdup(ctx->arena, s);
	free(s);
	return out;
}

static enum mc_err ask_tx(struct svc_ctx *ctx, void *arg)
{
	struct ask_run *run = arg;
	struct dossier *d = run->d;
	const struct opinion_ask *in = run->in;
	enum mc_err err = dstore_get(ctx->db, ctx->arena, run->code, d);
	if (err)
		return err;
	if (!dossier_visible(ctx, d))
		return MC_ENOTFOUND;
	bool at_step = d->current_step >= 1 && (size_t)d->current_step <= d->nsteps;
	const struct dossier_step *s = at_step ? &d->steps[d->current_step - 1] : NULL;
	if (!s || d->status != DS_PROCESSING) {
		problem_detail(ctx->problem, "opinions are asked by a step of a dossier in processing",
			       "chỉ xin ý kiến khi hồ sơ đang được xử lý tại một bước");
		return MC_ECONFLICT;
	}
	if (perm_check(ctx, s->role, s->unit) != MC_OK)
		return MC_EFORBIDDEN;
	check_units(ctx, d, in);
	if (ctx->problem->n)
		return MC_EINVAL;
	for (size_t i = 0; i < in->n; i++)
		for (size_t j = 0; j < d->nopinions; j++)
			if (!d->opinions[j].answered_at && d->opinions[j].step == d->current_step &&
			    !strcmp(d->opinions[j].unit, in->units[i])) {
				problem_detail(ctx->problem,
					       arena_printf(ctx->arena,
							    "unit %s was already asked and has not "
							    "answered yet",
							    in->units[i]),
					       "đơn vị này đã được xin ý kiến và chưa trả lời");
				return MC_ECONFLICT;
			}
	size_t first = d->nopinions;
	struct dossier_opinion *all =
		arena_alloc(ctx->arena, sizeof(*all) * (d->nopinions + in->n + 1));
	if (d->nopinions)
		memcpy(all, d->opinions, sizeof(*all) * d->nopinions);
	for (size_t i = 0; !err && i < in->n; i++) {
		struct dossier_opinion *o = &all[d->nopinions + i];
		memset(o, 0, sizeof(*o));
		o->step = d->current_step;
		str_copy(o->unit, sizeof(o->unit), in->units[i]);
		o->question = in->question;
		o->asked_at = ctx->now;
		o->asked_by = ctx->user->username;
		o->due_days = in->due_days[i];
		struct proc_duration dur = {.value = in->due_days[i]};
		str_copy(dur.unit, sizeof(dur.unit), "working_days");
		err = dossier__due(ctx, ctx->now, &dur, &o->due_at);
		if (!err)
			err = wstore_opinion_insert(ctx->db, d->id, o);
		if (!err) /* the asked unit sees the dossier in its lists */
			err = dstore_add_unit(ctx->db, o->unit, d->id);
	}
	if (err)
		return err;
	d->opinions = all;
	d->nopinions += in->n;
	const char *status = ds_status_name(d->status);
	return dossier_record(ctx, d, "ask-opinions", s->unit, status, status,
			      ask_detail(ctx, d, first));
}

enum mc_err opinions_ask(struct svc_ctx *ctx, const char *code, const struct opinion_ask *in,
			 struct dossier *out)
{
	if (!ctx->user)
		return MC_EAUTH;
	struct ask_run run = {code, in, out};
	return svc_write(ctx, ask_tx, &run);
}

struct answer_run {
	const char *code;
	int64_t id;
	bool agree;
	const char *text;
	struct dossier *d;
};

static enum mc_err answer_tx(struct svc_ctx *ctx, void *arg)
{
	struct answer_run *run = arg;
	struct dossier *d = run->d;
	enum mc_err err = dstore_get(ctx->db, ctx->arena, run->code, d);
	if (err)
		return err;
	if (!dossier_visible(ctx, d))
		return MC_ENOTFOUND;
	struct dossier_opinion *o = NULL;
	for (size_t i = 0; i < d->nopinions; i++)
		if (d->opinions[i].id == run->id)
			o = &d->opinions[i];
	if (!o)
		return MC_ENOTFOUND;
	if (perm_check(ctx, NULL, o->unit) != MC_OK || perm_has_role(ctx->user, "citizen"))
		return MC_EFORBIDDEN;
	if (o->answered_at) {
		problem_detail(ctx->problem, "this opinion was already answered",
			       "ý kiến này đã được trả lời");
		return MC_ECONFLICT;
	}
	if (d->status != DS_PROCESSING && d->status != DS_AWAITING_SUPPLEMENT) {
		problem_detail(ctx->problem,
			       arena_printf(ctx->arena, "the dossier is %s: opinions are no longer asked",
					    ds_status_name(d->status)),
			       "hồ sơ không còn trong quá trình xử lý");
		return MC_ECONFLICT;
	}
	o->answered_at = ctx->now;
	o->answered_by = ctx->user->username;
	o->agree = run->agree;
	o->answer = run->text;
	str_copy(o->timeliness, sizeof(o->timeliness), ctx->now <= o->due_at ? "on_time" : "late");
	err = wstore_opinion_answer(ctx->db, d->id, o);
	if (err)
		return err;
	json_t *j = json_pack("{s:I, s:s, s:b, s:s}", "opinion", (json_int_t)o->id, "unit", o->unit,
			      "agree", o->agree, "timeliness", o->timeliness);
	char *s = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	const char *status = ds_status_name(d->status);
	err = dossier_record(ctx, d, "answer-opinion", o->unit, status, status,
			     arena_strdup(ctx->arena, s));
	free(s);
	return err;
}

enum mc_err opinions_answer(struct svc_ctx *ctx, const char *code, int64_t id, bool agree,
			    const char *text, struct dossier *out)
{
	if (!ctx->user)
		return MC_EAUTH;
	struct answer_run run = {code, id, agree, text, out};
	return svc_write(ctx, answer_tx, &run);
}

struct inbox_run {
	size_t limit;
	void (*fn)(const char *code, const struct dossier_opinion *o, void *arg);
	void *arg;
};

static enum mc_err inbox_tx(struct svc_ctx *ctx, void *arg)
{
	struct inbox_run *run = arg;
	const char *units = NULL;
	enum mc_err err = dossier_scope_units(ctx, &units);
	return err ? err : wstore_opinion_inbox(ctx->db, ctx->arena, units, run->limit, run->fn, run->arg);
}

enum mc_err opinions_inbox(struct svc_ctx *ctx, size_t limit,
			   void (*fn)(const char *code, const struct dossier_opinion *o, void *arg),
			   void *arg)
{
	if (!ctx->user)
		return MC_EAUTH;
	struct inbox_run run = {limit, fn, arg};
	return svc_read(ctx, inbox_tx, &run);
}
