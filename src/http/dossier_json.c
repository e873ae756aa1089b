/* Rendering dossiers as JSON. Times are RFC 3339 with +07:00; absent values are null. */
#include "base/base.h"

#include "base/buf.h"
#include "base/civil.h"
#include "domain/dossier_state.h"
#include "http/dossier_json.h"
#include "http/http.h"
#include "http/json_text.h"

static json_t *str_or_null(const char *s)
{
	return s && *s ? json_string(s) : json_null();
}

static json_t *step_json(const struct dossier_step *s)
{
	return json_pack("{s:I, s:s, s:s, s:s, s:{s:I, s:s}, s:o, s:o, s:o, s:o}", "index",
			 (json_int_t)s->idx, "name", s->name ? s->name : "", "unit", s->unit, "role",
			 s->role, "duration", "value", (json_int_t)s->duration.value, "unit",
			 s->duration.unit, "started_at", time_or_null(s->started_at), "due_at",
			 time_or_null(s->due_at), "done_at", time_or_null(s->done_at), "timeliness",
			 str_or_null(s->timeliness));
}

json_t *opinion_json(const struct dossier_opinion *o)
{
	json_t *j = json_pack("{s:I, s:I, s:s, s:o, s:o, s:s, s:I, s:o}", "id", (json_int_t)o->id,
			      "step", (json_int_t)o->step, "unit", o->unit, "question",
			      str_or_null(o->question), "asked_at", time_or_null(o->asked_at),
			      "asked_by", o->asked_by ? o->asked_by : "", "due_days",
			      (json_int_t)o->due_days, "due_at", time_or_null(o->due_at));
	json_object_set_new(j, "answered_at", time_or_null(o->answered_at));
	json_object_set_new(j, "answered_by", str_or_null(o->answered_by));
	json_object_set_new(j, "agree", o->answered_at ? json_boolean(o->agree) : json_null());
	json_object_set_new(j, "answer", str_or_null(o->answer));
	json_object_set_new(j, "timeliness", str_or_null(o->timeliness));
	return j;
}

json_t *delegation_json(const struct delegation *g)
{
	json_t *j = json_pack("{s:I, s:s, s:o, s:{s:o, s:s}, s:s, s:s, s:o, s:o}", "id",
			      (json_int_t)g->id, "procedure", g->procedure_code, "unit",
			      str_or_null(g->unit), "delegating_agency", "unit",
			      str_or_null(g->delegating_unit), "name",
			      g->delegating_name ? g->delegating_name : "", "decision_number",
			      g->decision_number ? g->decision_number : "", "decision_date",
			      g->decision_date, "valid_from", time_or_null(g->valid_from), "valid_to",
			      time_or_null(g->valid_to));
	json_object_set_new(j, "ended_at", time_or_null(g->ended_at));
	json_object_set_new(j, "ended_by", str_or_null(g->ended_by));
	json_object_set_new(j, "created_at", time_or_null(g->created_at));
	json_object_set_new(j, "created_by", str_or_null(g->created_by));
	return j;
}

static json_t *current_step_json(const struct dossier *d)
{
	if (d->current_step < 1 || (size_t)d->current_step > d->nsteps)
		return json_null();
	const struct dossier_step *s = &d->steps[d->current_step - 1];
	return json_pack("{s:I, s:s, s:s, s:s, s:o, s:o}", "index", (json_int_t)s->idx, "name",
			 s->name ? s->name : "", "unit", s->unit, "role", s->role, "started_at",
			 time_or_null(s->started_at), "due_at", time_or_null(s->due_at));
}

static json_t *applicant_json(const struct dossier *d)
{
	return json_pack("{s:s, s:s, s:s, s:o, s:o, s:o}", "kind", d->applicant_kind, "name",
			 d->applicant_name ? d->applicant_name : "", "id_number", d->applicant_id,
			 "phone", str_or_null(d->applicant_phone), "email",
			 str_or_null(d->applicant_email), "address", str_or_null(d->applicant_address));
}

