/* Queues over HTTP (docs/queue.md): issue a ticket (staff, or a public kiosk), a counter's calls
 * and actions on its ticket, the public board and its live stream with the spoken announcement,
 * the point's rule setting, a dossier's ticket and the waiting and serving statistics. */
#include "base/base.h"

#include "base/civil.h"
#include "http/decode.h"
#include "http/http.h"
#include "http/json_text.h"
#include "http/stream.h"
#include "svc/perm.h"
#include "svc/queue.h"

json_t *ticket_json(const struct ticket *t)
{
	char created[32], called[32], finished[32], said[96];
	civil_format_time(t->created_at, created);
	if (t->called_at)
		civil_format_time(t->called_at, called);
	if (t->finished_at)
		civil_format_time(t->finished_at, finished);
	bool calling = t->called_at && !strcmp(t->status, "called");
	if (calling)
		queue_announcement(t->number, t->counter, said, sizeof(said));
	return json_pack("{s:s, s:s, s:I, s:s, s:s?, s:s, s:o, s:s, s:s?, s:s?, s:o, s:I, s:I, s:s?}",
			 "point", t->point, "day", t->day, "number", (json_int_t)t->number,
			 "service_group", t->service_group, "priority",
			 t->priority[0] ? t->priority : NULL, "status", t->status, "counter",
			 t->counter ? json_integer(t->counter) : json_null(), "issued_at", created,
			 "called_at", t->called_at ? called : NULL, "finished_at",
			 t->finished_at ? finished : NULL, "target_counter",
			 t->target_counter ? json_integer(t->target_counter) : json_null(), "recalls",
			 (json_int_t)t->recalls, "transfers", (json_int_t)t->transfers,
			 "announcement", calling ? said : NULL);
}

/* An integer, or null for 0 (json_integer's or json_null's text). */
static void int_or_null(struct buf *b, int64_t v)
{
	if (v)
		buf_append_int(b, v);
	else
		buf_append(b, "null", 4);
}

void ticket_text(struct buf *b, const struct ticket *t)
{
	buf_append(b, "{", 1);
	text_obj_str(b, "point", t->point, true);
	text_obj_str(b, "day", t->day, false);
	text_obj_int(b, "number", t->number, false);
	text_obj_str(b, "service_group", t->service_group, false);
	text_obj_opt(b, "priority", t->priority);
	text_obj_str(b, "status", t->status, false);
	text_key(b, "counter", false);
	int_or_null(b, t->counter);
	char created[32];
	civil_format_time(t->created_at, created);
	text_obj_str(b, "issued_at", created, false);
	text_obj_time(b, "called_at", t->called_at, false); /* 0: not yet, null */
	text_obj_time(b, "finished_at", t->finished_at, false);
	text_key(b, "target_counter", false);
	int_or_null(b, t->target_counter);
	text_obj_int(b, "recalls", t->recalls, false);
	text_obj_int(b, "transfers", t->transfers, false);
	text_key(b, "announcement", false);
	if (t->called_at && !strcmp(t->status, "called")) {
		char said[96];
		queue_announcement(t->number, t->counter, said, sizeof(said));
		json_text_str(b, said);
	} else {
		buf_append(b, "null", 4);
	}
	buf_append(b, "}", 1);
}

void ticket_serving_text(struct buf *b, const struct ticket *t)
{
	char said[96];
	queue_announcement(t->number, t->counter, said, sizeof(said));
	buf_append(b, "{", 1);
	text_obj_int(b, "counter", t->counter, true);
	text_obj_int(b, "number", t->number, false);
	text_obj_str(b, "service_group", t->service_group, false);
	text_obj_opt(b, "priority", t->priority);
	text_obj_str(b, "announcement", said, false);
	buf_append(b, "}", 1);
}

static void ignore_ticket(const struct ticket *t, void *arg)
{
	(void)t;
	(void)arg;
}

/* Tells the point's live streams: an event with the ticket and the number waiting now. */
void queue_publish(struct req *r, const char *event, const struct ticket *t, int64_t waiting)
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

static void issue(struct req *r, bool kiosk)
{
	struct ticket_in in;
	memset(&in, 0, sizeof(in));
	if (decode_ticket_or_reply(r, &in))
		return;
	const char *group = in.service_group, *priority = in.priority;
	struct ticket t;
	int64_t ahead = 0;
	enum mc_err err = kiosk ? queue_kiosk_issue(&r->ctx, req_param(r, 0), group, priority, &t,
						    &ahead)
				: queue_issue(&r->ctx, req_param(r, 0), group, priority, &t, &ahead);
	if (err) {
		resp_err(r, err);
		return;
	}
	json_t *j = ticket_json(&t);
	json_object_set_new(j, "waiting_ahead", json_integer(ahead));
	queue_publish(r, "ticket", &t, ahead + 1);
	resp_json(r, 201, j);
}

