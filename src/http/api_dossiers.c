/* Dossiers over HTTP: intake, reading, lists and inboxes, history, and the actions. */
#include "base/base.h"

#include <sodium.h>

#include "base/civil.h"
#include "domain/text.h"
#include "http/decode.h"
#include "http/api_fees.h"
#include "http/dossier_json.h"
#include "http/http.h"
#include "svc/dossiers.h"
#include "svc/perm.h"
#include "svc/intake_notes.h"
#include "svc/receipts.h"
#include "svc/signing.h"

/* Edge limits, in characters: words checked against their lists later, and document ids. */
#define DOCUMENT_REF_CHARS 64
#define APPLICANT_KIND_CHARS 16
#define CHANNEL_CHARS 8
#define OUTCOME_CHARS 10
#define HANDOVER_ITEM_CHARS 2000 /* one paper of a handover's list */

static void decode_components(struct req *r, json_t *arr, const char *field,
			      struct intake_component *out, size_t *n)
{
	static const char *const fields[] = {"id", "provided", "document", NULL};
	size_t i;
	json_t *v;
	*n = 0;
	if (!arr)
		return;
	if (!json_is_array(arr) || json_array_size(arr) > DOSSIER_MAX_COMPONENTS) {
		problem_add(&r->problem, field, "must be an array of at most 64 components",
			    "phải là danh sách tối đa 64 thành phần");
		return;
	}
	json_array_foreach(arr, i, v) {
		char *prefix = arena_printf(&r->arena, "%s[%zu]", field, i);
		if (!json_is_object(v)) {
			problem_add(&r->problem, prefix, "must be an object", "phải là đối tượng");
			continue;
		}
		jin_only(r, v, prefix, fields);
		struct intake_component *c = &out[(*n)++];
		jin_str(r, v, prefix, "id", true, DOSSIER_COMPONENT_ID_CHARS, &c->id);
		jin_str(r, v, prefix, "document", false, DOCUMENT_REF_CHARS, &c->document);
		json_t *p = json_object_get(v, "provided");
		if (p && !json_is_boolean(p))
			problem_addf(&r->problem, prefix, "provided", "must be true or false",
				     "phải là true hoặc false");
		c->provided = !p || json_is_true(p);
		if (!c->id)
			c->id = "";
	}
}

static void decode_applicant(struct req *r, json_t *body, struct intake *in)
{
	static const char *const fields[] = {"kind", "name", "id_number", "phone", "email", "address",
					     NULL};
	json_t *a = json_object_get(body, "applicant");
	if (!a || !json_is_object(a)) {
		problem_add(&r->problem, "applicant", "is required (an object)", "phải có người nộp");
		return;
	}
	jin_only(r, a, "applicant", fields);
	jin_str(r, a, "applicant", "kind", true, APPLICANT_KIND_CHARS, &in->applicant_kind);
	jin_str(r, a, "applicant", "name", true, DOSSIER_NAME_CHARS, &in->applicant_name);
	jin_str(r, a, "applicant", "id_number", true, DOSSIER_APPLICANT_ID_CHARS, &in->applicant_id);
	jin_str(r, a, "applicant", "phone", false, DOSSIER_PHONE_CHARS, &in->phone);
	jin_str(r, a, "applicant", "email", false, DOSSIER_EMAIL_CHARS, &in->email);
	jin_str(r, a, "applicant", "address", false, DOSSIER_ADDRESS_CHARS, &in->address);
}

static void decode_representative(struct req *r, json_t *body, struct intake *in)
{
	static const char *const fields[] = {"name", "id_number", "relation", "document", NULL};
	json_t *a = json_object_get(body, "representative");
	if (!a || json_is_null(a))
		return;
	if (!json_is_object(a)) {
		problem_add(&r->problem, "representative", "must be an object or null",
			    "người đại diện phải là một đối tượng");
		return;
	}
	in->has_rep = true;
	jin_only(r, a, "representative", fields);
	jin_str(r, a, "representative", "name", true, DOSSIER_NAME_CHARS, &in->rep_name);
	jin_str(r, a, "representative", "id_number", true, DOSSIER_REP_ID_CHARS, &in->rep_id_number);
	jin_str(r, a, "representative", "relation", true, DOSSIER_RELATION_CHARS, &in->rep_relation);
	jin_str(r, a, "representative", "document", false, DOCUMENT_REF_CHARS, &in->rep_document);
}

