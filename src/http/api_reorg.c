/* Reorganizations over HTTP: creating a decision, reading it with its handovers, verification of
 * the moved dossiers, and each handover's items, confirmations, signatures and PDF record. */
#include "base/base.h"

#include <sodium.h>

#include "base/civil.h"
#include "http/decode.h"
#include "http/http.h"
#include "svc/reorg.h"

#define PDF_MAX (64u << 20)
/* Edge limits, in characters: a date, and words checked against their lists later. */
#define DATE_CHARS 10
#define WORD_CHARS 10

static json_t *counts_json(const struct handover_counts *c)
{
	return json_pack("{s:I, s:I, s:I, s:I, s:I}", "staff", (json_int_t)c->staff, "dossiers_open",
			 (json_int_t)c->dossiers_open, "dossiers_closed",
			 (json_int_t)c->dossiers_closed, "records", (json_int_t)c->records, "assets",
			 (json_int_t)c->assets);
}

static json_t *side_json(const char *by, int64_t at)
{
	if (!by[0])
		return json_null();
	return json_pack("{s:s, s:o}", "by", by, "at", time_or_null(at));
}

static json_t *handover_json(const struct reorg *rg, const struct handover *h, int64_t now)
{
	return json_pack("{s:I, s:I, s:s, s:s?, s:s, s:s, s:b, s:s, s:{s:o, s:o}, s:o, s:o}", "id",
			 (json_int_t)h->id, "reorganization", (json_int_t)h->reorg_id, "unit",
			 h->unit, "old_parent", h->old_parent[0] ? h->old_parent : NULL,
			 "new_parent", rg->target_unit, "status", h->status, "overdue",
			 reorg_overdue(rg, h, now), "deadline", rg->deadline, "signed", "giver",
			 side_json(h->giver_by, h->giver_at), "receiver",
			 side_json(h->receiver_by, h->receiver_at), "completed_at",
			 time_or_null(h->completed_at), "counts", counts_json(&h->counts));
}

/* A decision's own fields, with the summary of its handovers. */
static json_t *decision_head_json(const struct reorg *rg, json_int_t handovers,
				  json_int_t complete, json_int_t overdue)
{
	char effective[32];
	civil_format_time(rg->effective_at, effective);
	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:I, s:s, s:o, s:s, s:{s:I, s:I, s:I}}", "id",
			 (json_int_t)rg->id, "decision_number", rg->decision_number, "signed_on",
			 rg->signed_on, "effective_at", effective, "target_unit", rg->target_unit,
			 "handover_days", (json_int_t)rg->handover_days, "deadline", rg->deadline,
			 "created_at", time_or_null(rg->created_at), "created_by", rg->created_by,
			 "summary", "handovers", handovers, "complete", complete, "overdue",
			 overdue);
}

static json_t *decision_json(const struct reorg_view *v, int64_t now)
{
	json_int_t complete = 0, overdue = 0;
	json_t *hs = json_array();
	for (size_t i = 0; i < v->nh; i++) {
		complete += strcmp(v->h[i].status, "complete") == 0;
		overdue += reorg_overdue(&v->r, &v->h[i], now);
		json_array_append_new(hs, handover_json(&v->r, &v->h[i], now));
	}
	json_t *j = decision_head_json(&v->r, (json_int_t)v->nh, complete, overdue);
	json_object_set_new(j, "handovers", hs);
	return j;
}

static void reply_decision(struct req *r, int status, int64_t id)
{
	struct reorg_view *v = arena_alloc(&r->arena, sizeof(*v));
	enum mc_err err = reorg_get(&r->ctx, id, v);
	if (err)
		resp_err(r, err);
	else
		resp_json(r, status, decision_json(v, r->ctx.now));
}

static void read_units(struct req *r, json_t *body, struct reorg_in *in)
{
	json_t *units = json_object_get(body, "units");
	if (!units || !json_is_array(units)) {
		problem_add(&r->problem, "units", "must be an array of unit codes",
			    "phải là danh sách mã đơn vị");
		return;
	}
	size_t n = json_array_size(units);
	if (n > REORG_UNITS_MAX)
		return; /* the service names the limit */
	in->units = arena_alloc(&r->arena, (n + 1) * sizeof(*in->units));
	in->nunits = n;
	for (size_t i = 0; i < n; i++) {
		jin_item_str(r, units, i, "units", UNIT_CODE_MAX - 1, &in->units[i]);
		if (!in->units[i])
			in->units[i] = "";
	}
}

