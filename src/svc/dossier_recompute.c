/* Recomputing due times when the calendar changes: the open dossiers whose working time spans the
 * changed day get due_at = received_at + duration + paused working time (and the same for the
 * current step), with a history event on each that says why. An extension's new date is not
 * touched. */
#include "base/base.h"

#include "base/civil.h"
#include "svc/dossiers_internal.h"
#include "store/dossier_store.h"

struct code_list {
	struct arena *arena;
	const char **codes;
	size_t n, cap;
};

static void add_code(const char *code, void *arg)
{
	struct code_list *l = arg;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 64;
		const char **codes = arena_alloc(l->arena, cap * sizeof(*codes));
		if (l->n)
			memcpy(codes, l->codes, l->n * sizeof(*codes));
		l->codes = codes;
		l->cap = cap;
	}
	l->codes[l->n++] = arena_strdup(l->arena, code);
}

static enum mc_err due_with_pauses(struct svc_ctx *ctx, int64_t from,
				   const struct proc_duration *dur, int64_t paused, int64_t *out)
{
	enum mc_err err = dossier__due(ctx, from, dur, out);
	if (!err && paused > 0)
		err = dossier__shift(ctx, *out, paused, out);
	return err;
}

static enum mc_err recompute_one(struct svc_ctx *ctx, const char *code, const char *why,
				 bool *changed)
{
	struct dossier *d = arena_alloc(ctx->arena, sizeof(*d));
	int64_t due, step_due = 0;
	*changed = false;
	enum mc_err err = dstore_get(ctx->db, ctx->arena, code, d);
	if (err)
		return err;
	err = due_with_pauses(ctx, d->received_at, &d->duration, d->paused_seconds, &due);
	struct dossier_step *s = d->current_step > 0 && (size_t)d->current_step <= d->nsteps
					 ? &d->steps[d->current_step - 1]
					 : NULL;
	if (!err && s && s->started_at)
		err = due_with_pauses(ctx, s->started_at, &s->duration, s->paused_seconds, &step_due);
	if (err)
		return err;
	if (due == d->due_at && (!s || step_due == s->due_at))
		return MC_OK;
	char old_due[32], new_due[32];
	civil_format_time(d->due_at, old_due);
	civil_format_time(due, new_due);
	d->due_at = due;
	if (s)
		s->due_at = step_due;
	dossier__calendar_versions(ctx, d, d->received_at, d->due_at);
	err = dstore_update(ctx->db, d);
	if (!err) {
		char *detail = arena_printf(ctx->arena,
					    "{\"reason\":\"%s\",\"old_due_at\":\"%s\",\"new_due_at\":\"%s\"}",
					    why, old_due, new_due);
		const char *status = ds_status_name(d->status);
		err = dossier_record(ctx, d, "recompute_due", d->resolver_unit, status, status,
				      detail);
	}
	*changed = !err;
	return err;
}

enum mc_err dossier_recompute_day(struct svc_ctx *ctx, int64_t day, const char *why,
				  size_t *changed)
{
	struct code_list l = {ctx->arena, NULL, 0, 0};
	*changed = 0;
	enum mc_err err = dstore_open_spanning(ctx->db, civil_instant(day, 0),
					       civil_instant(day + 1, 0), add_code, &l);
	for (size_t i = 0; !err && i < l.n; i++) {
		bool c = false;
		err = recompute_one(ctx, l.codes[i], why, &c);
		if (c)
			(*changed)++;
	}
	return err;
}