bool decode_intake_or_reply(struct req *r, struct intake *in)
{
	static const char *const fields[] = {"procedure",      "applicant",     "resolver_unit",
					     "receiving_unit", "channel",       "components",
					     "return_channel", "return_unit",   "representative",
					     "fees_declared",  "fee_exemption", "ticket",
					     NULL};
	json_t *body;
	if (json_body_or_reply(r, &body))
		return true;
	jin_only(r, body, "", fields);
	jin_str(r, body, "", "procedure", true, PROC_CODE_MAX - 1, &in->procedure);
	decode_applicant(r, body, in);
	decode_representative(r, body, in);
	jin_str(r, body, "", "resolver_unit", false, UNIT_CODE_MAX - 1, &in->resolver_unit);
	jin_str(r, body, "", "receiving_unit", false, UNIT_CODE_MAX - 1, &in->receiving_unit);
	jin_str(r, body, "", "channel", true, CHANNEL_CHARS, &in->channel);
	jin_str(r, body, "", "return_channel", false, CHANNEL_CHARS, &in->return_channel);
	jin_str(r, body, "", "return_unit", false, UNIT_CODE_MAX - 1, &in->return_unit);
	decode_components(r, json_object_get(body, "components"), "components", in->components,
			  &in->ncomponents);
	fees_decode_input(r, body, &in->fees);
	json_t *ticket = json_object_get(body, "ticket");
	if (ticket && !json_is_null(ticket)) {
		in->ticket = json_is_integer(ticket) ? json_integer_value(ticket) : -1;
		if (in->ticket < 1 || in->ticket > 9999 || strcmp(in->channel ? in->channel : "",
								  "counter") != 0)
			problem_add(&r->problem, "ticket",
				    "must be the number (1 to 9999) of today's queue ticket, at a counter",
				    "số thứ tự phải từ 1 đến 9999, chỉ khi tiếp nhận tại quầy");
	}
	json_decref(body);
	if (r->h_idem) {
		if (strlen(r->h_idem) == 0 || strlen(r->h_idem) > 128)
			problem_add(&r->problem, "Idempotency-Key", "must have 1 to 128 characters",
				    "khóa Idempotency-Key phải có 1 đến 128 ký tự");
		in->idem_key = r->h_idem;
		crypto_generichash(in->idem_hash, 32, (const unsigned char *)r->body.data, r->body.len,
				   NULL, 0);
	}
	return problems_or_reply(r);
}

static json_t *caller_json(struct req *r, const struct dossier *d);

/* Staff see the opinions units gave each other and why a portal delivery failed; a citizen
 * does not (caller_json_fees). */
static bool caller_is_staff(struct req *r)
{
	const struct user *u = r->ctx.user;
	bool staff = false;
	for (size_t i = 0; u && i < u->nroles; i++)
		staff |= strcmp(u->roles[i].role, "citizen") != 0;
	return staff;
}
static json_t *caller_json_fees(struct req *r, const struct dossier *d,
				const struct fee_view *fees);

/* An intake between its checks and its answer (post_dossier, post_dossier_answer). */
struct intake_answer {
	struct dossier *d;
	struct fee_view *fees;
	bool replayed;
};

/* The intake's answer once its write is done (r->cont_err): on the worker, after the commit. */
static void post_dossier_answer(struct req *r)
{
	struct intake_answer *a = r->cont_arg;
	if (r->cont_err) {
		resp_err(r, r->cont_err);
		return;
	}
	/* A replayed intake reads its fees: payments may have come since. */
	if (!a->fees->has && fees_view(&r->ctx, a->d->id, a->fees) != MC_OK)
		a->fees->has = false; /* fees_member's null */
	/* The 201 written as text: what caller_json_fees and resp_json would give. */
	struct buf b;
	buf_init_cap(&b, DOSSIER_TEXT_MAX, DOSSIER_TEXT_USUAL);
	dossier_full_text(&b, a->d, true, caller_is_staff(r));
	if (!b.full) {
		b.len--; /* the closing brace: "fees" is the last member */
		buf_append_str(&b, ",\"fees\":");
		fees_member_text(&b, a->fees);
		buf_append_str(&b, "}");
	}
	if (b.full) {
		buf_release(&b);
		resp_json(r, 201, caller_json_fees(r, a->d, a->fees));
		return;
	}
	size_t len;
	char *text = buf_take(&b, &len);
	resp_bytes(r, 201, "application/json; charset=utf-8", text, len);
}