static json_t *result_json(const struct dossier *d)
{
	if (!d->result_number && !d->result_title)
		return json_null();
	return json_pack("{s:o, s:o, s:o}", "number", str_or_null(d->result_number), "title",
			 str_or_null(d->result_title), "document", str_or_null(d->result_document));
}

static void add_progress(json_t *o, const struct dossier *d)
{
	json_object_set_new(o, "current_step", current_step_json(d));
	json_object_set_new(o, "received_at", time_or_null(d->received_at));
	json_object_set_new(o, "due_at", time_or_null(d->due_at));
	json_object_set_new(o, "paused", d->paused_since ? json_pack("{s:o}", "since",
								     time_or_null(d->paused_since))
							 : json_null());
	json_object_set_new(o, "extended",
			    d->extended_due_at
				    ? json_pack("{s:o, s:o, s:o, s:b}", "new_due_at",
						time_or_null(d->extended_due_at), "reason",
						str_or_null(d->extended_reason), "at",
						time_or_null(d->extended_at), "late_notice",
						d->extended_late)
				    : json_null());
	json_object_set_new(o, "decided_at", time_or_null(d->decided_at));
	json_object_set_new(o, "decision", str_or_null(d->decision));
	json_object_set_new(o, "decision_reason", str_or_null(d->decision_reason));
	json_object_set_new(o, "result", result_json(d));
	json_object_set_new(o, "timeliness", str_or_null(d->timeliness));
	json_object_set_new(o, "returned_at", time_or_null(d->returned_at));
	json_object_set_new(o, "returned_unit", str_or_null(d->returned_unit));
	json_object_set_new(o, "returned_channel",
			    d->returned_channel[0] ? json_string(d->returned_channel) : json_null());
	json_object_set_new(o, "postal",
			    d->returned_tracking
				    ? json_pack("{s:o, s:s}", "address", str_or_null(d->returned_address),
						"tracking_number", d->returned_tracking)
				    : json_null());
	json_object_set_new(o, "closed_reason", str_or_null(d->closed_reason));
	json_object_set_new(o, "supplement_requests", json_integer(d->supplement_requests));
	json_object_set_new(o, "submitted_at", time_or_null(d->submitted_at));
	json_object_set_new(o, "rating", str_or_null(d->rating));
}

static json_t *base_json(const struct dossier *d)
{
	json_t *o = json_pack("{s:s, s:s, s:{s:s, s:s, s:I}, s:o, s:s, s:s, s:s, s:s, s:s}", "code",
			      d->code, "status", ds_status_name(d->status), "procedure", "code",
			      d->procedure_code, "name", d->procedure_name ? d->procedure_name : "",
			      "version", (json_int_t)d->procedure_version, "applicant",
			      applicant_json(d), "channel", d->channel, "receiving_unit",
			      d->receiving_unit, "served_unit", d->served_unit, "resolver_unit",
			      d->resolver_unit, "return_unit", d->return_unit);
	add_progress(o, d);
	json_object_set_new(o, "return_channel", json_string(d->return_channel));
	json_object_set_new(o, "duration", json_pack("{s:I, s:s}", "value",
						     (json_int_t)d->duration.value, "unit",
						     d->duration.unit));
	json_object_set_new(o, "submitter",
			    d->submitter_id && d->submitter_username
				    ? json_pack("{s:s, s:s}", "username", d->submitter_username,
						"full_name", d->submitter_name ? d->submitter_name : "")
				    : json_null());
	json_object_set_new(o, "representative",
			    d->rep_name ? json_pack("{s:s, s:s, s:s, s:o}", "name", d->rep_name,
						    "id_number", d->rep_id_number, "relation",
						    d->rep_relation, "document",
						    str_or_null(d->rep_document))
					: json_null());
	return o;
}

json_t *dossier_summary_json(struct arena *a, const struct dossier *d)
{
	MC_UNUSED(a);
	json_t *o = base_json(d);
	json_object_set_new(o, "tracking_secret", json_string(d->tracking_secret));
	json_object_set_new(o, "version", json_integer(d->version));
	return o;
}

