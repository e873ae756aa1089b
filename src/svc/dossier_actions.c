/* The actions of API.md's table, from one descriptor per action (the table `actions` below): its
 * body fields, who may take it, the checks of its body and of the dossier beyond the status, its
 * change, and what its history event records. The status it may start from and the status it
 * leads to are the state machine's (domain/dossier_state.h). From the table come the handler's
 * field list (dossier_action_fields), the permission check, the transition and the actions a
 * caller may take (allowed_actions). Each action runs in one write transaction: load, check who
 * may act (404 when the caller cannot see the dossier, 403 when it may see but not act), check
 * the body (422), the version (If-Match) and the status (409), apply, record history and audit.
 * The return's rules live in dossier_return.c; send-back and the workflow checks (opinions waiting,
 * the delegation of a decision) in dossier_workflow.c. */
#include "base/base.h"

#include <jansson.h>

#include "base/civil.h"
#include "domain/workclock.h"
#include "svc/calendar_days.h"
#include "svc/documents.h"
#include "svc/dossiers_internal.h"
#include "svc/perm.h"
#include "svc/signing.h"
#include "store/db.h"
#include "store/dossier_store.h"

/* The body fields an action may take, in API.md spelling (field_names). The order is that of
 * "is required" errors when several are missing. */
enum act_field {
	AF_ITEMS,
	AF_OUTCOME,
	AF_REASON,
	AF_EXCEPTION,
	AF_NEW_DUE_AT,
	AF_RESULT,
	AF_COMPONENTS,
	AF_NOTE,
	AF_CHANNEL,
	AF_UNIT,
	AF_ADDRESS,
	AF_TRACKING_NUMBER,
	AF_TO_STEP,
	AF_NFIELD
};

static const char *const field_names[AF_NFIELD] = {
	"items", "outcome", "reason", "exception", "new_due_at", "result", "components", "note",
	"channel", "unit", "address", "tracking_number", "to_step",
};

#define F(f) (1u << (f))

_Static_assert(AF_NFIELD <= DOSSIER_ACTION_FIELDS_MAX, "dossiers.h: DOSSIER_ACTION_FIELDS_MAX");

/* Who may take an action: any one of the descriptor's bits suffices. */
enum act_who {
	WHO_APPLICANT = 1u << 0,          /* the applicant's citizen account (dossier_citizen_covers) */
	WHO_RECEIVER_RECEIVING = 1u << 1, /* a receiver covering the receiving unit */
	WHO_RECEIVER_RETURN = 1u << 2,    /* a receiver covering the return unit */
	WHO_STEP = 1u << 3,               /* the current step's role covering the step's unit; with
					     no current step, anyone who works on the dossier */
	WHO_APPROVER_RESOLVER = 1u << 4,  /* an approver covering the resolver unit */
	WHO_APPROVER_LAST_STEP = 1u << 5, /* an approver covering the last step's unit */
};

/* The unit a history event names: where the action was taken. */
enum act_at {
	AT_RECEIVING, /* the receiving unit */
	AT_STEP,      /* the unit of the step current before the action (else the resolver) */
	AT_RESOLVER,  /* the resolver unit */
	AT_RETURNED,  /* the unit the result was returned at */
};

/* What the history detail records beyond the body's reason, note and items. */
enum act_detail {
	HD_EXCEPTION = 1u << 0,  /* "exception": true or false */
	HD_NEW_DUE_AT = 1u << 1, /* "new_due_at" */
	HD_DECISION = 1u << 2,   /* "outcome" and the "timeliness" it fixed */
	HD_STEP = 1u << 3,       /* "step": the current step after the action */
	HD_RETURN = 1u << 4,     /* "channel" and "unit" of the return; by post, "address" and
				    "tracking_number" */
	HD_LATE_NOTICE = 1u << 5, /* "late_notice": true or false */
	HD_SEND_BACK = 1u << 6,   /* "from_step", "to_step" and the reopened step's "due_at" */
};

/* Why an action does not fit the dossier beyond its status (409). */
struct act_refusal {
	const char *en, *vi;
};

