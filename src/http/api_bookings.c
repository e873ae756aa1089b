/* Appointments over HTTP (docs/appointments.md): a point's booking settings, its public free
 * slots, booking, looking up and cancelling by code, and the point's staff's check-in, no-show
 * and day list. */
#include "base/base.h"

#include "base/civil.h"
#include "http/http.h"
#include "svc/bookings.h"

static json_t *booking_json(const struct booking *b, bool staff)
{
	char start[32], end[32], created[32];
	civil_format_time(b->start_at, start);
	civil_format_time(b->end_at, end);
	civil_format_time(b->created_at, created);
	json_t *j = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s?, s:s, s:o}", "code",
			      b->code, "point", b->point, "procedure", b->procedure, "start", start,
			      "end", end, "status", b->status, "name", b->name, "id_number",
			      b->id_number, "phone", b->phone, "email", b->email[0] ? b->email : NULL,
			      "booked_at", created, "changed_at", time_or_null(b->changed_at));
	json_object_set_new(j, "service_group",
			    b->service_group[0] ? json_string(b->service_group) : json_null());
	if (staff)
		json_object_set_new(j, "booked_by",
				    b->booked_by[0] ? json_string(b->booked_by) : json_null());
	return j;
}

static const char *const DAY_NAMES[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun", NULL};

static json_t *settings_json(const char *point, const struct booking_settings *s)
{
	json_t *hours = json_null();
	if (s->custom_hours) {
		hours = json_object();
		for (int d = 1; d <= 7; d++)
			json_object_set_new(hours, DAY_NAMES[d - 1], json_array());
		for (size_t i = 0; i < s->nperiods; i++) {
			const struct booking_period *p = &s->periods[i];
			char a[24], b[24];
			snprintf(a, sizeof(a), "%02d:%02d", p->start / 3600, p->start / 60 % 60);
			snprintf(b, sizeof(b), "%02d:%02d", p->end / 3600, p->end / 60 % 60);
			json_array_append_new(json_object_get(hours, DAY_NAMES[p->weekday - 1]),
					      json_pack("[s, s]", a, b));
		}
	}
	return json_pack("{s:s, s:i, s:i, s:o, s:b}", "point", point, "slot_minutes", s->slot_minutes,
			 "capacity", s->capacity, "hours", hours, "default", !s->stored);
}

static void get_settings(struct req *r)
{
	struct booking_settings s;
	enum mc_err err = bookings_settings(&r->ctx, req_param(r, 0), &s);
	if (err) {
		resp_err(r, err);
		return;
	}
	resp_json(r, 200, settings_json(req_param(r, 0), &s));
}

/* "HH:MM" (00:00 to 24:00, minutes a multiple of 5) into seconds; -1 when bad. */
static int read_hhmm(json_t *v)
{
	const char *s = json_string_value(v);
	if (!s || strlen(s) != 5 || s[2] != ':')
		return -1;
	for (int i = 0; i < 5; i++)
		if (i != 2 && (s[i] < '0' || s[i] > '9'))
			return -1;
	int h = (s[0] - '0') * 10 + (s[1] - '0'), m = (s[3] - '0') * 10 + (s[4] - '0');
	if (m > 59 || h > 24 || (h == 24 && m) || m % 5)
		return -1;
	return h * 3600 + m * 60;
}

static void read_hours(struct req *r, json_t *hours, struct booking_settings *s)
{
	if (!hours || json_is_null(hours))
		return;
	if (!json_is_object(hours)) {
		problem_add(&r->problem, "hours", "must be an object of weekdays or null",
			    "giờ mở cửa phải là một đối tượng theo ngày trong tuần hoặc null");
		return;
	}
	jin_only(r, hours, "hours", DAY_NAMES);
	s->custom_hours = true;
	for (int d = 1; d <= 7; d++) {
		json_t *list = json_object_get(hours, DAY_NAMES[d - 1]);
		if (!list)
			continue;
		const char *field = arena_printf(&r->arena, "hours.%s", DAY_NAMES[d - 1]);
		if (!json_is_array(list) || json_array_size(list) > BOOKING_PERIODS_MAX) {
			problem_add(&r->problem, field, "must be a list of at most 4 [from, to] pairs",
				    "phải là danh sách tối đa 4 cặp [từ, đến]");
			continue;
		}
		for (size_t i = 0; i < json_array_size(list); i++) {
			json_t *pair = json_array_get(list, i);
			int a = json_array_size(pair) == 2 ? read_hhmm(json_array_get(pair, 0)) : -1;
			int b = json_array_size(pair) == 2 ? read_hhmm(json_array_get(pair, 1)) : -1;
			if (a < 0 || b < 0 || a >= b) {
				problem_add(&r->problem,
					    arena_printf(&r->arena, "%s[%zu]", field, i),
					    "must be [\"HH:MM\", \"HH:MM\"], the end after the start",
					    "phải là [\"HH:MM\", \"HH:MM\"], giờ kết thúc sau giờ bắt đầu");
				continue;
			}
			struct booking_period *p = &s->periods[s->nperiods++];
			*p = (struct booking_period){d, a, b};
		}
	}
}

/* An integer member cut to -1..1000 (the use case rejects what is out of its range). */
static int small_int(json_t *v)
{
	json_int_t n = json_integer_value(v);
	return n < -1 ? -1 : n > 1000 ? 1000 : (int)n;
}

static void put_settings(struct req *r)
{
	static const char *const fields[] = {"slot_minutes", "capacity", "hours", NULL};
	json_t *body;
	struct booking_settings s;
	memset(&s, 0, sizeof(s));
	if (json_body_or_reply(r, &body))
		return;
	jin_only(r, body, "", fields);
	json_t *m = json_object_get(body, "slot_minutes"), *c = json_object_get(body, "capacity");
	s.slot_minutes = json_is_integer(m) ? small_int(m) : -1;
	s.capacity = json_is_integer(c) ? small_int(c) : -1;
	read_hours(r, json_object_get(body, "hours"), &s);
	json_decref(body);
	/* The use case adds its range checks to the edge's, so one answer names every bad field. */
	enum mc_err err = bookings_set_settings(&r->ctx, req_param(r, 0), &s);
	if (!err)
		err = bookings_settings(&r->ctx, req_param(r, 0), &s);
	if (err) {
		resp_err(r, err);
		return;
	}
	resp_json(r, 200, settings_json(req_param(r, 0), &s));
}

static void slot_item(const struct booking_slot *s, void *arg)
{
	char a[32], b[32];
	civil_format_time(s->start, a);
	civil_format_time(s->end, b);
	json_array_append_new(arg, json_pack("{s:s, s:s, s:I}", "start", a, "end", b, "remaining",
					     (json_int_t)s->remaining));
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

static void get_slots(struct req *r)
{
	int64_t from = civil_local_day(r->ctx.now), to = -1;
	day_arg(r, "from", &from);
	day_arg(r, "to", &to);
	const char *procedure = qarg_code(r, "procedure", 63);
	if (problems_or_reply(r))
		return;
	enum mc_err err = bookings_rate(&r->ctx);
	json_t *items = json_array();
	if (!err)
		err = bookings_slots(&r->ctx, req_param(r, 0), from, to, procedure, slot_item, items);
	if (err) {
		json_decref(items);
		resp_err(r, err);
		return;
	}
	resp_json(r, 200, json_pack("{s:s, s:o}", "point", req_param(r, 0), "items", items));
}

static void post_booking(struct req *r)
{
	static const char *const fields[] = {"point",     "procedure", "start", "name",
					     "id_number", "phone",     "email", NULL};
	json_t *body;
	struct booking_in in;
	struct booking b;
	if (json_body_or_reply(r, &body))
		return;
	jin_only(r, body, "", fields);
	jin_str(r, body, "", "point", true, UNIT_CODE_MAX - 1, &in.point);
	jin_str(r, body, "", "procedure", true, 63, &in.procedure);
	jin_str(r, body, "", "start", true, JIN_TIME_CHARS, &in.start);
	jin_str(r, body, "", "name", true, BOOKING_NAME_CHARS, &in.name);
	jin_str(r, body, "", "id_number", true, 12, &in.id_number);
	jin_str(r, body, "", "phone", true, 11, &in.phone);
	jin_str(r, body, "", "email", false, BOOKING_EMAIL_CHARS, &in.email);
	json_decref(body);
	/* The use case adds its own checks to the edge's, so one answer names every bad field. */
	enum mc_err err = bookings_book(&r->ctx, &in, &b);
	if (err) {
		resp_err(r, err);
		return;
	}
	resp_json(r, 201, booking_json(&b, false));
}

static void get_booking(struct req *r)
{
	struct booking b;
	enum mc_err err = bookings_rate(&r->ctx);
	if (!err)
		err = bookings_find(&r->ctx, req_param(r, 0), req_arg_set(r, "id_number"), &b);
	if (err) {
		resp_err(r, err);
		return;
	}
	resp_json(r, 200, booking_json(&b, false));
}

static void post_cancel(struct req *r)
{
	static const char *const fields[] = {"id_number", NULL};
	json_t *body;
	const char *id_number = NULL;
	struct booking b;
	if (json_body_opt_or_reply(r, &body))
		return;
	jin_only(r, body, "", fields);
	jin_str(r, body, "", "id_number", false, 12, &id_number);
	json_decref(body);
	if (problems_or_reply(r))
		return;
	enum mc_err err = bookings_rate(&r->ctx);
	if (!err)
		err = bookings_cancel(&r->ctx, req_param(r, 0), id_number, &b);
	if (err) {
		resp_err(r, err);
		return;
	}
	resp_json(r, 200, booking_json(&b, false));
}

static void mark(struct req *r, const char *status)
{
	static const char *const fields[] = {NULL};
	json_t *body;
	struct booking b;
	if (json_body_opt_or_reply(r, &body))
		return;
	jin_only(r, body, "", fields);
	json_decref(body);
	if (problems_or_reply(r))
		return;
	struct ticket t;
	int64_t ahead = 0;
	enum mc_err err = bookings_mark(&r->ctx, req_param(r, 0), status, &b, &t, &ahead);
	if (err) {
		resp_err(r, err);
		return;
	}
	json_t *j = booking_json(&b, true);
	if (!strcmp(status, "arrived")) {
		json_t *tj = ticket_json(&t);
		json_object_set_new(tj, "waiting_ahead", json_integer(ahead));
		json_object_set_new(j, "ticket", tj);
		queue_publish(r, "ticket", &t, ahead + 1);
	}
	resp_json(r, 200, j);
}

static void post_check_in(struct req *r)
{
	mark(r, "arrived");
}

static void post_no_show(struct req *r)
{
	mark(r, "no_show");
}

static void day_item(const struct booking *b, void *arg)
{
	json_array_append_new(arg, booking_json(b, true));
}

static void get_point_bookings(struct req *r)
{
	int64_t day = civil_local_day(r->ctx.now);
	day_arg(r, "day", &day);
	if (problems_or_reply(r))
		return;
	json_t *items = json_array();
	enum mc_err err = bookings_day(&r->ctx, req_param(r, 0), day, day_item, items);
	if (err) {
		json_decref(items);
		resp_err(r, err);
		return;
	}
	char d[16];
	civil_format_date(day, d);
	resp_json(r, 200,
		  json_pack("{s:s, s:s, s:o}", "point", req_param(r, 0), "day", d, "items", items));
}

const struct route api_bookings_routes[] = {
	{"GET", "/api/v1/points/{code}/booking-settings", get_settings, 0},
	{"PUT", "/api/v1/points/{code}/booking-settings", put_settings, R_AUTH | R_JSON},
	{"GET", "/api/v1/points/{code}/slots", get_slots, 0},
	{"GET", "/api/v1/points/{code}/appointments", get_point_bookings, R_AUTH},
	{"POST", "/api/v1/appointments", post_booking, R_JSON},
	{"GET", "/api/v1/appointments/{code}", get_booking, 0},
	{"POST", "/api/v1/appointments/{code}/cancel", post_cancel, R_JSON},
	{"POST", "/api/v1/appointments/{code}/check-in", post_check_in, R_AUTH | R_JSON},
	{"POST", "/api/v1/appointments/{code}/no-show", post_no_show, R_AUTH | R_JSON},
	{NULL, NULL, NULL, 0},
};