bool decode_reorganization_or_reply(struct req *r, struct reorg_in *in)
{
	static const char *const fields[] = {"decision_number", "signed_on", "effective_at",
					     "target_unit", "units", "handover_days", NULL};
	json_t *body;
	if (json_body_or_reply(r, &body))
		return true;
	jin_only(r, body, "", fields);
	jin_str(r, body, "", "decision_number", true, REORG_DECISION_NUMBER_CHARS,
		&in->decision_number);
	jin_str(r, body, "", "signed_on", true, DATE_CHARS, &in->signed_on);
	jin_str(r, body, "", "effective_at", true, JIN_TIME_CHARS, &in->effective_at);
	jin_str(r, body, "", "target_unit", true, UNIT_CODE_MAX - 1, &in->target_unit);
	json_t *days = json_object_get(body, "handover_days");
	if (days && !json_is_null(days)) {
		if (json_is_integer(days)) {
			in->handover_days = (int64_t)json_integer_value(days);
			in->days_set = true;
		} else {
			problem_add(&r->problem, "handover_days", "must be an integer",
				    "phải là số nguyên");
		}
	}
	read_units(r, body, in);
	if (json_array_size(json_object_get(body, "units")) > REORG_UNITS_MAX)
		in->nunits = REORG_UNITS_MAX + 1;
	json_decref(body);
	return problems_or_reply(r);
}

static void post_reorganization(struct req *r)
{
	struct reorg_in in;
	int64_t id = 0;
	memset(&in, 0, sizeof(in));
	if (decode_reorganization_or_reply(r, &in))
		return;
	enum mc_err err = reorg_create(&r->ctx, &in, &id);
	if (err) {
		resp_err(r, err);
		return;
	}
	reply_decision(r, 201, id);
}

/* GET /reorganizations: the decisions the caller may read, newest first, without their
 * handovers (a decision's page has them). */
static void get_reorganizations(struct req *r)
{
	size_t limit;
	const char *cursor;
	int64_t before = 0;
	if (page_or_reply(r, &limit, &cursor))
		return;
	if (cursor) {
		char *end = NULL;
		before = strtoll(cursor, &end, 10);
		if (*end || before <= 0) {
			problem_add(&r->problem, "cursor", "is not a cursor this API gave",
				    "con trỏ phân trang không hợp lệ");
			problems_or_reply(r);
			return;
		}
	}
	struct reorg_summary *v;
	size_t n;
	enum mc_err err = reorg_list(&r->ctx, before, limit, &v, &n);
	if (err) {
		resp_err(r, err);
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < n && i < limit; i++)
		json_array_append_new(items, decision_head_json(&v[i].r, v[i].handovers,
								v[i].complete, v[i].overdue));
	json_t *next = json_null();
	if (n > limit)
		next = json_string(page_cursor(
			r, arena_printf(&r->arena, "%lld", (long long)v[limit - 1].r.id)));
	resp_json(r, 200, json_pack("{s:o, s:o}", "items", items, "next_cursor", next));
}

static void get_reorganization(struct req *r)
{
	int64_t id;
	if (!id_or_reply(r, &id))
		reply_decision(r, 200, id);
}

static json_t *hex_json(const unsigned char *h)
{
	char hex[REORG_HASH_LEN * 2 + 1];
	sodium_bin2hex(hex, sizeof(hex), h, REORG_HASH_LEN);
	return json_string(hex);
}

static void get_verify(struct req *r)
{
	int64_t id;
	if (id_or_reply(r, &id))
		return;
	struct reorg_verdict *v = arena_alloc(&r->arena, sizeof(*v));
	enum mc_err err = reorg_verify(&r->ctx, id, v);
	if (err) {
		resp_err(r, err);
		return;
	}
	json_t *diff = json_array();
	for (size_t i = 0; i < v->ndiff; i++)
		json_array_append_new(diff, json_string(v->diff[i]));
	resp_json(r, 200,
		  json_pack("{s:I, s:b, s:{s:I, s:I, s:o}, s:{s:I, s:I, s:o}, s:o}", "id",
			    (json_int_t)id, "equal", v->equal, "at_creation", "dossiers",
			    (json_int_t)v->dossiers_then, "events", (json_int_t)v->events_then,
			    "checksum", hex_json(v->then), "now", "dossiers",
			    (json_int_t)v->dossiers_now, "events", (json_int_t)v->events_now,
			    "checksum", hex_json(v->now), "changed", diff));
}

static void reply_handover(struct req *r, int64_t id)
{
	struct handover_view *v = arena_alloc(&r->arena, sizeof(*v));
	enum mc_err err = handover_get(&r->ctx, id, v);
	if (err) {
		resp_err(r, err);
		return;
	}
	json_t *body = handover_json(&v->r, &v->h, r->ctx.now);
	json_object_set_new(body, "unit_name", json_string(v->unit_name));
	json_object_set_new(body, "decision_number", json_string(v->r.decision_number));
	json_t *items = json_array();
	for (size_t i = 0; i < v->nitems; i++) {
		const struct handover_item *it = &v->items[i];
		json_array_append_new(items, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s}", "id",
						       (json_int_t)it->id, "kind", it->kind, "ref",
						       it->ref, "label", it->label, "status",
						       it->status, "note", it->note));
	}
	json_object_set_new(body, "items", items);
	resp_json(r, 200, body);
}