/* On the group-commit writer's thread: the intake is committed (or failed). */
static void intake_written(void *arg, enum mc_err err)
{
	struct req *r = arg;
	r->cont_err = err;
	req_wake(r);
}

static void post_dossier(struct req *r)
{
	struct intake *in = arena_alloc(&r->arena, sizeof(*in));
	if (decode_intake_or_reply(r, in))
		return;
	struct intake_answer *a = arena_alloc(&r->arena, sizeof(*a));
	a->d = arena_alloc(&r->arena, sizeof(*a->d));
	a->fees = arena_alloc(&r->arena, sizeof(*a->fees));
	a->replayed = false;
	r->cont_arg = a;
	if (r->may_await && dossier_intake_can_submit(&r->ctx)) {
		/* Checked here; the write waits for its group commit with no thread held, the
		 * connection suspended; the writer wakes it (docs/performance.md "Intake without the
		 * write pool"). */
		struct intake_pending *p;
		enum mc_err err = dossier_intake_begin(&r->ctx, in, a->d, &a->replayed, a->fees, &p);
		if (err) {
			resp_err(r, err);
			return;
		}
		svc_ctx_close(&r->ctx); /* the writer lends the job its own connection */
		req_await(r, post_dossier_answer);
		dossier_intake_submit(&r->ctx, p, intake_written, r);
		return;
	}
	r->cont_err = dossier_intake(&r->ctx, in, a->d, &a->replayed, a->fees);
	post_dossier_answer(r);
}

/* The dossier as the caller may read it: a citizen (an applicant) sees whether it reached the
 * national portal, not why a delivery failed (libcurl's or the allow-list's words, internal
 * addresses), nor the opinions units gave each other. */
static json_t *caller_json(struct req *r, const struct dossier *d)
{
	return caller_json_fees(r, d, NULL);
}

/* fees: the dossier's fee view when the caller has it (NULL: read). */
static json_t *caller_json_fees(struct req *r, const struct dossier *d,
				const struct fee_view *fees)
{
	json_t *o = dossier_json(&r->arena, d, true);
	json_object_set_new(o, "fees", fees ? fees_member_of(fees) : fees_member(r, d));
	if (!caller_is_staff(r)) {
		json_object_set_new(json_object_get(o, "sync"), "error", json_null());
		/* the units' opinions are internal work (docs/decisions.md "Send back and opinions") */
		json_object_set_new(o, "opinions", json_array());
	}
	return o;
}

/* The full dossier with what depends on the clock and the caller: the actions it may take (bits
 * 1u << enum ds_action, decided in the transaction that read or changed the dossier). */
static json_t *full_json(struct req *r, const struct dossier *d, unsigned allowed)
{
	json_t *o = caller_json(r, d);
	json_object_set_new(o, "overdue", json_boolean(dossier_overdue(d, r->ctx.now)));
	json_t *list = json_array();
	for (int a = 0; a < DA_NACTION; a++)
		if (allowed & (1u << a))
			json_array_append_new(list, json_string(ds_action_name((enum ds_action)a)));
	json_object_set_new(o, "allowed_actions", list);
	return o;
}

/* result.signature: who signed the result and when (docs/signing.md); absent when unsigned. */
static void add_signature(struct req *r, const struct dossier *d, json_t *result)
{
	struct result_signature sig;
	const char *name = NULL;
	if (!json_is_object(result) || !d->result_document ||
	    signing_of_dossier(&r->ctx, d->id, &sig, &name) != MC_OK)
		return;
	json_object_set_new(result, "signature",
			    json_pack("{s:s, s:o, s:o, s:s}", "unit", sig.unit, "unit_name",
				      name ? json_string(name) : json_null(), "signed_at",
				      time_or_null(sig.signed_at), "fingerprint_sha256",
				      sig.fingerprint));
}