struct act_def {
	unsigned fields;   /* F(AF_...): the body it takes; any other field is unknown (422) */
	unsigned required; /* F(AF_...): fields that must be given (422) */
	unsigned who;      /* WHO_...: any one suffices (403 otherwise) */
	/* Body rules beyond required fields, adding to ctx->problem (422); NULL: none. */
	void (*check)(struct svc_ctx *ctx, const struct action_input *in);
	/* A rule of the dossier beyond its status (409), checked after the status; in is NULL when
	 * the body is not known (allowed_actions: may some body pass?). NULL: none. */
	const struct act_refusal *(*guard)(const struct dossier *d, const struct action_input *in);
	/* The change, the status aside; NULL: none. */
	enum mc_err (*apply)(struct svc_ctx *ctx, struct dossier *d, const struct action_input *in);
	enum act_at at;
	unsigned detail; /* HD_... */
};

static void set(char *dst, size_t cap, const char *src)
{
	str_copy(dst, cap, src);
}

static bool at_a_step(const struct dossier *d)
{
	return d->current_step >= 1 && (size_t)d->current_step <= d->nsteps;
}

static struct dossier_step *current(struct dossier *d)
{
	return at_a_step(d) ? &d->steps[d->current_step - 1] : NULL;
}

/* Who may act. */

static bool covers(struct svc_ctx *ctx, const char *role, const char *unit)
{
	return unit && *unit && perm_check(ctx, role, unit) == MC_OK;
}

/* Whether a processor or approver covers any unit where the dossier is worked. */
static bool works_on(struct svc_ctx *ctx, const struct dossier *d)
{
	for (size_t i = 0; i < d->nsteps; i++)
		if (covers(ctx, d->steps[i].role, d->steps[i].unit))
			return true;
	return covers(ctx, "processor", d->resolver_unit) || covers(ctx, "approver", d->resolver_unit);
}

static bool is_who(struct svc_ctx *ctx, const struct dossier *d, enum act_who w)
{
	const struct dossier_step *s = at_a_step(d) ? &d->steps[d->current_step - 1] : NULL;
	switch (w) {
	case WHO_APPLICANT: return dossier_citizen_covers(ctx->user, d);
	case WHO_RECEIVER_RECEIVING: return covers(ctx, "receiver", d->receiving_unit);
	case WHO_RECEIVER_RETURN: return covers(ctx, "receiver", d->return_unit);
	case WHO_STEP: return s ? covers(ctx, s->role, s->unit) : works_on(ctx, d);
	case WHO_APPROVER_RESOLVER: return covers(ctx, "approver", d->resolver_unit);
	case WHO_APPROVER_LAST_STEP:
		return d->nsteps > 0 && covers(ctx, "approver", d->steps[d->nsteps - 1].unit);
	}
	return false;
}

static bool may_act(struct svc_ctx *ctx, const struct dossier *d, unsigned who)
{
	for (unsigned w = 1; w && w <= who; w <<= 1)
		if ((who & w) && is_who(ctx, d, (enum act_who)w))
			return true;
	return false;
}

/* Body checks. */

static bool given(const struct action_input *in, enum act_field f)
{
	switch (f) {
	case AF_ITEMS: return in->items_json && *in->items_json;
	case AF_REASON: return in->reason && *in->reason;
	case AF_NEW_DUE_AT: return in->new_due_at != 0;
	case AF_TO_STEP: return in->to_step != 0;
	default: return true; /* never required */
	}
}

static void need(struct svc_ctx *ctx, const char *value, const char *field)
{
	if (!value || !*value)
		problem_add(ctx->problem, field, "is required", "trường bắt buộc");
}

static void check_decision(struct svc_ctx *ctx, const struct action_input *in)
{
	if (!in->outcome || (strcmp(in->outcome, "approved") && strcmp(in->outcome, "denied")))
		problem_add(ctx->problem, "outcome", "must be approved or denied",
			    "kết quả phải là approved (giải quyết) hoặc denied (từ chối)");
	else if (!strcmp(in->outcome, "denied"))
		need(ctx, in->reason, "reason");
	else {
		need(ctx, in->result_number, "result.number");
		need(ctx, in->result_title, "result.title");
	}
}