/* The national portal sync (docs/portal.md): "disabled" when nothing was ever sent for it. */
static json_t *sync_json(const struct dossier_sync *s)
{
	return json_pack("{s:s, s:o, s:o, s:o}", "state", *s->state ? s->state : "disabled", "at",
			 s->at ? time_or_null(s->at) : json_null(), "error", str_or_null(s->error),
			 "receipt", str_or_null(s->receipt));
}

json_t *dossier_json(struct arena *a, const struct dossier *d, bool with_secret)
{
	MC_UNUSED(a);
	json_t *o = base_json(d);
	json_t *steps = json_array();
	for (size_t i = 0; i < d->nsteps; i++)
		json_array_append_new(steps, step_json(&d->steps[i]));
	json_object_set_new(o, "steps", steps);
	json_t *ops = json_array();
	for (size_t i = 0; i < d->nopinions; i++)
		json_array_append_new(ops, opinion_json(&d->opinions[i]));
	json_object_set_new(o, "opinions", ops);
	json_object_set_new(o, "delegation", d->delegation ? delegation_json(d->delegation)
							    : json_null());
	json_t *comps = json_array();
	for (size_t i = 0; i < d->ncomponents; i++)
		json_array_append_new(comps, json_pack("{s:s, s:b, s:o}", "id", d->components[i].id,
						       "provided", d->components[i].provided,
						       "document", str_or_null(d->components[i].document)));
	json_object_set_new(o, "components", comps);
	bool digitized = true;
	for (size_t i = 0; i < d->ncomponents; i++)
		if (d->components[i].needed && !d->components[i].document)
			digitized = false;
	json_object_set_new(o, "digitized", json_boolean(digitized));
	json_object_set_new(o, "electronic_result", json_boolean(d->result_document != NULL));
	json_t *versions = json_loads(d->calendar_versions ? d->calendar_versions : "{}", 0, NULL);
	json_object_set_new(o, "calendar_versions", versions ? versions : json_object());
	json_object_set_new(o, "sync", sync_json(&d->sync));
	if (with_secret)
		json_object_set_new(o, "tracking_secret", json_string(d->tracking_secret));
	json_object_set_new(o, "version", json_integer(d->version));
	return o;
}

json_t *dossier_public_json(const struct dossier *d)
{
	char *masked = ds_mask_name(d->applicant_name ? d->applicant_name : "");
	json_t *steps = json_array();
	for (size_t i = 0; i < d->nsteps; i++)
		json_array_append_new(steps, json_pack("{s:s, s:o}", "name",
							d->steps[i].name ? d->steps[i].name : "",
							"done_at", time_or_null(d->steps[i].done_at)));
	json_t *o = json_pack("{s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:s, s:o}", "code",
			      d->code, "procedure_name", d->procedure_name ? d->procedure_name : "",
			      "status", ds_status_name(d->status), "received_at",
			      time_or_null(d->received_at), "due_at", time_or_null(d->due_at),
			      "decided_at", time_or_null(d->decided_at), "timeliness",
			      str_or_null(d->timeliness), "returned_at", time_or_null(d->returned_at),
			      "steps", steps, "applicant_name_masked", masked, "rating",
			      str_or_null(d->rating));
	free(masked);
	return o;
}

/* Far above any public view (texts are bounded at intake; at most DOSSIER_MAX_STEPS steps). */
#define PUBLIC_TEXT_MAX (1024 * 1024)