static void get_handover(struct req *r)
{
	int64_t id;
	if (!id_or_reply(r, &id))
		reply_handover(r, id);
}

static bool decode_items_or_reply(struct req *r, json_t *body, struct item_confirm **out,
				  size_t *n)
{
	static const char *const item_fields[] = {"id", "status", "note", NULL};
	json_t *items = json_object_get(body, "items");
	*n = 0;
	if (!json_is_array(items) || json_array_size(items) > REORG_ITEMS_MAX) {
		problem_add(&r->problem, "items", "must be an array of at most 50000 items",
			    "phải là danh sách tối đa 50000 mục");
		return problems_or_reply(r);
	}
	*n = json_array_size(items);
	*out = arena_alloc(&r->arena, (*n + 1) * sizeof(**out));
	for (size_t i = 0; i < *n; i++) {
		json_t *it = json_array_get(items, i);
		char *prefix = arena_printf(&r->arena, "items[%zu]", i);
		if (!json_is_object(it) || !json_is_integer(json_object_get(it, "id"))) {
			problem_add(&r->problem, prefix, "must be an object with an integer id",
				    "phải có mã mục (số nguyên)");
			continue;
		}
		jin_only(r, it, prefix, item_fields);
		(*out)[i].id = (int64_t)json_integer_value(json_object_get(it, "id"));
		jin_str(r, it, prefix, "status", true, WORD_CHARS, &(*out)[i].status);
		jin_text(r, it, prefix, "note", false, REORG_NOTE_CHARS, &(*out)[i].note);
	}
	return problems_or_reply(r);
}

bool decode_confirm_or_reply(struct req *r, struct confirm_in *in)
{
	static const char *const fields[] = {"items", NULL};
	json_t *body;
	if (json_body_or_reply(r, &body))
		return true;
	jin_only(r, body, "", fields);
	bool answered = decode_items_or_reply(r, body, &in->items, &in->n);
	json_decref(body);
	return answered;
}

static void post_confirm(struct req *r)
{
	struct confirm_in in = {NULL, 0};
	int64_t id;
	if (id_or_reply(r, &id) || decode_confirm_or_reply(r, &in))
		return;
	struct item_confirm *items = in.items;
	size_t n = in.n;
	enum mc_err err = handover_confirm(&r->ctx, id, items, n);
	if (err)
		resp_err(r, err);
	else
		reply_handover(r, id);
}

bool decode_sign_or_reply(struct req *r, struct sign_in *in)
{
	static const char *const fields[] = {"side", NULL};
	json_t *body;
	if (json_body_or_reply(r, &body))
		return true;
	jin_only(r, body, "", fields);
	jin_str(r, body, "", "side", true, WORD_CHARS, &in->side);
	json_decref(body);
	return problems_or_reply(r);
}

static void post_sign(struct req *r)
{
	struct sign_in in;
	int64_t id;
	if (id_or_reply(r, &id) || decode_sign_or_reply(r, &in))
		return;
	const char *side = in.side;
	enum mc_err err = handover_sign(&r->ctx, id, side);
	if (err)
		resp_err(r, err);
	else
		reply_handover(r, id);
}

static void get_record_pdf(struct req *r)
{
	struct buf out;
	int64_t id;
	size_t len = 0;
	if (id_or_reply(r, &id))
		return;
	buf_init(&out, PDF_MAX);
	enum mc_err err = handover_pdf(&r->ctx, id, &out);
	if (err) {
		buf_release(&out);
		resp_err(r, err);
		return;
	}
	char *data = buf_take(&out, &len);
	buf_release(&out);
	r->out_disposition = arena_printf(&r->arena, "inline; filename=\"bien-ban-ban-giao-%lld.pdf\"",
					  (long long)id);
	resp_bytes(r, 200, "application/pdf", data, len);
}

const struct route api_reorg_routes[] = {
	{"GET", "/api/v1/reorganizations", get_reorganizations, R_AUTH},
	{"POST", "/api/v1/reorganizations", post_reorganization, R_AUTH | R_ADMIN | R_JSON},
	{"GET", "/api/v1/reorganizations/{id}", get_reorganization, R_AUTH},
	{"GET", "/api/v1/reorganizations/{id}/verify", get_verify, R_AUTH},
	{"GET", "/api/v1/handovers/{id}", get_handover, R_AUTH},
	{"POST", "/api/v1/handovers/{id}/items/confirm", post_confirm, R_AUTH | R_JSON},
	{"POST", "/api/v1/handovers/{id}/sign", post_sign, R_AUTH | R_JSON},
	{"GET", "/api/v1/handovers/{id}/record.pdf", get_record_pdf, R_AUTH | R_SLOW},
	{NULL, NULL, NULL, 0},
};
