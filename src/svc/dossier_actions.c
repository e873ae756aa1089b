/* The actions of API.md's table. Each runs in one write transaction: load, check who may act
 * (404 when the caller cannot see the dossier, 403 when it may see but not act), check the body
 * (422), the version (If-Match) and the status (409), apply, record history and audit. */
#include "base/base.h"

#include <jansson.h>

#include "base/civil.h"
#include "domain/workclock.h"
#include "svc/documents.h"
#include "svc/dossier_internal.h"
#include "svc/perm.h"
#include "store/db.h"
#include "store/dossier_store.h"

static void set(char *dst, size_t cap, const char *src)
{
	str_copy(dst, cap, src);
}

/* The applicant's side: a citizen account that covers the dossier (dossier_citizen_covers). */
static bool is_applicant(struct svc_ctx *ctx, const struct dossier *d)
{
	return dossier_citizen_covers(ctx->user, d);
}

static bool covers(struct svc_ctx *ctx, const char *role, const char *unit)
{
	return unit && *unit && perm_check(ctx, role, unit) == MC_OK;
}

static struct dossier_step *current(struct dossier *d)
{
	if (d->current_step < 1 || (size_t)d->current_step > d->nsteps)
		return NULL;
	return &d->steps[d->current_step - 1];
}

/* Whether a processor or approver covers any unit where the dossier is worked. */
static bool works_on(struct svc_ctx *ctx, const struct dossier *d)
{
	for (size_t i = 0; i < d->nsteps; i++)
		if (covers(ctx, d->steps[i].role, d->steps[i].unit))
			return true;
	return covers(ctx, "processor", d->resolver_unit) || covers(ctx, "approver", d->resolver_unit);
}

static bool may_act(struct svc_ctx *ctx, struct dossier *d, const struct action_input *in)
{
	struct dossier_step *s = current(d);
	switch (in->action) {
	case DA_RECEIVE:
	case DA_REQUEST_COMPLETION:
	case DA_REFUSE:
	case DA_TRANSFER:
		return covers(ctx, "receiver", d->receiving_unit);
	case DA_RESUBMIT:
		return is_applicant(ctx, d);
	case DA_COMPLETE_STEP:
	case DA_REQUEST_SUPPLEMENT:
		return s ? covers(ctx, s->role, s->unit) : works_on(ctx, d);
	case DA_SUPPLEMENT:
		return is_applicant(ctx, d) || covers(ctx, "receiver", d->receiving_unit) ||
		       covers(ctx, "receiver", d->return_unit);
	case DA_EXTEND:
		return covers(ctx, "approver", d->resolver_unit);
	case DA_DECIDE:
		return d->nsteps > 0 && covers(ctx, "approver", d->steps[d->nsteps - 1].unit);
	case DA_RETURN:
		/* At the dossier's return unit only, whatever unit the body names. */
		return covers(ctx, "receiver", d->return_unit);
	case DA_STOP:
		return is_applicant(ctx, d) || covers(ctx, "receiver", d->receiving_unit);
	case DA_NACTION:
		break;
	}
	return false;
}

static void need(struct svc_ctx *ctx, const char *value, const char *field)
{
	if (!value || !*value)
		problem_add(ctx->problem, field, "is required", "trường bắt buộc");
}

/* Body rules that do not depend on the dossier's state. */
static void check_body(struct svc_ctx *ctx, const struct action_input *in)
{
	switch (in->action) {
	case DA_REQUEST_COMPLETION:
	case DA_REQUEST_SUPPLEMENT:
		need(ctx, in->items_json, "items");
		need(ctx, in->reason, "reason");
		break;
	case DA_REFUSE:
	case DA_STOP:
		need(ctx, in->reason, "reason");
		break;
	case DA_EXTEND:
		need(ctx, in->reason, "reason");
		if (!in->new_due_at)
			problem_add(ctx->problem, "new_due_at", "is required", "trường bắt buộc");
		break;
	case DA_DECIDE:
		if (!in->outcome || (strcmp(in->outcome, "approved") && strcmp(in->outcome, "denied")))
			problem_add(ctx->problem, "outcome", "must be approved or denied",
				    "kết quả phải là approved (giải quyết) hoặc denied (từ chối)");
		else if (!strcmp(in->outcome, "denied"))
			need(ctx, in->reason, "reason");
		else {
			need(ctx, in->result_number, "result.number");
			need(ctx, in->result_title, "result.title");
		}
		break;
	case DA_RETURN:
		if (in->channel && strcmp(in->channel, "counter") && strcmp(in->channel, "post") &&
		    strcmp(in->channel, "online"))
			problem_add(ctx->problem, "channel", "must be counter, post or online",
				    "hình thức trả phải là counter, post hoặc online");
		break;
	default:
		break;
	}
}

