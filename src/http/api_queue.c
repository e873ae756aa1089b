/* Queues over HTTP: issue a ticket, call the next one to a counter, the public board. */
#include "base/base.h"

#include "base/civil.h"
#include "http/decode.h"
#include "http/http.h"
#include "http/stream.h"
#include "svc/perm.h"
#include "svc/queue.h"

static json_t *ticket_json(const struct ticket *t)
{
	char created[32], called[32];
	civil_format_time(t->created_at, created);
	if (t->called_at)
		civil_format_time(t->called_at, called);
	return json_pack("{s:s, s:s, s:I, s:s, s:s?, s:s, s:o, s:s, s:s?}", "point", t->point, "day",
			 t->day, "number", (json_int_t)t->number, "service_group", t->service_group,
			 "priority", t->priority[0] ? t->priority : NULL, "status", t->status,
			 "counter", t->counter ? json_integer(t->counter) : json_null(), "issued_at",
			 created, "called_at", t->called_at ? called : NULL);
}

static void ignore_ticket(const struct ticket *t, void *arg)
{
	(void)t;
	(void)arg;
}

/* Tells the point's live streams: an event with the ticket and the number waiting now. */
static void publish(struct req *r, const char *event, const struct ticket *t, int64_t waiting)
{
	json_t *j = json_pack("{s:s, s:s, s:I, s:o}", "point", t->point, "day", t->day, "waiting",
			      (json_int_t)waiting, "ticket", ticket_json(t));
	char *data = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	if (data)
		svc_publish(&r->ctx, arena_printf(&r->arena, "queue:%s", t->point), event, data);
	free(data);
}

bool decode_ticket_or_reply(struct req *r, struct ticket_in *in)
{
	static const char *const fields[] = {"service_group", "priority", NULL};
	json_t *body;
	if (json_body_or_reply(r, &body))
		return true;
	jin_only(r, body, "", fields);
	jin_str(r, body, "", "service_group", false, QUEUE_GROUP_CHARS, &in->service_group);
	jin_str(r, body, "", "priority", false, QUEUE_PRIORITY_MAX - 1, &in->priority);
	json_decref(body);
	return problems_or_reply(r);
}

static void post_ticket(struct req *r)
{
	struct ticket_in in;
	memset(&in, 0, sizeof(in));
	if (decode_ticket_or_reply(r, &in))
		return;
	const char *group = in.service_group, *priority = in.priority;
	struct ticket t;
	int64_t ahead = 0;
	enum mc_err err = queue_issue(&r->ctx, req_param(r, 0), group, priority, &t, &ahead);
	if (err) {
		resp_err(r, err);
		return;
	}
	json_t *j = ticket_json(&t);
	json_object_set_new(j, "waiting_ahead", json_integer(ahead));
	publish(r, "ticket", &t, ahead + 1);
	resp_json(r, 201, j);
}

bool decode_call_next_or_reply(struct req *r, struct call_next_in *in)
{
	json_t *body;
	static const char *const fields[] = {NULL};
	if (json_body_opt_or_reply(r, &body))
		return true;
	jin_only(r, body, "", fields);
	json_decref(body);
	const char *n = req_param(r, 1);
	char *end = NULL;
	in->counter = strtol(n, &end, 10);
	if (*end || in->counter < 1 || in->counter > 99)
		problem_add(&r->problem, "counter", "must be from 1 to 99", "số quầy phải từ 1 đến 99");
	return problems_or_reply(r);
}

static void post_call_next(struct req *r)
{
	struct call_next_in in;
	if (decode_call_next_or_reply(r, &in))
		return;
	long counter = in.counter;
	struct ticket t;
	bool found;
	enum mc_err err = queue_call_next(&r->ctx, req_param(r, 0), counter, &t, &found);
	if (err) {
		resp_err(r, err);
		return;
	}
	if (found) {
		int64_t waiting = 0;
		char day[16];
		if (queue_list(&r->ctx, t.point, 0, 1, ignore_ticket, NULL, &waiting, day) == MC_OK)
			publish(r, "called", &t, waiting);
	}
	resp_json(r, 200, json_pack("{s:o}", "ticket", found ? ticket_json(&t) : json_null()));
}

/* GET /points/{code}/queue/stream: the board's live changes as server-sent events: first
 * "board" (the number waiting now), then "ticket" for each ticket issued and "called" for each
 * ticket called to a counter, each with the number waiting after it. Public, no personal data;
 * anonymous clients have a few streams per address, staff (boards) a reserved share. */