static void check_channel(struct svc_ctx *ctx, const struct action_input *in)
{
	if (in->channel && strcmp(in->channel, "counter") && strcmp(in->channel, "post") &&
	    strcmp(in->channel, "online"))
		problem_add(ctx->problem, "channel", "must be counter, post or online",
			    "hình thức trả phải là counter, post hoặc online");
}

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

/* The body's rules (422): required fields in field order, the action's own checks, documents. */
static void check_body(struct svc_ctx *ctx, const struct act_def *def,
		       const struct action_input *in)
{
	for (int f = 0; f < AF_NFIELD; f++)
		if ((def->required & F(f)) && !given(in, (enum act_field)f))
			problem_add(ctx->problem, field_names[f], "is required", "trường bắt buộc");
	if (def->check)
		def->check(ctx, in);
	check_documents(ctx, in);
}

/* Guards: rules of the dossier beyond its status. */

static const struct act_refusal *not_last_step(const struct dossier *d,
					       const struct action_input *in)
{
	static const struct act_refusal r = {
		"the last step ends with a decision, not complete-step",
		"bước cuối cùng kết thúc bằng quyết định giải quyết"};
	MC_UNUSED(in);
	return !at_a_step(d) || (size_t)d->current_step >= d->nsteps ? &r : NULL;
}

static const struct act_refusal *at_last_step(const struct dossier *d,
					      const struct action_input *in)
{
	static const struct act_refusal r = {"the dossier is not at its last step",
					     "hồ sơ chưa đến bước cuối cùng"};
	MC_UNUSED(in);
	return !at_a_step(d) || (size_t)d->current_step != d->nsteps ? &r : NULL;
}

/* A send-back needs an earlier step to go back to. */
static const struct act_refusal *after_first_step(const struct dossier *d,
						 const struct action_input *in)
{
	static const struct act_refusal r = {"the dossier is not past its first step",
					     "hồ sơ đang ở bước đầu tiên, không có bước trước để trả lại"};
	MC_UNUSED(in);
	return !at_a_step(d) || d->current_step < 2 ? &r : NULL;
}

/* Once, unless the body says it is an exception (which makes the dossier late). */
static const struct act_refusal *first_supplement(const struct dossier *d,
						  const struct action_input *in)
{
	static const struct act_refusal r = {
		"a supplement was already requested; a second one needs \"exception\": true and "
		"makes the dossier late",
		"đã yêu cầu bổ sung một lần; lần thứ hai phải là ngoại lệ"};
	return in && d->supplement_requests >= 1 && !in->exception ? &r : NULL;
}

static const struct act_refusal *not_extended(const struct dossier *d,
					      const struct action_input *in)
{
	static const struct act_refusal r = {"the dossier was already extended once",
					     "hồ sơ đã được gia hạn một lần"};
	MC_UNUSED(in);
	return d->extended_due_at ? &r : NULL;
}

/* Changes. */

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