/* Documents named by the body must be the applicant's (or the caller's uploads). */
/* Documents named by an action: only ones the caller may read (documents_attachable). */
static void check_documents(struct svc_ctx *ctx, const struct action_input *in)
{
	for (size_t i = 0; i < in->ncomponents; i++)
		if (in->components[i].document &&
		    !documents_attachable(ctx, in->components[i].document))
			problem_add(ctx->problem, arena_printf(ctx->arena, "components[%zu].document", i),
				    "is not a known document of this applicant",
				    "tài liệu không tồn tại hoặc không thuộc người nộp này");
	if (in->result_document && !documents_attachable(ctx, in->result_document))
		problem_add(ctx->problem, "result.document", "is not a known document of this applicant",
			    "tài liệu không tồn tại hoặc không thuộc người nộp này");
}

static enum mc_err start_step(struct svc_ctx *ctx, struct dossier *d, size_t k)
{
	struct dossier_step *s = &d->steps[k - 1];
	d->current_step = (int64_t)k;
	s->started_at = ctx->now;
	return dossier__due(ctx, ctx->now, &s->duration, &s->due_at);
}

static void finish_step(struct svc_ctx *ctx, struct dossier_step *s)
{
	s->done_at = ctx->now;
	s->done_by = ctx->user->username;
	set(s->timeliness, sizeof(s->timeliness),
	    wc_timeliness_name(wc_classify(ctx->now, s->due_at)));
}

/* Merges supplied components; unknown ids are field errors. */
static enum mc_err merge_components(struct svc_ctx *ctx, struct dossier *d,
				    const struct action_input *in)
{
	struct dossier_component *c = arena_alloc(ctx->arena, sizeof(*c) * (in->ncomponents + 1));
	for (size_t i = 0; i < in->ncomponents; i++) {
		bool known = false;
		for (size_t j = 0; j < d->ncomponents; j++)
			if (!strcmp(d->components[j].id, in->components[i].id)) {
				known = true;
				d->components[j].provided |= in->components[i].provided;
				if (in->components[i].document)
					d->components[j].document = in->components[i].document;
			}
		if (!known)
			problem_add(ctx->problem, arena_printf(ctx->arena, "components[%zu].id", i),
				    "is not a component of this dossier",
				    "không phải thành phần của hồ sơ này");
		set(c[i].id, sizeof(c[i].id), in->components[i].id);
		c[i].provided = in->components[i].provided;
		c[i].document = in->components[i].document;
	}
	if (ctx->problem->n)
		return MC_EINVAL;
	return dstore_set_components(ctx->db, d->id, c, in->ncomponents);
}

static enum mc_err do_supplement(struct svc_ctx *ctx, struct dossier *d,
				 const struct action_input *in)
{
	int64_t paused = 0, due = d->due_at;
	enum mc_err err = merge_components(ctx, d, in);
	if (!err)
		err = dossier__working_between(ctx, d->paused_since, ctx->now, &paused);
	if (!err && paused > 0)
		err = dossier__shift(ctx, d->due_at, paused, &due);
	struct dossier_step *s = current(d);
	if (!err && s && s->due_at && paused > 0)
		err = dossier__shift(ctx, s->due_at, paused, &s->due_at);
	if (err)
		return err;
	d->due_at = due;
	d->paused_seconds += paused;
	d->paused_since = 0;
	if (s)
		s->paused_seconds += paused;
	return MC_OK;
}

static enum mc_err do_decide(struct svc_ctx *ctx, struct dossier *d, const struct action_input *in)
{
	struct dossier_step *s = current(d);
	if (!s || (size_t)d->current_step != d->nsteps) {
		problem_detail(ctx->problem, "the dossier is not at its last step",
			       "hồ sơ chưa đến bước cuối cùng");
		return MC_ECONFLICT;
	}
	finish_step(ctx, s);
	d->current_step = 0;
	d->decided_at = ctx->now;
	set(d->decision, sizeof(d->decision), in->outcome);
	d->decision_reason = in->reason;
	if (!strcmp(in->outcome, "approved")) {
		d->result_number = in->result_number;
		d->result_title = in->result_title;
		d->result_document = in->result_document;
	}
	set(d->timeliness, sizeof(d->timeliness),
	    ds_timeliness(ctx->now, d->due_at, d->extended_due_at != 0, d->supplement_requests));
	return MC_OK;
}