static void get_queue_stream(struct req *r)
{
	int64_t waiting = 0;
	char day[16];
	const char *point = req_param(r, 0);
	enum mc_err err = queue_list(&r->ctx, point, 0, 1, ignore_ticket, NULL, &waiting, day);
	if (err) {
		resp_err(r, err);
		return;
	}
	json_t *j = json_pack("{s:s, s:s, s:I}", "point", point, "day", day, "waiting",
			      (json_int_t)waiting);
	char *data = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	const char *first = arena_printf(&r->arena, "retry: 5000\nevent: board\ndata: %s\n\n",
					 data ? data : "{}");
	free(data);
	bool staff = r->authed && r->user.nroles > 0 && !perm_has_role(&r->user, "citizen");
	enum stream_verdict v = stream_answer(r, arena_printf(&r->arena, "queue:%s", point), first,
					      staff);
	if (v == STREAM_ADDRESS) {
		r->retry_after = 30;
		resp_problem(r, 429, "this address has as many live streams as it may open",
			     "địa chỉ này đã mở đủ số kết nối theo dõi trực tiếp cho phép");
	} else if (v == STREAM_FULL) {
		r->retry_after = 30;
		resp_problem(r, 503, "too many live streams are open, try again later",
			     "có quá nhiều kết nối theo dõi trực tiếp, vui lòng thử lại sau");
	}
}

struct board {
	json_t *items;
	int64_t last;
};

static void board_item(const struct ticket *t, void *arg)
{
	struct board *b = arg;
	json_array_append_new(b->items, ticket_json(t));
	b->last = t->number;
}

static void get_queue(struct req *r)
{
	size_t limit;
	const char *cursor;
	int64_t after = 0, waiting = 0;
	char day[16];
	if (page_or_reply(r, &limit, &cursor))
		return;
	if (cursor) {
		char *end = NULL;
		after = strtoll(cursor, &end, 10);
		if (*end || after < 0) {
			problem_add(&r->problem, "cursor", "is not a cursor this API gave",
				    "con trỏ phân trang không hợp lệ");
			problems_or_reply(r);
			return;
		}
	}
	struct board b = {json_array(), 0};
	enum mc_err err = queue_list(&r->ctx, req_param(r, 0), after, limit + 1, board_item, &b,
				     &waiting, day);
	if (err) {
		json_decref(b.items);
		resp_err(r, err);
		return;
	}
	json_t *next = json_null();
	if (json_array_size(b.items) > limit) {
		json_array_remove(b.items, limit);
		json_t *last = json_array_get(b.items, limit - 1);
		char *v = arena_printf(&r->arena, "%lld",
				       (long long)json_integer_value(json_object_get(last, "number")));
		next = json_string(page_cursor(r, v));
	}
	resp_json(r, 200, json_pack("{s:s, s:s, s:I, s:o, s:o}", "point", req_param(r, 0), "day", day,
				    "waiting", (json_int_t)waiting, "items", b.items, "next_cursor",
				    next));
}

static void summary_item(const struct queue_summary *s, void *arg)
{
	json_array_append_new(arg, json_pack("{s:s, s:s, s:I, s:I, s:I}", "point", s->point, "name",
					     s->name, "waiting", (json_int_t)s->waiting,
					     "serving", (json_int_t)s->serving, "issued",
					     (json_int_t)s->issued));
}

/* GET /queues: the live length of every service point's queue today (public, counts only). */
static void get_queues(struct req *r)
{
	char day[16];
	json_t *items = json_array();
	enum mc_err err = queue_summary(&r->ctx, summary_item, items, day);
	if (err) {
		json_decref(items);
		resp_err(r, err);
		return;
	}
	resp_json(r, 200, json_pack("{s:s, s:o}", "day", day, "items", items));
}

const struct route api_queue_routes[] = {
	{"GET", "/api/v1/queues", get_queues, 0},
	{"POST", "/api/v1/points/{code}/tickets", post_ticket, R_AUTH | R_JSON},
	{"POST", "/api/v1/points/{code}/counters/{n}/call-next", post_call_next, R_AUTH | R_JSON},
	{"GET", "/api/v1/points/{code}/queue", get_queue, 0},
	{"GET", "/api/v1/points/{code}/queue/stream", get_queue_stream, 0},
	{NULL, NULL, NULL, 0},
};