static enum mc_err apply_receive(struct svc_ctx *ctx, struct dossier *d,
				 const struct action_input *in)
{
	MC_UNUSED(in);
	d->received_at = ctx->now;
	enum mc_err err = dossier__due(ctx, ctx->now, &d->duration, &d->due_at);
	if (!err)
		dossier__calendar_versions(ctx, d, d->received_at, d->due_at);
	return err;
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

static enum mc_err apply_close(struct svc_ctx *ctx, struct dossier *d,
			       const struct action_input *in)
{
	MC_UNUSED(ctx);
	d->closed_reason = in->reason;
	d->current_step = 0;
	return MC_OK;
}

static enum mc_err apply_transfer(struct svc_ctx *ctx, struct dossier *d,
				  const struct action_input *in)
{
	MC_UNUSED(in);
	if (d->nsteps == 0)
		return MC_EINTERNAL;
	return start_step(ctx, d, 1);
}

static enum mc_err apply_complete_step(struct svc_ctx *ctx, struct dossier *d,
				       const struct action_input *in)
{
	MC_UNUSED(in);
	finish_step(ctx, current(d));
	return start_step(ctx, d, (size_t)d->current_step + 1);
}

static enum mc_err apply_request_supplement(struct svc_ctx *ctx, struct dossier *d,
					    const struct action_input *in)
{
	MC_UNUSED(in);
	d->supplement_requests++;
	d->paused_since = ctx->now;
	return MC_OK;
}

/* The components come in; the clock restarts, the due times move by the paused working time. */
static enum mc_err apply_supplement(struct svc_ctx *ctx, struct dossier *d,
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

/* The new date is a working time (inside a working period of a working day, its ends included)
 * after the current due time. An extension recorded less than one working day of the calendar
 * before the due time is kept but marked a late notice (docs/decisions.md "Extensions and
 * returns"); one recorded after the due time is one too. */
static enum mc_err apply_extend(struct svc_ctx *ctx, struct dossier *d,
				const struct action_input *in)
{
	bool working = false;
	int64_t left = 0;
	if (in->new_due_at <= d->due_at) {
		problem_add(ctx->problem, "new_due_at", "must be after the current due time",
			    "ngày hẹn mới phải sau thời hạn hiện tại");
		return MC_EINVAL;
	}
	if (calendar_is_working_time(ctx, in->new_due_at, &working) != MC_OK || !working) {
		ctx->problem->n = 0;
		ctx->problem->head = ctx->problem->tail = NULL;
		problem_add(ctx->problem, "new_due_at",
			    "must be a working time (a working day, within working hours)",
			    "ngày hẹn mới phải là thời gian làm việc (ngày làm việc, trong giờ hành chính)");
		return MC_EINVAL;
	}
	enum mc_err err = calendar_between(ctx, ctx->now, d->due_at, &left);
	if (err)
		return err;
	d->extended_due_at = in->new_due_at;
	d->extended_reason = in->reason;
	d->extended_at = ctx->now;
	d->extended_late = left < calendar_day_seconds(ctx);
	return MC_OK;
}

static enum mc_err apply_decide(struct svc_ctx *ctx, struct dossier *d,
				const struct action_input *in)
{
	finish_step(ctx, current(d));
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

/* One entry per action (API.md "Actions"); the statuses are the state machine's. */
static const struct act_def actions[DA_NACTION] = {
	[DA_RECEIVE] = {.who = WHO_RECEIVER_RECEIVING, .apply = apply_receive, .at = AT_RECEIVING},
	[DA_REQUEST_COMPLETION] = {.fields = F(AF_ITEMS) | F(AF_REASON),
				   .required = F(AF_ITEMS) | F(AF_REASON),
				   .who = WHO_RECEIVER_RECEIVING,
				   .at = AT_RECEIVING},
	[DA_RESUBMIT] = {.fields = F(AF_COMPONENTS),
			 .who = WHO_APPLICANT,
			 .apply = merge_components,
			 .at = AT_RECEIVING},
	[DA_REFUSE] = {.fields = F(AF_REASON),
		       .required = F(AF_REASON),
		       .who = WHO_RECEIVER_RECEIVING,
		       .apply = apply_close,
		       .at = AT_RECEIVING},
	[DA_TRANSFER] = {.who = WHO_RECEIVER_RECEIVING,
			 .apply = apply_transfer,
			 .at = AT_RECEIVING,
			 .detail = HD_STEP},
	[DA_COMPLETE_STEP] = {.fields = F(AF_NOTE),
			      .who = WHO_STEP,
			      .guard = not_last_step,
			      .apply = apply_complete_step,
			      .at = AT_STEP,
			      .detail = HD_STEP},
	[DA_REQUEST_SUPPLEMENT] = {.fields = F(AF_ITEMS) | F(AF_REASON) | F(AF_EXCEPTION),
				   .required = F(AF_ITEMS) | F(AF_REASON),
				   .who = WHO_STEP,
				   .guard = first_supplement,
				   .apply = apply_request_supplement,
				   .at = AT_STEP,
				   .detail = HD_EXCEPTION},
	[DA_SUPPLEMENT] = {.fields = F(AF_COMPONENTS),
			   .who = WHO_APPLICANT | WHO_RECEIVER_RECEIVING | WHO_RECEIVER_RETURN,
			   .apply = apply_supplement,
			   .at = AT_RECEIVING},
	[DA_EXTEND] = {.fields = F(AF_REASON) | F(AF_NEW_DUE_AT),
		       .required = F(AF_REASON) | F(AF_NEW_DUE_AT),
		       .who = WHO_APPROVER_RESOLVER,
		       .guard = not_extended,
		       .apply = apply_extend,
		       .at = AT_RESOLVER,
		       .detail = HD_NEW_DUE_AT | HD_LATE_NOTICE},
	[DA_DECIDE] = {.fields = F(AF_OUTCOME) | F(AF_REASON) | F(AF_RESULT),
		       .who = WHO_APPROVER_LAST_STEP,
		       .check = check_decision,
		       .guard = at_last_step,
		       .apply = apply_decide,
		       .at = AT_STEP,
		       .detail = HD_DECISION},
	[DA_RETURN] = {.fields = F(AF_CHANNEL) | F(AF_UNIT) | F(AF_ADDRESS) | F(AF_TRACKING_NUMBER),
		       .who = WHO_RECEIVER_RETURN,
		       .check = check_channel,
		       .apply = dossier__apply_return,
		       .at = AT_RETURNED,
		       .detail = HD_RETURN},
	[DA_STOP] = {.fields = F(AF_REASON),
		     .required = F(AF_REASON),
		     .who = WHO_APPLICANT | WHO_RECEIVER_RECEIVING,
		     .apply = apply_close,
		     .at = AT_RECEIVING},
	[DA_SEND_BACK] = {.fields = F(AF_REASON) | F(AF_TO_STEP),
			  .required = F(AF_REASON) | F(AF_TO_STEP),
			  .who = WHO_STEP,
			  .check = dossier__check_send_back,
			  .guard = after_first_step,
			  .apply = dossier__send_back,
			  .at = AT_STEP,
			  .detail = HD_SEND_BACK},
};

/* History. */

/* The history detail of an action: what the caller said, and what the descriptor adds. */
static char *event_detail(struct svc_ctx *ctx, const struct act_def *def, const struct dossier *d,
			  const struct action_input *in, int64_t step_before)
{
	json_t *o = json_object();
	if (in->reason)
		json_object_set_new(o, "reason", json_string(in->reason));
	if (in->note)
		json_object_set_new(o, "note", json_string(in->note));
	if (in->items_json)
		json_object_set_new(o, "items", json_loads(in->items_json, 0, NULL));
	if (def->detail & HD_EXCEPTION)
		json_object_set_new(o, "exception", json_boolean(in->exception));
	if (def->detail & HD_NEW_DUE_AT) {
		char t[32];
		civil_format_time(in->new_due_at, t);
		json_object_set_new(o, "new_due_at", json_string(t));
	}
	if (def->detail & HD_DECISION) {
		json_object_set_new(o, "outcome", json_string(in->outcome));
		json_object_set_new(o, "timeliness", json_string(d->timeliness));
		if (d->delegation_id) /* decided under this delegation (dossier_workflow.c) */
			json_object_set_new(o, "delegation", json_integer(d->delegation_id));
	}
	if (def->detail & HD_STEP)
		json_object_set_new(o, "step", json_integer(d->current_step));
	if (def->detail & HD_RETURN) {
		json_object_set_new(o, "channel", json_string(d->returned_channel));
		json_object_set_new(o, "unit", json_string(d->returned_unit));
		if (d->returned_tracking) {
			json_object_set_new(o, "address", json_string(d->returned_address));
			json_object_set_new(o, "tracking_number", json_string(d->returned_tracking));
		}
	}
	if (def->detail & HD_SEND_BACK) {
		char t[32];
		civil_format_time(d->steps[d->current_step - 1].due_at, t);
		json_object_set_new(o, "from_step", json_integer(step_before));
		json_object_set_new(o, "to_step", json_integer(d->current_step));
		json_object_set_new(o, "due_at", json_string(t));
	}
	if (def->detail & HD_LATE_NOTICE)
		json_object_set_new(o, "late_notice", json_boolean(d->extended_late));
	char *s = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	char *out = arena_strdup(ctx->arena, s);
	free(s);
	return out;
}

static const char *action_unit(const struct act_def *def, const struct dossier *d,
			       int64_t step_before)
{
	switch (def->at) {
	case AT_STEP: return step_before > 0 ? d->steps[step_before - 1].unit : d->resolver_unit;
	case AT_RESOLVER: return d->resolver_unit;
	case AT_RETURNED: return d->returned_unit;
	case AT_RECEIVING: break;
	}
	return d->receiving_unit;
}

/* Deriving from the table. */

size_t dossier_action_fields(enum ds_action a, const char *out[DOSSIER_ACTION_FIELDS_MAX + 1])
{
	size_t n = 0;
	for (int f = 0; (unsigned)a < DA_NACTION && f < AF_NFIELD; f++)
		if (actions[a].fields & F(f))
			out[n++] = field_names[f];
	out[n] = NULL;
	return n;
}

unsigned dossier__allowed(struct svc_ctx *ctx, const struct dossier *d)
{
	enum ds_status to;
	unsigned set = 0;
	if (!ctx->user)
		return 0;
	for (int a = 0; a < DA_NACTION; a++) {
		const struct act_def *def = &actions[a];
		if (ds_transition((enum ds_action)a, d->status, &to) && may_act(ctx, d, def->who) &&
		    (!def->guard || !def->guard(d, NULL)))
			set |= 1u << a;
	}
	return set;
}

size_t dossier_allowed(struct svc_ctx *ctx, struct dossier *d, const char *out[DA_NACTION])
{
	unsigned set = dossier__allowed(ctx, d);
	size_t n = 0;
	for (int a = 0; a < DA_NACTION; a++)
		if (set & (1u << a))
			out[n++] = ds_action_name((enum ds_action)a);
	return n;
}

/* The action. */

struct act_run {
	const char *code;
	const struct action_input *in;
	struct dossier *d;
	unsigned *allowed;
	const struct signed_result *signed_; /* decide: the result signed before the transaction */
};

static enum mc_err refuse_status(struct svc_ctx *ctx, const struct dossier *d, enum ds_action a)
{
	problem_detail(ctx->problem,
		       arena_printf(ctx->arena, "%s is not possible while the dossier is %s",
				    ds_action_name(a), ds_status_name(d->status)),
		       "thao tác không phù hợp với trạng thái hiện tại của hồ sơ");
	return MC_ECONFLICT;
}

/* Everything before the change: who, the body, the version, the status and the guard. */
static enum mc_err act_check(struct svc_ctx *ctx, const struct act_def *def, struct dossier *d,
			     const struct action_input *in, enum ds_status *to)
{
	if (!dossier_visible(ctx, d))
		return MC_ENOTFOUND;
	if (!may_act(ctx, d, def->who))
		return MC_EFORBIDDEN;
	check_body(ctx, def, in);
	if (ctx->problem->n)
		return MC_EINVAL;
	if (in->if_match && in->if_match != d->version) {
		problem_detail(ctx->problem, "the dossier changed since you read it (If-Match)",
			       "hồ sơ đã thay đổi, vui lòng tải lại");
		return MC_ECONFLICT;
	}
	if (!ds_transition(in->action, d->status, to))
		return refuse_status(ctx, d, in->action);
	const struct act_refusal *no = def->guard ? def->guard(d, in) : NULL;
	if (no) {
		problem_detail(ctx->problem, no->en, no->vi);
		return MC_ECONFLICT;
	}
	return MC_OK;
}

static enum mc_err act_tx(struct svc_ctx *ctx, void *arg)
{
	static const struct act_def nobody = {.who = 0}; /* an action out of range: 403 */
	struct act_run *run = arg;
	const struct action_input *in = run->in;
	const struct act_def *def = (unsigned)in->action < DA_NACTION ? &actions[in->action] : &nobody;
	struct dossier *d = run->d;
	enum ds_status from, to;
	enum mc_err err = dstore_get(ctx->db, ctx->arena, run->code, d);
	if (!err)
		err = act_check(ctx, def, d, in, &to);
	if (!err && in->action == DA_RETURN)
		err = dossier__check_online_return(ctx, d, in);
	if (!err && in->action == DA_RETURN)
		err = fees_check_return(ctx, d);
	if (!err && (in->action == DA_COMPLETE_STEP || in->action == DA_DECIDE))
		err = dossier__check_opinions(ctx, d);
	if (!err && in->action == DA_DECIDE)
		err = dossier__check_delegation(ctx, d);
	if (err)
		return err;
	from = d->status;
	int64_t step_before = d->current_step;
	err = def->apply ? def->apply(ctx, d, in) : MC_OK;
	if (!err && run->signed_ && run->signed_->done) {
		err = signing_record(ctx, d->id, in->result_document, run->signed_);
		d->result_document = run->signed_->doc.id;
	}
	if (err)
		return err;
	d->status = to;
	err = dstore_update(ctx->db, d);
	if (!err && in->action == DA_DECIDE && d->delegation_id)
		err = dossier__record_delegation(ctx, d);
	if (!err)
		err = documents_record_uses(ctx, d);
	if (!err)
		err = dossier_record(ctx, d, ds_action_name(in->action),
				     action_unit(def, d, step_before), ds_status_name(from),
				     ds_status_name(to), event_detail(ctx, def, d, in, step_before));
	if (!err && (in->action == DA_REFUSE || in->action == DA_STOP))
		err = fees_on_close(ctx, d, from, ds_action_name(in->action));
	if (!err && run->allowed)
		*run->allowed = dossier__allowed(ctx, d);
	return err;
}

/* The checks of a decision, in a read transaction, before its result is signed. */
static enum mc_err presign_tx(struct svc_ctx *ctx, void *arg)
{
	struct act_run *run = arg;
	enum ds_status to;
	enum mc_err err = dstore_get(ctx->db, ctx->arena, run->code, run->d);
	return err ? err : act_check(ctx, &actions[DA_DECIDE], run->d, run->in, &to);
}

/* An approval with a result document: the deciding unit (the last step's) signs it with its
 * certificate in force, before the decision's write transaction (signing is slow work). */
static enum mc_err presign(struct svc_ctx *ctx, struct act_run *run, struct signed_result *sr)
{
	const struct action_input *in = run->in;
	memset(sr, 0, sizeof(*sr));
	if (in->action != DA_DECIDE || !in->result_document || !in->outcome ||
	    strcmp(in->outcome, "approved") != 0)
		return MC_OK;
	enum mc_err err = svc_read(ctx, presign_tx, run);
	if (err)
		return err;
	const struct dossier *d = run->d;
	return signing_sign_result(ctx, d->steps[d->nsteps - 1].unit, in->result_document,
				   d->applicant_id, sr);
}

enum mc_err dossier_act_with_actions(struct svc_ctx *ctx, const char *code,
				     const struct action_input *in, struct dossier *out,
				     unsigned *allowed)
{
	struct act_run run = {code, in, out, allowed, NULL};
	struct signed_result *sr = arena_alloc(ctx->arena, sizeof(*sr));
	if (!ctx->user)
		return MC_EAUTH;
	enum mc_err err = presign(ctx, &run, sr);
	if (err)
		return err;
	run.signed_ = sr;
	return svc_write(ctx, act_tx, &run);
}

enum mc_err dossier_act(struct svc_ctx *ctx, const char *code, const struct action_input *in,
			struct dossier *out)
{
	return dossier_act_with_actions(ctx, code, in, out, NULL);
}

bool dossier_overdue(const struct dossier *d, int64_t now)
{
	return ds_overdue(d->status, d->due_at, d->extended_due_at, now);
}