static void get_dossier(struct req *r)
{
	struct dossier *d = arena_alloc(&r->arena, sizeof(*d));
	unsigned allowed = 0;
	enum mc_err err = dossier_get_with_actions(&r->ctx, req_param(r, 0), d, &allowed);
	if (err) {
		resp_err(r, err);
		return;
	}
	json_t *o = full_json(r, d, allowed);
	add_signature(r, d, json_object_get(o, "result"));
	resp_json(r, 200, o);
}

static void get_receipt(struct req *r)
{
	struct dossier *d = arena_alloc(&r->arena, sizeof(*d));
	char sig[96];
	enum mc_err err = dossier_get_with_actions(&r->ctx, req_param(r, 0), d, NULL);
	if (!err)
		err = receipts_sign(server_svc(r->srv), d, sig);
	if (err == MC_ECONFLICT)
		problem_detail(&r->problem, "the dossier has not been received yet",
			       "hồ sơ chưa được tiếp nhận");
	if (err) {
		resp_err(r, err);
		return;
	}
	char base[256];
	svc_public_url(server_svc(r->srv), base);
	char *url = arena_printf(&r->arena, "%s/track/%s?s=%s&sig=%s", base, d->code,
				 d->tracking_secret, sig);
	resp_json(r, 200, json_pack("{s:s, s:s, s:s}", "code", d->code, "signature", sig, "qr_url", url));
}

static void add_event(const struct dossier_event *e, void *arg)
{
	json_t *items = arg;
	char at[32];
	civil_format_time(e->at, at);
	json_t *detail = json_loads(e->detail ? e->detail : "{}", 0, NULL);
	json_array_append_new(items,
			      json_pack("{s:s, s:s, s:s, s:s?, s:s?, s:s?, s:s?, s:o}", "at", at,
					"action", e->action, "actor", e->actor, "actor_name",
					e->actor_name, "unit", e->unit, "from_status", e->from_status,
					"to_status", e->to_status, "detail",
					detail ? detail : json_object()));
}

static void get_history(struct req *r)
{
	json_t *items = json_array();
	enum mc_err err = dossier_history(&r->ctx, req_param(r, 0), add_event, items);
	if (err) {
		json_decref(items);
		resp_err(r, err);
		return;
	}
	resp_json(r, 200, json_pack("{s:o}", "items", items));
}

/* The longest page: PAGE_LIMIT_MAX items (and the envelope with its cursor). */
#define LIST_PAGE_MAX (PAGE_LIMIT_MAX * (DOSSIER_LIST_ITEM_MAX + 1) + 1024)

struct list_page {
	struct req *r;
	struct buf text; /* {"items":[... so far */
	size_t n;
};

static void list_add(const struct dossier *d, void *arg)
{
	struct list_page *p = arg;
	if (p->n++)
		buf_append(&p->text, ",", 1);
	dossier_list_item_text(&p->text, d, dossier_overdue(d, p->r->ctx.now));
}

bool decode_dossier_query_or_reply(struct req *r, struct dossier_query *q)
{
	bool present;
	memset(q, 0, sizeof(*q));
	if (page_or_reply(r, &q->limit, &q->cursor))
		return true;
	static const char *const orders[] = {"newest", "due", NULL};
	static const char *const syncs[] = {"pending", "acknowledged", "failed", "disabled", NULL};
	q->status = req_arg_set(r, "status"); /* the service names an unknown status */
	q->receiving_unit = qarg_code(r, "receiving_unit", UNIT_CODE_MAX - 1);
	q->resolver_unit = qarg_code(r, "resolver_unit", UNIT_CODE_MAX - 1);
	q->return_unit = qarg_code(r, "return_unit", UNIT_CODE_MAX - 1);
	q->procedure = qarg_code(r, "procedure", PROC_CODE_MAX - 1);
	q->q = qarg_text(r, "q", 200);
	q->overdue = qarg_bool(r, "overdue") == 1;
	q->sync = qarg_word(r, "sync", syncs); /* docs/portal.md */
	const char *order = qarg_word(r, "order", orders);
	q->order_due = order && !strcmp(order, "due");
	time_arg(r, "due_before", false, &q->due_before, &present);
	time_arg(r, "updated_since", false, &q->updated_since, &q->updated_since_given);
	return problems_or_reply(r);
}