char *dossier_public_text(const struct dossier *d, size_t *len)
{
	struct buf b;
	char *masked = ds_mask_name(d->applicant_name ? d->applicant_name : "");
	buf_init(&b, PUBLIC_TEXT_MAX);
	buf_append(&b, "{", 1);
	text_key(&b, "code", true);
	json_text_str(&b, d->code);
	text_key(&b, "procedure_name", false);
	json_text_str(&b, d->procedure_name ? d->procedure_name : "");
	text_key(&b, "status", false);
	json_text_str(&b, ds_status_name(d->status));
	text_key(&b, "received_at", false);
	json_text_time(&b, d->received_at);
	text_key(&b, "due_at", false);
	json_text_time(&b, d->due_at);
	text_key(&b, "decided_at", false);
	json_text_time(&b, d->decided_at);
	text_key(&b, "timeliness", false);
	json_text_opt(&b, d->timeliness);
	text_key(&b, "returned_at", false);
	json_text_time(&b, d->returned_at);
	text_key(&b, "steps", false);
	buf_append(&b, "[", 1);
	for (size_t i = 0; i < d->nsteps; i++) {
		buf_append(&b, i ? ",{" : "{", i ? 2 : 1);
		text_key(&b, "name", true);
		json_text_str(&b, d->steps[i].name ? d->steps[i].name : "");
		text_key(&b, "done_at", false);
		json_text_time(&b, d->steps[i].done_at);
		buf_append(&b, "}", 1);
	}
	buf_append(&b, "]", 1);
	text_key(&b, "applicant_name_masked", false);
	json_text_str(&b, masked);
	text_key(&b, "rating", false);
	json_text_opt(&b, d->rating);
	buf_append(&b, "}", 1);
	free(masked);
	return buf_take(&b, len);
}

static void text_current_step(struct buf *b, const struct dossier *d)
{
	text_key(b, "current_step", false);
	if (d->current_step < 1 || (size_t)d->current_step > d->nsteps) {
		buf_append(b, "null", 4);
		return;
	}
	const struct dossier_step *s = &d->steps[d->current_step - 1];
	buf_append(b, "{", 1);
	text_key(b, "index", true);
	buf_append_int(b, s->idx);
	text_obj_str(b, "name", s->name ? s->name : "", false);
	text_obj_str(b, "unit", s->unit, false);
	text_obj_str(b, "role", s->role, false);
	text_obj_time(b, "started_at", s->started_at, false);
	text_obj_time(b, "due_at", s->due_at, false);
	buf_append(b, "}", 1);
}

/* add_progress's members. */
static void text_progress(struct buf *b, const struct dossier *d)
{
	text_current_step(b, d);
	text_obj_time(b, "received_at", d->received_at, false);
	text_obj_time(b, "due_at", d->due_at, false);
	text_key(b, "paused", false);
	if (d->paused_since) {
		buf_append(b, "{", 1);
		text_obj_time(b, "since", d->paused_since, true);
		buf_append(b, "}", 1);
	} else {
		buf_append(b, "null", 4);
	}
	text_key(b, "extended", false);
	if (d->extended_due_at) {
		buf_append(b, "{", 1);
		text_obj_time(b, "new_due_at", d->extended_due_at, true);
		text_obj_opt(b, "reason", d->extended_reason);
		text_obj_time(b, "at", d->extended_at, false);
		text_key(b, "late_notice", false);
		json_text_bool(b, d->extended_late);
		buf_append(b, "}", 1);
	} else {
		buf_append(b, "null", 4);
	}
	text_obj_time(b, "decided_at", d->decided_at, false);
	text_obj_opt(b, "decision", d->decision);
	text_obj_opt(b, "decision_reason", d->decision_reason);
	text_key(b, "result", false);
	if (d->result_number || d->result_title) {
		buf_append(b, "{", 1);
		text_key(b, "number", true);
		json_text_opt(b, d->result_number);
		text_obj_opt(b, "title", d->result_title);
		text_obj_opt(b, "document", d->result_document);
		buf_append(b, "}", 1);
	} else {
		buf_append(b, "null", 4);
	}
	text_obj_opt(b, "timeliness", d->timeliness);
	text_obj_time(b, "returned_at", d->returned_at, false);
	text_obj_opt(b, "returned_unit", d->returned_unit);
	text_obj_opt(b, "returned_channel", d->returned_channel[0] ? d->returned_channel : NULL);
	text_key(b, "postal", false);
	if (d->returned_tracking) {
		buf_append(b, "{", 1);
		text_key(b, "address", true);
		json_text_opt(b, d->returned_address);
		text_obj_opt(b, "tracking_number", d->returned_tracking);
		buf_append(b, "}", 1);
	} else {
		buf_append(b, "null", 4);
	}
	text_obj_opt(b, "closed_reason", d->closed_reason);
	text_key(b, "supplement_requests", false);
	buf_append_int(b, d->supplement_requests);
	text_obj_time(b, "submitted_at", d->submitted_at, false);
	text_obj_opt(b, "rating", d->rating);
}