static void post_ticket(struct req *r)
{
	issue(r, false);
}

/* POST /points/{code}/kiosk/tickets: the public kiosk (no login; rate-limited per address). */
static void post_kiosk_ticket(struct req *r)
{
	issue(r, true);
}

static bool counter_arg(struct req *r, long *counter)
{
	const char *n = req_param(r, 1);
	char *end = NULL;
	*counter = n ? strtol(n, &end, 10) : 0;
	if (!n || *end || *counter < 1 || *counter > QUEUE_COUNTER_MAX)
		problem_add(&r->problem, "counter", "must be from 1 to 99", "số quầy phải từ 1 đến 99");
	return r->problem.n == 0;
}

/* An optional ticket number member (1..9999); 0 when absent or null (then an error if required). */
static int64_t number_field(struct req *r, json_t *body, const char *key, bool required)
{
	json_t *v = json_object_get(body, key);
	if (!v || json_is_null(v)) {
		if (required)
			problem_add(&r->problem, key, "is required", "thông tin bắt buộc");
		return 0;
	}
	if (!json_is_integer(v) || json_integer_value(v) < 1 ||
	    json_integer_value(v) > QUEUE_DAILY_MAX) {
		problem_add(&r->problem, key, "must be a whole number from 1 to 9999",
			    "phải là số nguyên từ 1 đến 9999");
		return 0;
	}
	return json_integer_value(v);
}

bool decode_call_next_or_reply(struct req *r, struct call_next_in *in)
{
	json_t *body;
	static const char *const fields[] = {"current", NULL};
	memset(in, 0, sizeof(*in));
	if (json_body_opt_or_reply(r, &body))
		return true;
	jin_only(r, body, "", fields);
	in->has_current = json_object_get(body, "current") != NULL;
	in->current = number_field(r, body, "current", false);
	json_decref(body);
	counter_arg(r, &in->counter);
	return problems_or_reply(r);
}

/* POST /points/{code}/counters/{n}/call-next [{"current": N | null}]: with "current" (the ticket
 * the counter believes it serves, null: none) a retried call is recognised: when the counter
 * serves another ticket already, that one is answered and nothing changes. */
static void post_call_next(struct req *r)
{
	struct call_next_in in;
	if (decode_call_next_or_reply(r, &in))
		return;
	struct ticket t;
	bool found, repeated = false;
	enum mc_err err = queue_call_next(&r->ctx, req_param(r, 0), in.counter,
					  in.has_current ? &in.current : NULL, &t, &found, &repeated);
	if (err) {
		resp_err(r, err);
		return;
	}
	if (found && !repeated) {
		int64_t waiting = 0;
		char day[16];
		if (queue_list(&r->ctx, t.point, 0, 1, ignore_ticket, NULL, &waiting, day) == MC_OK)
			queue_publish(r, "called", &t, waiting);
	}
	resp_json(r, 200, json_pack("{s:o, s:b}", "ticket", found ? ticket_json(&t) : json_null(),
				    "repeated", repeated));
}

static bool decode_act(struct req *r, struct queue_act_in *in, bool transfer)
{
	static const char *const plain[] = {"number", NULL};
	static const char *const moving[] = {"number", "counter", "service_group", NULL};
	json_t *body;
	memset(in, 0, sizeof(*in));
	if (json_body_or_reply(r, &body))
		return true;
	jin_only(r, body, "", transfer ? moving : plain);
	counter_arg(r, &in->counter);
	in->op.number = number_field(r, body, "number", true);
	if (transfer) {
		json_t *c = json_object_get(body, "counter");
		if (c && !json_is_null(c) &&
		    (!json_is_integer(c) || json_integer_value(c) < 1 ||
		     json_integer_value(c) > QUEUE_COUNTER_MAX))
			problem_add(&r->problem, "counter", "must be from 1 to 99",
				    "số quầy phải từ 1 đến 99");
		else if (c && !json_is_null(c))
			in->op.to_counter = json_integer_value(c);
		jin_str(r, body, "", "service_group", false, QUEUE_GROUP_CHARS, &in->op.to_group);
	}
	json_decref(body);
	return problems_or_reply(r);
}