static void feed_add(const struct dossier *d, const struct dossier_change *c, void *arg)
{
	struct list_page *p = arg;
	if (p->n++)
		buf_append(&p->text, ",", 1);
	dossier_change_item_text(&p->text, d, dossier_overdue(d, p->r->ctx.now), c);
}

/* The change feed: the page of changes, the cursor to poll with next (always), and whether more
 * wait already. */
static void get_feed(struct req *r, const struct dossier_query *q)
{
	const char *next = NULL;
	bool more = false;
	struct list_page page = {.r = r};
	buf_init(&page.text, LIST_PAGE_MAX + PAGE_LIMIT_MAX * 512);
	buf_append_str(&page.text, "{\"items\":[");
	enum mc_err err = dossier_feed(&r->ctx, q, feed_add, &page, &next, &more);
	if (err) {
		buf_release(&page.text);
		resp_err(r, err);
		return;
	}
	buf_append_str(&page.text, "],\"next_cursor\":");
	json_text_str(&page.text, page_cursor(r, next));
	buf_printf(&page.text, ",\"has_more\":%s}", more ? "true" : "false");
	if (page.text.full) {
		buf_release(&page.text);
		resp_err(r, MC_EINTERNAL);
		return;
	}
	size_t len;
	char *text = buf_take(&page.text, &len);
	resp_bytes(r, 200, "application/json; charset=utf-8", text, len);
}

static void get_dossiers(struct req *r)
{
	struct dossier_query q;
	const char *next = NULL;
	if (decode_dossier_query_or_reply(r, &q))
		return;
	if (dossier_query_is_feed(&q)) {
		get_feed(r, &q);
		return;
	}
	/* Written directly, not through jansson: the page is the hot path of every inbox. */
	struct list_page page = {.r = r};
	buf_init(&page.text, LIST_PAGE_MAX);
	buf_append_str(&page.text, "{\"items\":[");
	enum mc_err err = dossier_list(&r->ctx, &q, list_add, &page, &next);
	if (err) {
		buf_release(&page.text);
		resp_err(r, err);
		return;
	}
	buf_append_str(&page.text, "],\"next_cursor\":");
	if (next)
		json_text_str(&page.text, page_cursor(r, next));
	else
		buf_append_str(&page.text, "null");
	buf_append_str(&page.text, "}");
	if (page.text.full) { /* an item longer than DOSSIER_LIST_ITEM_MAX: never cut the JSON */
		buf_release(&page.text);
		resp_err(r, MC_EINTERNAL);
		return;
	}
	size_t len;
	char *text = buf_take(&page.text, &len);
	resp_bytes(r, 200, "application/json; charset=utf-8", text, len);
}

static void decode_result(struct req *r, json_t *body, struct action_input *in)
{
	static const char *const fields[] = {"number", "title", "document", NULL};
	json_t *res = json_object_get(body, "result");
	if (!res || json_is_null(res))
		return;
	if (!json_is_object(res)) {
		problem_add(&r->problem, "result", "must be an object", "phải là đối tượng");
		return;
	}
	jin_only(r, res, "result", fields);
	jin_str(r, res, "result", "number", false, DOSSIER_RESULT_NUMBER_CHARS, &in->result_number);
	jin_str(r, res, "result", "title", false, DOSSIER_RESULT_TITLE_CHARS, &in->result_title);
	jin_str(r, res, "result", "document", false, DOCUMENT_REF_CHARS, &in->result_document);
}

static void decode_items(struct req *r, json_t *body, struct action_input *in)
{
	json_t *items = json_object_get(body, "items");
	if (!items)
		return;
	if (!json_is_array(items) || json_array_size(items) < 1 || json_array_size(items) > 64) {
		problem_add(&r->problem, "items", "must be a list of 1 to 64 texts",
			    "phải là danh sách từ 1 đến 64 nội dung");
		return;
	}
	json_t *nfc = json_array();
	for (size_t i = 0; i < json_array_size(items); i++) { /* each item is one paper: one line */
		const char *item = NULL;
		jin_item_str(r, items, i, "items", HANDOVER_ITEM_CHARS, &item);
		if (item)
			json_array_append_new(nfc, json_string(item));
	}
	if (!r->problem.n) {
		char *s = json_dumps(nfc, JSON_COMPACT);
		in->items_json = arena_strdup(&r->arena, s);
		free(s);
	}
	json_decref(nfc);
}