/* base_json's members, after the opening brace. */
static void text_base(struct buf *b, const struct dossier *d)
{
	buf_append(b, "{", 1);
	text_obj_str(b, "code", d->code, true);
	text_obj_str(b, "status", ds_status_name(d->status), false);
	text_key(b, "procedure", false);
	buf_append(b, "{", 1);
	text_obj_str(b, "code", d->procedure_code, true);
	text_obj_str(b, "name", d->procedure_name ? d->procedure_name : "", false);
	text_key(b, "version", false);
	buf_append_int(b, d->procedure_version);
	buf_append(b, "}", 1);
	text_key(b, "applicant", false);
	buf_append(b, "{", 1);
	text_obj_str(b, "kind", d->applicant_kind, true);
	text_obj_str(b, "name", d->applicant_name ? d->applicant_name : "", false);
	text_obj_str(b, "id_number", d->applicant_id, false);
	text_obj_opt(b, "phone", d->applicant_phone);
	text_obj_opt(b, "email", d->applicant_email);
	text_obj_opt(b, "address", d->applicant_address);
	buf_append(b, "}", 1);
	text_obj_str(b, "channel", d->channel, false);
	text_obj_str(b, "receiving_unit", d->receiving_unit, false);
	text_obj_str(b, "served_unit", d->served_unit, false);
	text_obj_str(b, "resolver_unit", d->resolver_unit, false);
	text_obj_str(b, "return_unit", d->return_unit, false);
	text_progress(b, d);
	text_obj_str(b, "return_channel", d->return_channel, false);
	text_key(b, "duration", false);
	buf_append(b, "{", 1);
	text_key(b, "value", true);
	buf_append_int(b, d->duration.value);
	text_obj_str(b, "unit", d->duration.unit, false);
	buf_append(b, "}", 1);
	text_key(b, "submitter", false);
	if (d->submitter_id && d->submitter_username) {
		buf_append(b, "{", 1);
		text_obj_str(b, "username", d->submitter_username, true);
		text_obj_str(b, "full_name", d->submitter_name ? d->submitter_name : "", false);
		buf_append(b, "}", 1);
	} else {
		buf_append(b, "null", 4);
	}
	text_key(b, "representative", false);
	if (d->rep_name) {
		buf_append(b, "{", 1);
		text_obj_str(b, "name", d->rep_name, true);
		text_obj_str(b, "id_number", d->rep_id_number, false);
		text_obj_str(b, "relation", d->rep_relation, false);
		text_obj_opt(b, "document", d->rep_document);
		buf_append(b, "}", 1);
	} else {
		buf_append(b, "null", 4);
	}
}

void dossier_list_item_text(struct buf *b, const struct dossier *d, bool overdue)
{
	text_base(b, d);
	text_obj_str(b, "tracking_secret", d->tracking_secret, false);
	text_key(b, "version", false);
	buf_append_int(b, d->version);
	text_key(b, "overdue", false);
	json_text_bool(b, overdue);
	buf_append(b, "}", 1);
}

void dossier_change_item_text(struct buf *b, const struct dossier *d, bool overdue,
			      const struct dossier_change *c)
{
	dossier_list_item_text(b, d, overdue);
	if (b->full || !b->len || b->data[b->len - 1] != '}')
		return;
	b->len--; /* the item's closing brace: the change goes inside */
	text_key(b, "change", false);
	buf_printf(b, "{\"position\":%lld", (long long)c->seq);
	text_obj_time(b, "at", c->at, false);
	text_obj_opt(b, "action", c->action);
	text_obj_opt(b, "from_status", c->from_status);
	text_obj_opt(b, "to_status", c->to_status);
	buf_append(b, "}}", 2);
}

