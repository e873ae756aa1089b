/* Administrators' webhooks over HTTP (docs/webhooks.md): subscriptions (POST, GET list and one,
 * PATCH paused, DELETE, POST ping) and the outbox's messages (GET by state, POST replay). The
 * secret is shown once, in the answer that creates a subscription. Delivery is svc/outbox.c's. */
#include "base/base.h"

#include "base/civil.h"
#include "domain/unit.h"
#include "domain/webhook.h"
#include "http/http.h"
#include "svc/webhooks.h"

static json_t *sub_json(const struct subscription *s)
{
	json_error_t e;
	json_t *events = json_loads(s->events, 0, &e);
	return json_pack("{s:I, s:s, s:o, s:o, s:b, s:o, s:s}", "id", (json_int_t)s->id, "url",
			 s->url, "events", events ? events : json_array(), "unit",
			 s->unit ? json_string(s->unit) : json_null(), "paused", s->paused,
			 "created_at", time_or_null(s->created_at), "created_by", s->created_by);
}

static json_t *msg_json(const struct outbox_msg *m)
{
	json_t *o = json_pack("{s:I, s:s, s:I, s:s, s:o, s:s, s:I, s:o, s:o, s:o}", "id",
			      (json_int_t)m->id, "delivery_id", m->delivery_id, "subscription",
			      (json_int_t)m->subscription_id, "event", m->event, "dossier",
			      m->dossier_code ? json_string(m->dossier_code) : json_null(), "state",
			      m->state, "attempts", (json_int_t)m->attempts, "created_at",
			      time_or_null(m->created_at), "last_error",
			      m->last_error ? json_string(m->last_error) : json_null(),
			      "delivered_at", time_or_null(m->delivered_at));
	json_object_set_new(o, "destination", json_string(m->kind ? m->kind : "webhook"));
	json_object_set_new(o, "next_attempt_at",
			    strcmp(m->state, "pending") == 0 ? time_or_null(m->next_attempt_ms / 1000)
							     : json_null());
	return o;
}

/* Reads "events": an array of strings (names checked by the service). */
static void decode_events(struct req *r, json_t *body, struct webhook_new *in)
{
	json_t *v = json_object_get(body, "events");
	if (!v || json_is_null(v)) {
		problem_add(&r->problem, "events", "is required", "trường bắt buộc");
		return;
	}
	if (!json_is_array(v) || json_array_size(v) > WEBHOOK_EVENTS_MAX) {
		problem_add(&r->problem, "events", "must be an array of 1 to 16 event names",
			    "phải là danh sách từ 1 đến 16 tên sự kiện");
		return;
	}
	const char **names = arena_alloc(&r->arena, (json_array_size(v) + 1) * sizeof(*names));
	for (size_t i = 0; i < json_array_size(v); i++) {
		jin_item_str(r, v, i, "events", WEBHOOK_EVENT_CHARS, &names[i]);
		if (!names[i])
			names[i] = "";
	}
	in->events = names;
	in->nevents = json_array_size(v);
}

static bool decode_create_or_reply(struct req *r, struct webhook_new *in)
{
	static const char *const fields[] = {"url", "events", "unit", "secret", NULL};
	json_t *body;
	if (json_body_or_reply(r, &body))
		return true;
	jin_only(r, body, "", fields);
	jin_str(r, body, "", "url", true, WEBHOOK_URL_MAX, &in->url);
	jin_str(r, body, "", "unit", false, UNIT_CODE_MAX - 1, &in->unit);
	jin_str(r, body, "", "secret", false, WEBHOOK_SECRET_MAX - 1, &in->secret);
	decode_events(r, body, in);
	json_decref(body);
	return problems_or_reply(r);
}

static void post_subscription(struct req *r)
{
	struct webhook_new in;
	struct subscription s;
	memset(&in, 0, sizeof(in));
	if (decode_create_or_reply(r, &in))
		return;
	enum mc_err err = webhooks_create(&r->ctx, &in, &s);
	if (err) {
		resp_err(r, err);
		return;
	}
	json_t *o = sub_json(&s);
	if (!in.secret) /* generated: shown this once */
		json_object_set_new(o, "secret", json_string(s.secret));
	resp_json(r, 201, o);
}

/* The cursor of both lists is the last id given. */
static bool after_or_reply(struct req *r, size_t *limit, int64_t *after)
{
	const char *cursor;
	*after = 0;
	if (page_or_reply(r, limit, &cursor))
		return true;
	if (cursor) {
		char *end = NULL;
		long long v = strtoll(cursor, &end, 10);
		if (*end || v < 0) {
			problem_add(&r->problem, "cursor", "is not a cursor this API gave",
				    "con trỏ phân trang không hợp lệ");
			return problems_or_reply(r);
		}
		*after = v;
	}
	return false;
}

struct list_out {
	json_t *items;
	int64_t last;
};