/* Every field any action takes is decoded here; which ones this action takes (the others are
 * unknown, 422) comes from the service's action table. */
static void decode_action(struct req *r, json_t *body, struct action_input *in)
{
	const char *due = NULL;
	const char *fields[DOSSIER_ACTION_FIELDS_MAX + 1];
	dossier_action_fields(in->action, fields);
	jin_only(r, body, "", fields);
	jin_text(r, body, "", "reason", false, DOSSIER_NOTE_CHARS, &in->reason);
	jin_text(r, body, "", "note", false, DOSSIER_NOTE_CHARS, &in->note);
	jin_str(r, body, "", "outcome", false, OUTCOME_CHARS, &in->outcome);
	jin_str(r, body, "", "channel", false, CHANNEL_CHARS, &in->channel);
	jin_str(r, body, "", "unit", false, UNIT_CODE_MAX - 1, &in->unit);
	jin_str(r, body, "", "address", false, DOSSIER_ADDRESS_CHARS, &in->address);
	jin_str(r, body, "", "tracking_number", false, DOSSIER_TRACKING_NUMBER_CHARS,
		&in->tracking_number);
	jin_str(r, body, "", "new_due_at", false, JIN_TIME_CHARS, &due);
	if (due && civil_parse_time(due, strlen(due), &in->new_due_at) != MC_OK)
		problem_add(&r->problem, "new_due_at", "must be an RFC 3339 time with an offset",
			    "phải là thời điểm RFC 3339 có múi giờ");
	json_t *ex = json_object_get(body, "exception");
	if (ex && !json_is_boolean(ex))
		problem_add(&r->problem, "exception", "must be true or false", "phải là true hoặc false");
	in->exception = ex && json_is_true(ex);
	json_t *ts = json_object_get(body, "to_step"); /* send-back */
	if (ts && (!json_is_integer(ts) || json_integer_value(ts) < 1 ||
		   json_integer_value(ts) > DOSSIER_MAX_STEPS))
		problem_add(&r->problem, "to_step", "must be a step number from 1",
			    "phải là số thứ tự của một bước, từ 1");
	else if (ts)
		in->to_step = (int64_t)json_integer_value(ts);
	decode_items(r, body, in);
	decode_result(r, body, in);
	decode_components(r, json_object_get(body, "components"), "components", in->components,
			  &in->ncomponents);
}

static bool if_match_or_reply(struct req *r, int64_t *out)
{
	*out = 0;
	if (!r->h_if_match)
		return false;
	const char *v = r->h_if_match;
	size_t n = strlen(v);
	if (n >= 2 && v[0] == '"' && v[n - 1] == '"') { /* an ETag-style quoted version */
		v = arena_strndup(&r->arena, v + 1, n - 2);
	}
	char *end = NULL;
	long long x = strtoll(v, &end, 10);
	if (!*v || *end || x < 1) {
		problem_add(&r->problem, "If-Match", "must be the dossier's version number",
			    "phải là số phiên bản của hồ sơ");
		return problems_or_reply(r);
	}
	*out = x;
	return false;
}

bool decode_action_or_reply(struct req *r, struct action_in *a)
{
	json_t *body;
	struct action_input *in = &a->in;
	if (ds_action_parse(req_param(r, 1), &in->action) != MC_OK) {
		resp_problem(r, 404, "no such dossier action", "không có thao tác này");
		return true;
	}
	if (json_body_opt_or_reply(r, &body))
		return true;
	decode_action(r, body, in);
	json_decref(body);
	return if_match_or_reply(r, &in->if_match) || problems_or_reply(r);
}

static void post_action(struct req *r)
{
	struct action_in *a = arena_alloc(&r->arena, sizeof(*a));
	struct action_input *in = &a->in;
	if (decode_action_or_reply(r, a))
		return;
	struct dossier *d = arena_alloc(&r->arena, sizeof(*d));
	unsigned allowed = 0;
	enum mc_err err = dossier_act_with_actions(&r->ctx, req_param(r, 0), in, d, &allowed);
	if (err) {
		resp_err(r, err);
		return;
	}
	json_t *o = full_json(r, d, allowed);
	add_signature(r, d, json_object_get(o, "result"));
	resp_json(r, 200, o);
}