bool decode_queue_act_or_reply(struct req *r, struct queue_act_in *in)
{
	return decode_act(r, in, false);
}

bool decode_queue_transfer_or_reply(struct req *r, struct queue_act_in *in)
{
	return decode_act(r, in, true);
}

/* POST /points/{code}/counters/{n}/{recall|skip|finish|transfer} {"number": N[, "counter": M,
 * "service_group": "..."]}: the counter's action on the ticket it called. */
static void act(struct req *r, enum queue_op op)
{
	struct queue_act_in in;
	bool answered = op == QUEUE_TRANSFER ? decode_queue_transfer_or_reply(r, &in)
					     : decode_queue_act_or_reply(r, &in);
	if (answered)
		return;
	struct ticket t, next;
	bool found = false, repeated = false;
	enum mc_err err = queue_act(&r->ctx, req_param(r, 0), in.counter, op, &in.op, &t, &next,
				    &found, &repeated);
	if (err) {
		resp_err(r, err);
		return;
	}
	int64_t waiting = 0;
	char day[16];
	if (!repeated &&
	    queue_list(&r->ctx, t.point, 0, 1, ignore_ticket, NULL, &waiting, day) == MC_OK) {
		static const char *const events[] = {"recalled", "skipped", "finished", "transferred"};
		queue_publish(r, events[op], &t, waiting);
		if (found)
			queue_publish(r, "called", &next, waiting);
	}
	json_t *j = json_pack("{s:o, s:b}", "ticket", ticket_json(&t), "repeated", repeated);
	if (op == QUEUE_SKIP || repeated)
		json_object_set_new(j, "next", found ? ticket_json(&next) : json_null());
	resp_json(r, 200, j);
}

static void post_recall(struct req *r)
{
	act(r, QUEUE_RECALL);
}

static void post_skip(struct req *r)
{
	act(r, QUEUE_SKIP);
}

static void post_finish(struct req *r)
{
	act(r, QUEUE_FINISH);
}

static void post_transfer(struct req *r)
{
	act(r, QUEUE_TRANSFER);
}

/* The board's two lists as text while its read runs; items past limit only say there are more. */
struct board {
	struct buf serving, items;
	size_t nserving, nitems, limit;
	int64_t last;
	bool more;
};

static void board_serving(const struct ticket *t, void *arg)
{
	struct board *b = arg;
	if (b->nserving++)
		buf_append(&b->serving, ",", 1);
	ticket_serving_text(&b->serving, t);
}

static void board_item(const struct ticket *t, void *arg)
{
	struct board *b = arg;
	if (b->nitems == b->limit) {
		b->more = true;
		return;
	}
	if (b->nitems++)
		buf_append(&b->items, ",", 1);
	ticket_text(&b->items, t);
	b->last = t->number;
}

/* Far above a real board (PAGE_LIMIT_MAX tickets of a few hundred bytes, each at most ~2.5 KB
 * with every text escaped). */
#define BOARD_TEXT_MAX (4 * 1024 * 1024)

/* The board up to its serving list, both answers' start: {"point", "day", "waiting", "serving":
 * [...]; the caller closes it. */