static void add_sub(const struct subscription *s, void *arg)
{
	struct list_out *o = arg;
	json_array_append_new(o->items, sub_json(s));
	o->last = s->id;
}

static void add_msg(const struct outbox_msg *m, void *arg)
{
	struct list_out *o = arg;
	json_array_append_new(o->items, msg_json(m));
	o->last = m->id;
}

static void answer_list(struct req *r, enum mc_err err, struct list_out *o, bool more)
{
	if (err) {
		json_decref(o->items);
		resp_err(r, err);
		return;
	}
	json_t *next = more ? json_string(page_cursor(r, arena_printf(&r->arena, "%lld",
								      (long long)o->last)))
			    : json_null();
	resp_json(r, 200, json_pack("{s:o, s:o}", "items", o->items, "next_cursor", next));
}

static void get_subscriptions(struct req *r)
{
	size_t limit;
	int64_t after;
	bool more = false;
	if (after_or_reply(r, &limit, &after))
		return;
	struct list_out o = {json_array(), 0};
	enum mc_err err = webhooks_list(&r->ctx, after, limit, add_sub, &o, &more);
	answer_list(r, err, &o, more);
}

static void get_subscription(struct req *r)
{
	int64_t id;
	struct subscription s;
	if (id_or_reply(r, &id))
		return;
	enum mc_err err = webhooks_get(&r->ctx, id, &s);
	if (err)
		resp_err(r, err);
	else
		resp_json(r, 200, sub_json(&s));
}

static bool decode_paused_or_reply(struct req *r, bool *paused)
{
	static const char *const fields[] = {"paused", NULL};
	json_t *body;
	if (json_body_or_reply(r, &body))
		return true;
	jin_only(r, body, "", fields);
	json_t *v = json_object_get(body, "paused");
	if (!json_is_boolean(v))
		problem_add(&r->problem, "paused", "must be true or false", "phải là true hoặc false");
	*paused = json_is_true(v);
	json_decref(body);
	return problems_or_reply(r);
}

/* An unknown subscription (404) comes before the body's errors. */
static void patch_subscription(struct req *r)
{
	int64_t id;
	bool paused;
	struct subscription s;
	if (id_or_reply(r, &id))
		return;
	enum mc_err err = webhooks_get(&r->ctx, id, &s);
	if (!err && decode_paused_or_reply(r, &paused))
		return;
	if (!err)
		err = webhooks_pause(&r->ctx, id, paused, &s);
	if (err)
		resp_err(r, err);
	else
		resp_json(r, 200, sub_json(&s));
}

static void delete_subscription(struct req *r)
{
	int64_t id;
	if (id_or_reply(r, &id))
		return;
	enum mc_err err = webhooks_delete(&r->ctx, id);
	if (err)
		resp_err(r, err);
	else
		resp_empty(r, 204);
}

static void post_ping(struct req *r)
{
	int64_t id;
	if (id_or_reply(r, &id))
		return;
	enum mc_err err = webhooks_ping(&r->ctx, id);
	if (err)
		resp_err(r, err);
	else
		resp_json(r, 202, json_pack("{s:s}", "status", "queued"));
}

static void get_messages(struct req *r)
{
	static const char *const states[] = {"pending", "delivered", "dead", NULL};
	size_t limit;
	int64_t after;
	bool more = false;
	const char *state = qarg_word(r, "state", states);
	if (after_or_reply(r, &limit, &after)) /* also answers a bad state */
		return;
	struct list_out o = {json_array(), 0};
	enum mc_err err = webhooks_messages(&r->ctx, state, after, limit, add_msg, &o, &more);
	answer_list(r, err, &o, more);
}

static void post_replay(struct req *r)
{
	int64_t id;
	if (id_or_reply(r, &id))
		return;
	enum mc_err err = webhooks_replay(&r->ctx, id);
	if (err)
		resp_err(r, err);
	else
		resp_json(r, 202, json_pack("{s:s}", "status", "queued"));
}

const struct route api_webhooks_routes[] = {
	{"POST", "/api/v1/subscriptions", post_subscription, R_AUTH | R_ADMIN | R_SLOW | R_JSON},
	{"GET", "/api/v1/subscriptions", get_subscriptions, R_AUTH | R_ADMIN},
	{"GET", "/api/v1/subscriptions/{id}", get_subscription, R_AUTH | R_ADMIN},
	{"PATCH", "/api/v1/subscriptions/{id}", patch_subscription, R_AUTH | R_ADMIN | R_JSON},
	{"DELETE", "/api/v1/subscriptions/{id}", delete_subscription, R_AUTH | R_ADMIN},
	{"POST", "/api/v1/subscriptions/{id}/ping", post_ping, R_AUTH | R_ADMIN},
	{"GET", "/api/v1/outbox", get_messages, R_AUTH | R_ADMIN},
	{"POST", "/api/v1/outbox/{id}/replay", post_replay, R_AUTH | R_ADMIN},
	{NULL, NULL, NULL, 0},
};