static void decode_missing(struct req *r, json_t *body, struct intake *in)
{
	json_t *m = json_object_get(body, "missing");
	size_t i;
	json_t *v;
	in->ncomponents = 0;
	if (!m) {
		problem_add(&r->problem, "missing", "is required", "trường bắt buộc");
		return;
	}
	if (!json_is_array(m) || json_array_size(m) > DOSSIER_MAX_COMPONENTS) {
		problem_add(&r->problem, "missing", "must be a list of component ids",
			    "phải là danh sách mã thành phần hồ sơ");
		return;
	}
	json_array_foreach(m, i, v) {
		const char *id = NULL;
		jin_item_str(r, m, i, "missing", DOSSIER_COMPONENT_ID_CHARS, &id);
		if (!id)
			continue;
		in->components[in->ncomponents].id = id;
		in->components[in->ncomponents++].provided = false;
	}
}

static bool decode_note_or_reply(struct req *r, bool guidance, struct intake_note_in *note)
{
	static const char *const g_fields[] = {"procedure", "applicant", "missing", "note",
					       "receiving_unit", NULL};
	static const char *const r_fields[] = {"procedure", "applicant", "reason", "receiving_unit",
					       NULL};
	json_t *body;
	struct intake *in = &note->in;
	if (json_body_or_reply(r, &body))
		return true;
	jin_only(r, body, "", guidance ? g_fields : r_fields);
	jin_str(r, body, "", "procedure", true,
		guidance ? PROC_CODE_MAX - 1 : INTAKE_PROCEDURE_CHARS, &in->procedure);
	decode_applicant(r, body, in);
	jin_str(r, body, "", "receiving_unit", false, UNIT_CODE_MAX - 1, &in->receiving_unit);
	jin_text(r, body, "", guidance ? "note" : "reason", !guidance, DOSSIER_NOTE_CHARS,
		 &note->text);
	if (guidance)
		decode_missing(r, body, in);
	json_decref(body);
	return problems_or_reply(r);
}

bool decode_guidance_or_reply(struct req *r, struct intake_note_in *in)
{
	return decode_note_or_reply(r, true, in);
}

bool decode_refusal_or_reply(struct req *r, struct intake_note_in *in)
{
	return decode_note_or_reply(r, false, in);
}

static void post_intake_note(struct req *r, bool guidance)
{
	struct intake_note_in *note = arena_alloc(&r->arena, sizeof(*note));
	struct intake *in = &note->in;
	const char *text;
	if (decode_note_or_reply(r, guidance, note))
		return;
	text = note->text;
	struct intake_note n;
	enum mc_err err = guidance ? intake_guidance(&r->ctx, in, text, &n)
				   : intake_refusal(&r->ctx, in, text, &n);
	if (err) {
		resp_err(r, err);
		return;
	}
	char at[32];
	civil_format_time(n.created_at, at);
	resp_json(r, 201, json_pack("{s:s, s:s, s:s, s:s, s:s}", "number", n.number, "kind", n.kind,
				    "unit", n.unit, "procedure", n.procedure, "created_at", at));
}

static void post_guidance(struct req *r)
{
	post_intake_note(r, true);
}

static void post_refusal(struct req *r)
{
	post_intake_note(r, false);
}

const struct route api_dossiers_routes[] = {
	{"POST", "/api/v1/intake-guidance", post_guidance, R_AUTH | R_JSON},
	{"POST", "/api/v1/intake-refusals", post_refusal, R_AUTH | R_JSON},
	{"POST", "/api/v1/dossiers", post_dossier, R_AUTH | R_JSON | R_WRITE | R_AWAIT},
	{"GET", "/api/v1/dossiers", get_dossiers, R_AUTH},
	{"GET", "/api/v1/dossiers/{code}", get_dossier, R_AUTH},
	{"GET", "/api/v1/dossiers/{code}/history", get_history, R_AUTH},
	{"GET", "/api/v1/dossiers/{code}/receipt", get_receipt, R_AUTH},
	{"POST", "/api/v1/dossiers/{code}/{action}", post_action, R_AUTH},
	{NULL, NULL, NULL, 0},
};