static void board_head(struct buf *out, const char *point, const char *day, int64_t waiting,
		       const struct board *b)
{
	buf_append(out, "{", 1);
	text_obj_str(out, "point", point, true);
	text_obj_str(out, "day", day, false);
	text_obj_int(out, "waiting", waiting, false);
	text_key(out, "serving", false);
	buf_append(out, "[", 1);
	buf_append(out, b->serving.data, b->serving.len);
	buf_append(out, "]", 1);
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
	struct board b = {.limit = 0}; /* the serving list and the count; no ticket of the page */
	buf_init(&b.serving, BOARD_TEXT_MAX);
	buf_init(&b.items, BOARD_TEXT_MAX);
	enum mc_err err = queue_board(&r->ctx, point, 0, 1, board_serving, board_item, &b, &waiting,
				      day);
	struct buf out;
	buf_init_cap(&out, BOARD_TEXT_MAX + 1024, b.serving.len + 512);
	if (!err) {
		buf_append_str(&out, "retry: 5000\nevent: board\ndata: ");
		board_head(&out, point, day, waiting, &b);
		buf_append_str(&out, "}\n\n");
		if (b.serving.full || out.full)
			err = MC_EINTERNAL;
	}
	buf_release(&b.serving);
	buf_release(&b.items);
	if (err) {
		buf_release(&out);
		resp_err(r, err);
		return;
	}
	const char *first = arena_strdup(&r->arena, out.data);
	buf_release(&out);
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
	/* Written directly, not through jansson's tree and dump (~45 % of the board's CPU): boards
	 * and phones poll it. The same bytes (test_queue_json). */
	struct board b = {.limit = limit};
	buf_init(&b.serving, BOARD_TEXT_MAX);
	buf_init(&b.items, BOARD_TEXT_MAX);
	enum mc_err err = queue_board(&r->ctx, req_param(r, 0), after, limit + 1, board_serving,
				      board_item, &b, &waiting, day);
	struct buf out;
	buf_init_cap(&out, 2 * BOARD_TEXT_MAX + 1024, b.serving.len + b.items.len + 512);
	if (!err) {
		board_head(&out, req_param(r, 0), day, waiting, &b);
		text_key(&out, "items", false);
		buf_append(&out, "[", 1);
		buf_append(&out, b.items.data, b.items.len);
		buf_append(&out, "]", 1);
		text_key(&out, "next_cursor", false);
		if (b.more)
			json_text_str(&out, page_cursor(r, arena_printf(&r->arena, "%lld",
									(long long)b.last)));
		else
			buf_append(&out, "null", 4);
		buf_append(&out, "}", 1);
		if (b.serving.full || b.items.full || out.full)
			err = MC_EINTERNAL; /* never a cut text */
	}
	buf_release(&b.serving);
	buf_release(&b.items);
	if (err) {
		buf_release(&out);
		resp_err(r, err);
		return;
	}
	size_t len;
	char *text = buf_take(&out, &len);
	resp_bytes(r, 200, "application/json; charset=utf-8", text, len);
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

static json_t *settings_json(const char *point, int every, bool stored)
{
	return json_pack("{s:s, s:i, s:b}", "point", point, "ordinary_every", every, "default",
			 !stored);
}

static void get_settings(struct req *r)
{
	int every = 0;
	bool stored = false;
	enum mc_err err = queue_settings(&r->ctx, req_param(r, 0), &every, &stored);
	if (err) {
		resp_err(r, err);
		return;
	}
	resp_json(r, 200, settings_json(req_param(r, 0), every, stored));
}

bool decode_queue_settings_or_reply(struct req *r, struct queue_settings_in *in)
{
	static const char *const fields[] = {"ordinary_every", NULL};
	json_t *body;
	memset(in, 0, sizeof(*in));
	if (json_body_or_reply(r, &body))
		return true;
	jin_only(r, body, "", fields);
	json_t *v = json_object_get(body, "ordinary_every");
	if (!json_is_integer(v) || json_integer_value(v) < QUEUE_ORDINARY_EVERY_MIN ||
	    json_integer_value(v) > QUEUE_ORDINARY_EVERY_MAX)
		problem_add(&r->problem, "ordinary_every", "must be a whole number from 2 to 20",
			    "số lượt gọi phải là số nguyên từ 2 đến 20");
	else
		in->ordinary_every = (int)json_integer_value(v);
	json_decref(body);
	return problems_or_reply(r);
}

/* PUT /points/{code}/queue/settings {"ordinary_every": N} */
static void put_settings(struct req *r)
{
	struct queue_settings_in in;
	if (decode_queue_settings_or_reply(r, &in))
		return;
	bool stored = false;
	int every = in.ordinary_every;
	enum mc_err err = queue_set_settings(&r->ctx, req_param(r, 0), every);
	if (!err)
		err = queue_settings(&r->ctx, req_param(r, 0), &every, &stored);
	if (err) {
		resp_err(r, err);
		return;
	}
	resp_json(r, 200, settings_json(req_param(r, 0), every, stored));
}

static bool day_arg(struct req *r, const char *name, int64_t *out)
{
	const char *v = req_arg_set(r, name);
	if (!v)
		return false;
	if (civil_parse_date(v, strlen(v), out) != MC_OK) {
		problem_add(&r->problem, name, "must be a date YYYY-MM-DD",
			    "phải là ngày theo dạng YYYY-MM-DD");
		return false;
	}
	return true;
}

struct stats_out {
	json_t *point, *counters, *officers;
};

static json_t *stat_json(const struct queue_stat *s)
{
	int64_t n = s->served;
	return json_pack("{s:I, s:I, s:I, s:I, s:o, s:o}", "served", (json_int_t)n, "skipped",
			 (json_int_t)s->skipped, "waiting_seconds", (json_int_t)s->wait_total,
			 "serving_seconds", (json_int_t)s->serve_total, "waiting_avg_seconds",
			 n ? json_integer(s->wait_total / n) : json_null(), "serving_avg_seconds",
			 n ? json_integer(s->serve_total / n) : json_null());
}

static void stat_item(int by, const struct queue_stat *s, void *arg)
{
	struct stats_out *o = arg;
	json_t *j = stat_json(s);
	if (by == 0) {
		json_object_set_new(j, "expired", json_integer(s->expired));
		json_decref(o->point);
		o->point = j;
	} else if (by == 1) {
		json_object_set_new(j, "counter", json_integer(s->counter));
		json_array_append_new(o->counters, j);
	} else {
		json_object_set_new(j, "officer", s->officer ? json_string(s->officer) : json_null());
		json_array_append_new(o->officers, j);
	}
}

/* GET /points/{code}/queue/stats?from=YYYY-MM-DD&to=YYYY-MM-DD (default: today) */
static void get_stats(struct req *r)
{
	int64_t from = civil_local_day(r->ctx.now), to = from;
	day_arg(r, "from", &from);
	if (!day_arg(r, "to", &to) && !req_arg_set(r, "to"))
		to = from > to ? from : to;
	if (problems_or_reply(r))
		return;
	struct stats_out o = {json_null(), json_array(), json_array()};
	enum mc_err err = queue_stats(&r->ctx, req_param(r, 0), from, to, stat_item, &o);
	if (err) {
		json_decref(o.point);
		json_decref(o.counters);
		json_decref(o.officers);
		resp_err(r, err);
		return;
	}
	char a[16], b[16];
	civil_format_date(from, a);
	civil_format_date(to, b);
	resp_json(r, 200, json_pack("{s:s, s:s, s:s, s:o, s:o, s:o}", "point", req_param(r, 0),
				    "from", a, "to", b, "total", o.point, "counters", o.counters,
				    "officers", o.officers));
}

/* GET /dossiers/{code}/ticket: the queue ticket the dossier was received from, with its waiting
 * and serving seconds (404 when none or the dossier is not the caller's to see). */
static void get_dossier_ticket(struct req *r)
{
	struct ticket t;
	enum mc_err err = queue_dossier_ticket(&r->ctx, req_param(r, 0), &t);
	if (err) {
		resp_err(r, err);
		return;
	}
	json_t *j = ticket_json(&t);
	json_object_set_new(j, "waiting_seconds",
			    t.called_at ? json_integer(t.called_at - t.created_at) : json_null());
	json_object_set_new(j, "serving_seconds",
			    t.finished_at && t.called_at && !strcmp(t.status, "done")
				    ? json_integer(t.finished_at - t.called_at)
				    : json_null());
	json_object_set_new(j, "dossier", json_string(req_param(r, 0)));
	resp_json(r, 200, j);
}

const struct route api_queue_routes[] = {
	{"GET", "/api/v1/queues", get_queues, 0},
	{"POST", "/api/v1/points/{code}/tickets", post_ticket, R_AUTH | R_JSON},
	{"POST", "/api/v1/points/{code}/kiosk/tickets", post_kiosk_ticket, R_JSON},
	{"POST", "/api/v1/points/{code}/counters/{n}/call-next", post_call_next, R_AUTH | R_JSON},
	{"POST", "/api/v1/points/{code}/counters/{n}/recall", post_recall, R_AUTH | R_JSON},
	{"POST", "/api/v1/points/{code}/counters/{n}/skip", post_skip, R_AUTH | R_JSON},
	{"POST", "/api/v1/points/{code}/counters/{n}/finish", post_finish, R_AUTH | R_JSON},
	{"POST", "/api/v1/points/{code}/counters/{n}/transfer", post_transfer, R_AUTH | R_JSON},
	{"GET", "/api/v1/points/{code}/queue", get_queue, 0},
	{"GET", "/api/v1/points/{code}/queue/stream", get_queue_stream, 0},
	{"GET", "/api/v1/points/{code}/queue/settings", get_settings, R_AUTH},
	{"PUT", "/api/v1/points/{code}/queue/settings", put_settings, R_AUTH | R_JSON},
	{"GET", "/api/v1/points/{code}/queue/stats", get_stats, R_AUTH},
	{"GET", "/api/v1/dossiers/{code}/ticket", get_dossier_ticket, R_AUTH},
	{NULL, NULL, NULL, 0},
};