/* The length of the digits at s ("-" first when sign), at most max, without a leading zero but
 * for "0" itself; 0 when there are none, too many, or they do not read back as written. */
static size_t digits_at(const char *s, bool sign, size_t max)
{
	size_t i = sign && *s == '-' ? 1 : 0, from = i;
	while (s[i] >= '0' && s[i] <= '9')
		i++;
	if (i == from || i - from > max || (s[from] == '0' && (i - from > 1 || from)))
		return 0; /* "01" is no JSON, and "-0" is dumped as 0 */
	return i;
}

/* Whether s is an object of digit keys and integer values written as jansson writes it (compact,
 * no space, keys in their order, each once), so that parsing and dumping it gives s again: a
 * dossier's calendar versions, {"2026":1}. */
static bool int_object_as_written(const char *s)
{
	if (*s++ != '{')
		return false;
	const char *keys[8];
	size_t lens[8], n = 0;
	while (*s == '"') {
		size_t k = digits_at(s + 1, false, 9);
		if (!k || s[1 + k] != '"' || s[2 + k] != ':' || n == 8)
			return false;
		for (size_t i = 0; i < n; i++)
			if (lens[i] == k && !memcmp(keys[i], s + 1, k))
				return false; /* jansson keeps one of them */
		keys[n] = s + 1;
		lens[n++] = k;
		s += 3 + k;
		size_t v = digits_at(s, true, 15);
		if (!v)
			return false;
		s += v;
		if (*s != ',')
			break;
		if (*++s != '"')
			return false;
	}
	return s[0] == '}' && s[1] == '\0';
}

void json_text_value(struct buf *b, const char *json, const char *fallback)
{
	/* What a new record holds (a fee's declarations and lines, a dossier's calendar versions):
	 * as jansson writes them, without its parse and dump (~7,000 instructions, issue 22). */
	if (json && (!strcmp(json, "{}") || !strcmp(json, "[]") || int_object_as_written(json))) {
		buf_append_str(b, json);
		return;
	}
	json_t *v = json ? json_loads(json, 0, NULL) : NULL;
	if (!v)
		v = json_loads(fallback, 0, NULL);
	char *s = v ? json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	json_decref(v);
	if (!s) {
		b->full = true; /* the caller answers as jansson would (it cannot write this either) */
		return;
	}
	buf_append_str(b, s);
	free(s);
}

static void text_step(struct buf *b, const struct dossier_step *s)
{
	buf_append(b, "{", 1);
	text_obj_int(b, "index", s->idx, true);
	text_obj_str(b, "name", s->name ? s->name : "", false);
	text_obj_str(b, "unit", s->unit, false);
	text_obj_str(b, "role", s->role, false);
	text_key(b, "duration", false);
	buf_append(b, "{", 1);
	text_obj_int(b, "value", s->duration.value, true);
	text_obj_str(b, "unit", s->duration.unit, false);
	buf_append(b, "}", 1);
	text_obj_time(b, "started_at", s->started_at, false);
	text_obj_time(b, "due_at", s->due_at, false);
	text_obj_time(b, "done_at", s->done_at, false);
	text_obj_opt(b, "timeliness", s->timeliness);
	buf_append(b, "}", 1);
}

static void text_opinion(struct buf *b, const struct dossier_opinion *o)
{
	buf_append(b, "{", 1);
	text_obj_int(b, "id", o->id, true);
	text_obj_int(b, "step", o->step, false);
	text_obj_str(b, "unit", o->unit, false);
	text_obj_opt(b, "question", o->question);
	text_obj_time(b, "asked_at", o->asked_at, false);
	text_obj_str(b, "asked_by", o->asked_by ? o->asked_by : "", false);
	text_obj_int(b, "due_days", o->due_days, false);
	text_obj_time(b, "due_at", o->due_at, false);
	text_obj_time(b, "answered_at", o->answered_at, false);
	text_obj_opt(b, "answered_by", o->answered_by);
	text_key(b, "agree", false);
	if (o->answered_at)
		json_text_bool(b, o->agree);
	else
		buf_append(b, "null", 4);
	text_obj_opt(b, "answer", o->answer);
	text_obj_opt(b, "timeliness", o->timeliness);
	buf_append(b, "}", 1);
}