static enum mc_err apply_processing(struct svc_ctx *ctx, struct dossier *d,
				    const struct action_input *in)
{
	struct dossier_step *s = current(d);
	switch (in->action) {
	case DA_TRANSFER:
		if (d->nsteps == 0)
			return MC_EINTERNAL;
		return start_step(ctx, d, 1);
	case DA_COMPLETE_STEP:
		if (!s || (size_t)d->current_step >= d->nsteps) {
			problem_detail(ctx->problem, "the last step ends with a decision, not complete-step",
				       "bước cuối cùng kết thúc bằng quyết định giải quyết");
			return MC_ECONFLICT;
		}
		finish_step(ctx, s);
		return start_step(ctx, d, (size_t)d->current_step + 1);
	case DA_REQUEST_SUPPLEMENT:
		if (d->supplement_requests >= 1 && !in->exception) {
			problem_detail(ctx->problem,
				       "a supplement was already requested; a second one needs "
				       "\"exception\": true and makes the dossier late",
				       "đã yêu cầu bổ sung một lần; lần thứ hai phải là ngoại lệ");
			return MC_ECONFLICT;
		}
		d->supplement_requests++;
		d->paused_since = ctx->now;
		return MC_OK;
	case DA_SUPPLEMENT:
		return do_supplement(ctx, d, in);
	case DA_EXTEND:
		if (d->extended_due_at) {
			problem_detail(ctx->problem, "the dossier was already extended once",
				       "hồ sơ đã được gia hạn một lần");
			return MC_ECONFLICT;
		}
		if (in->new_due_at <= d->due_at) {
			problem_add(ctx->problem, "new_due_at", "must be after the current due time",
				    "ngày hẹn mới phải sau thời hạn hiện tại");
			return MC_EINVAL;
		}
		d->extended_due_at = in->new_due_at;
		d->extended_reason = in->reason;
		return MC_OK;
	case DA_DECIDE:
		return do_decide(ctx, d, in);
	default:
		return MC_OK;
	}
}


static enum mc_err apply(struct svc_ctx *ctx, struct dossier *d, const struct action_input *in)
{
	switch (in->action) {
	case DA_RECEIVE: {
		d->received_at = ctx->now;
		enum mc_err err = dossier__due(ctx, ctx->now, &d->duration, &d->due_at);
		if (!err)
			dossier__calendar_versions(ctx, d, d->received_at, d->due_at);
		return err;
	}
	case DA_RESUBMIT:
		return merge_components(ctx, d, in);
	case DA_REFUSE:
	case DA_STOP:
		d->closed_reason = in->reason;
		d->current_step = 0;
		return MC_OK;
	case DA_RETURN:
		d->returned_at = ctx->now;
		set(d->returned_channel, sizeof(d->returned_channel),
		    in->channel ? in->channel : d->return_channel);
		set(d->returned_unit, sizeof(d->returned_unit), d->return_unit);
		return MC_OK;
	case DA_REQUEST_COMPLETION:
		return MC_OK;
	default:
		return apply_processing(ctx, d, in);
	}
}

/* The history detail of an action: what the caller said. */
static char *event_detail(struct svc_ctx *ctx, const struct dossier *d,
			  const struct action_input *in)
{
	json_t *o = json_object();
	if (in->reason)
		json_object_set_new(o, "reason", json_string(in->reason));
	if (in->note)
		json_object_set_new(o, "note", json_string(in->note));
	if (in->items_json)
		json_object_set_new(o, "items", json_loads(in->items_json, 0, NULL));
	if (in->action == DA_REQUEST_SUPPLEMENT)
		json_object_set_new(o, "exception", json_boolean(in->exception));
	if (in->action == DA_EXTEND) {
		char t[32];
		civil_format_time(in->new_due_at, t);
		json_object_set_new(o, "new_due_at", json_string(t));
	}
	if (in->action == DA_DECIDE) {
		json_object_set_new(o, "outcome", json_string(in->outcome));
		json_object_set_new(o, "timeliness", json_string(d->timeliness));
	}
	if (in->action == DA_COMPLETE_STEP || in->action == DA_TRANSFER)
		json_object_set_new(o, "step", json_integer(d->current_step));
	if (in->action == DA_RETURN) {
		json_object_set_new(o, "channel", json_string(d->returned_channel));
		json_object_set_new(o, "unit", json_string(d->returned_unit));
	}
	char *s = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	char *out = arena_strdup(ctx->arena, s);
	free(s);
	return out;
}

/* The unit an action is taken at, for history. */
static const char *action_unit(const struct dossier *d, const struct action_input *in,
			       int64_t step_before)
{
	switch (in->action) {
	case DA_COMPLETE_STEP:
	case DA_REQUEST_SUPPLEMENT:
	case DA_DECIDE:
		return step_before > 0 ? d->steps[step_before - 1].unit : d->resolver_unit;
	case DA_EXTEND:
		return d->resolver_unit;
	case DA_RETURN:
		return d->returned_unit;
	default:
		return d->receiving_unit;
	}
}

static enum mc_err act_locked(struct svc_ctx *ctx, const char *code, const struct action_input *in,
			      struct dossier *d)
{
	enum ds_status from, to;
	enum mc_err err = dstore_get(ctx->db, ctx->arena, code, d);
	if (err)
		return err;
	if (!dossier_visible(ctx, d))
		return MC_ENOTFOUND;
	if (!may_act(ctx, d, in))
		return MC_EFORBIDDEN;
	check_body(ctx, in);
	check_documents(ctx, in);
	if (ctx->problem->n)
		return MC_EINVAL;
	if (in->if_match && in->if_match != d->version) {
		problem_detail(ctx->problem, "the dossier changed since you read it (If-Match)",
			       "hồ sơ đã thay đổi, vui lòng tải lại");
		return MC_ECONFLICT;
	}
	if (ds_status_parse(d->status, &from) != MC_OK)
		return MC_EINTERNAL;
	if (!ds_transition(in->action, from, &to)) {
		problem_detail(ctx->problem,
			       arena_printf(ctx->arena, "%s is not possible while the dossier is %s",
					    ds_action_name(in->action), d->status),
			       "thao tác không phù hợp với trạng thái hiện tại của hồ sơ");
		return MC_ECONFLICT;
	}
	int64_t step_before = d->current_step;
	err = apply(ctx, d, in);
	if (err)
		return err;
	set(d->status, sizeof(d->status), ds_status_name(to));
	err = dstore_update(ctx->db, d);
	if (!err)
		err = documents_record_uses(ctx, d);
	if (!err)
		err = dossier__record(ctx, d, ds_action_name(in->action), action_unit(d, in, step_before),
				      ds_status_name(from), ds_status_name(to), event_detail(ctx, d, in));
	return err;
}

enum mc_err dossier_act(struct svc_ctx *ctx, const char *code, const struct action_input *in,
			struct dossier *out)
{
	if (!ctx->user)
		return MC_EAUTH;
	enum mc_err err = db_begin_write(ctx->db);
	if (!err)
		err = act_locked(ctx, code, in, out);
	if (!err)
		err = db_commit(ctx->db);
	db_rollback(ctx->db);
	return err;
}

size_t dossier_allowed(struct svc_ctx *ctx, struct dossier *d, const char *out[DA_NACTION])
{
	enum ds_status from, to;
	size_t n = 0;
	if (!ctx->user || ds_status_parse(d->status, &from) != MC_OK)
		return 0;
	for (int a = 0; a < DA_NACTION; a++) {
		struct action_input in = {.action = (enum ds_action)a};
		if (!ds_transition(in.action, from, &to) || !may_act(ctx, d, &in))
			continue;
		if (in.action == DA_COMPLETE_STEP && (d->current_step < 1 ||
						      (size_t)d->current_step >= d->nsteps))
			continue;
		if (in.action == DA_DECIDE && (d->current_step < 1 || (size_t)d->current_step != d->nsteps))
			continue;
		if (in.action == DA_EXTEND && d->extended_due_at)
			continue;
		out[n++] = ds_action_name(in.action);
	}
	return n;
}

bool dossier_overdue(const struct dossier *d, int64_t now)
{
	int64_t due = d->extended_due_at ? d->extended_due_at : d->due_at;
	bool open = !strcmp(d->status, "received") || !strcmp(d->status, "processing");
	return open && due && due < now;
}