static void text_delegation(struct buf *b, const struct delegation *g)
{
	buf_append(b, "{", 1);
	text_obj_int(b, "id", g->id, true);
	text_obj_str(b, "procedure", g->procedure_code, false);
	text_obj_opt(b, "unit", g->unit);
	text_key(b, "delegating_agency", false);
	buf_append(b, "{", 1);
	text_key(b, "unit", true);
	json_text_opt(b, g->delegating_unit);
	text_obj_str(b, "name", g->delegating_name ? g->delegating_name : "", false);
	buf_append(b, "}", 1);
	text_obj_str(b, "decision_number", g->decision_number ? g->decision_number : "", false);
	text_obj_str(b, "decision_date", g->decision_date, false);
	text_obj_time(b, "valid_from", g->valid_from, false);
	text_obj_time(b, "valid_to", g->valid_to, false);
	text_obj_time(b, "ended_at", g->ended_at, false);
	text_obj_opt(b, "ended_by", g->ended_by);
	text_obj_time(b, "created_at", g->created_at, false);
	text_obj_opt(b, "created_by", g->created_by);
	buf_append(b, "}", 1);
}

void dossier_full_text(struct buf *b, const struct dossier *d, bool with_secret, bool internal)
{
	text_base(b, d);
	text_key(b, "steps", false);
	buf_append(b, "[", 1);
	for (size_t i = 0; i < d->nsteps; i++) {
		if (i)
			buf_append(b, ",", 1);
		text_step(b, &d->steps[i]);
	}
	buf_append(b, "]", 1);
	text_key(b, "opinions", false);
	buf_append(b, "[", 1);
	for (size_t i = 0; internal && i < d->nopinions; i++) {
		if (i)
			buf_append(b, ",", 1);
		text_opinion(b, &d->opinions[i]);
	}
	buf_append(b, "]", 1);
	text_key(b, "delegation", false);
	if (d->delegation)
		text_delegation(b, d->delegation);
	else
		buf_append(b, "null", 4);
	text_key(b, "components", false);
	buf_append(b, "[", 1);
	bool digitized = true;
	for (size_t i = 0; i < d->ncomponents; i++) {
		const struct dossier_component *c = &d->components[i];
		buf_append(b, i ? ",{" : "{", i ? 2 : 1);
		text_obj_str(b, "id", c->id, true);
		text_key(b, "provided", false);
		json_text_bool(b, c->provided);
		text_obj_opt(b, "document", c->document);
		buf_append(b, "}", 1);
		if (c->needed && !c->document)
			digitized = false;
	}
	buf_append(b, "]", 1);
	text_key(b, "digitized", false);
	json_text_bool(b, digitized);
	text_key(b, "electronic_result", false);
	json_text_bool(b, d->result_document != NULL);
	text_key(b, "calendar_versions", false);
	json_text_value(b, d->calendar_versions ? d->calendar_versions : "{}", "{}");
	text_key(b, "sync", false);
	buf_append(b, "{", 1);
	text_obj_str(b, "state", *d->sync.state ? d->sync.state : "disabled", true);
	text_obj_time(b, "at", d->sync.at, false);
	text_obj_opt(b, "error", internal ? d->sync.error : NULL);
	text_obj_opt(b, "receipt", d->sync.receipt);
	buf_append(b, "}", 1);
	if (with_secret)
		text_obj_str(b, "tracking_secret", d->tracking_secret, false);
	text_obj_int(b, "version", d->version, false);
	buf_append(b, "}", 1);
}
