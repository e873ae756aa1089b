/* The registers over HTTP: staff, assets and archive records (list by unit, get with history,
 * create, update with PATCH), and appointments of heads and deputies. */
#include "base/base.h"

#include "base/civil.h"
#include "http/decode.h"
#include "http/http.h"
#include "svc/registers.h"

/* Input helpers. */

static void jin_int(struct req *r, json_t *obj, const char *key, int64_t *out, bool *set)
{
	json_t *v = json_object_get(obj, key);
	*set = false;
	if (!v || json_is_null(v))
		return;
	if (!json_is_integer(v)) {
		problem_add(&r->problem, key, "must be an integer", "phải là số nguyên");
		return;
	}
	*out = (int64_t)json_integer_value(v);
	*set = true;
}

/* A time (RFC 3339 with an offset) or a bare date (its start). */
static void jin_time(struct req *r, json_t *obj, const char *key, int64_t *out, bool *set)
{
	const char *s;
	int64_t day;
	*set = false;
	jin_str(r, obj, "", key, false, 40, &s);
	if (!s)
		return;
	if (strlen(s) == 10 && civil_parse_date(s, 10, &day) == MC_OK)
		*out = civil_instant(day, 0);
	else if (civil_parse_time(s, strlen(s), out) != MC_OK) {
		problem_add(&r->problem, key, "must be a date or an RFC 3339 time with an offset",
			    "phải là ngày hoặc thời điểm RFC 3339 có múi giờ");
		return;
	}
	*set = true;
}

/* The {id} path parameter; false (after answering 404) when it is not a positive integer. */
static bool id_or_reply(struct req *r, int64_t *id)
{
	const char *s = req_param(r, 0);
	char *end = NULL;
	long long v = strtoll(s, &end, 10);
	if (!*s || *end || v <= 0) {
		resp_err(r, MC_ENOTFOUND);
		return true;
	}
	*id = v;
	return false;
}

static json_t *time_or_null(int64_t t)
{
	char s[32];
	if (t == INT64_MAX || t == 0)
		return json_null();
	civil_format_time(t, s);
	return json_string(s);
}

static json_t *text_or_null(const char *s)
{
	return s[0] ? json_string(s) : json_null();
}

static json_t *spans_json(const struct reg_span *spans, size_t n, bool counters)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_pack("{s:s, s:o, s:o}", "unit", spans[i].unit, "from",
				      time_or_null(spans[i].from), "to", time_or_null(spans[i].to));
		if (counters)
			json_object_set_new(o, "counter", spans[i].counter
								  ? json_integer(spans[i].counter)
								  : json_null());
		json_array_append_new(a, o);
	}
	return a;
}

static void place_json(json_t *o, const struct reg_place *p)
{
	json_object_set_new(o, "unit", text_or_null(p->unit));
	json_object_set_new(o, "since", time_or_null(p->since));
}

bool decode_reg_query_or_reply(struct req *r, struct reg_query *q)
{
	const char *cursor;
	memset(q, 0, sizeof(*q));
	if (page_or_reply(r, &q->limit, &cursor))
		return true;
	if (cursor) {
		char *end = NULL;
		q->after_id = strtoll(cursor, &end, 10);
		if (*end || q->after_id < 0) {
			problem_add(&r->problem, "cursor", "is not a cursor this API gave",
				    "con trỏ phân trang không hợp lệ");
			return problems_or_reply(r);
		}
	}
	q->unit = qarg_code(r, "unit", UNIT_CODE_MAX - 1);
	return problems_or_reply(r);
}

struct list_out {
	json_t *items;
	int64_t last;
};

static void list_reply(struct req *r, enum mc_err err, struct list_out *o, bool more)
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

/* Staff. */

static json_t *staff_json(const struct reg_staff *s)
{
	json_t *o = json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)s->id, "full_name",
			      s->full_name, "id_number", s->id_number, "position", s->position);
	place_json(o, &s->at);
	json_object_set_new(o, "counter", s->at.counter ? json_integer(s->at.counter) : json_null());
	json_object_set_new(o, "version", json_integer(s->version));
	return o;
}

static json_t *staff_detail_json(const struct staff_detail *d)
{
	json_t *o = staff_json(&d->s);
	json_object_set_new(o, "assignments", spans_json(d->spans, d->nspans, true));
	json_t *a = json_array();
	for (size_t i = 0; i < d->nappts; i++)
		json_array_append_new(a, json_pack("{s:s, s:s, s:o, s:o}", "unit", d->appts[i].unit,
						   "position", d->appts[i].position, "from",
						   time_or_null(d->appts[i].from), "to",
						   time_or_null(d->appts[i].to)));
	json_object_set_new(o, "appointments", a);
	return o;
}

static void add_staff(const struct reg_staff *s, void *arg)
{
	struct list_out *o = arg;
	json_array_append_new(o->items, staff_json(s));
	o->last = s->id;
}

static void get_staff_list(struct req *r)
{
	struct reg_query q;
	bool more = false;
	if (decode_reg_query_or_reply(r, &q))
		return;
	struct list_out o = {json_array(), 0};
	enum mc_err err = registers_staff_list(&r->ctx, &q, add_staff, &o, &more);
	list_reply(r, err, &o, more);
}

static void staff_answer(struct req *r, enum mc_err err, int status, struct staff_detail *d)
{
	if (err)
		resp_err(r, err);
	else
		resp_json(r, status, staff_detail_json(d));
}

static void get_staff(struct req *r)
{
	int64_t id;
	if (id_or_reply(r, &id))
		return;
	struct staff_detail *d = arena_alloc(&r->arena, sizeof(*d));
	staff_answer(r, registers_staff_get(&r->ctx, id, d), 200, d);
}

static bool decode_staff(struct req *r, bool creating, struct staff_in *in)
{
	static const char *const create_fields[] = {"full_name", "id_number", "position", "unit",
						    "counter",   "from",      NULL};
	static const char *const update_fields[] = {"full_name", "position", "unit", "counter", "from",
						    NULL};
	json_t *body;
	memset(in, 0, sizeof(*in));
	if (json_body_or_reply(r, &body))
		return true;
	jin_only(r, body, "", creating ? create_fields : update_fields);
	jin_str(r, body, "", "full_name", creating, 200, &in->full_name);
	if (creating)
		jin_str(r, body, "", "id_number", true, 12, &in->id_number);
	jin_str(r, body, "", "position", creating, 100, &in->position);
	jin_str(r, body, "", "unit", creating, UNIT_CODE_MAX - 1, &in->unit);
	jin_int(r, body, "counter", &in->counter, &in->counter_set);
	jin_time(r, body, "from", &in->from, &in->from_set);
	if (json_is_null(json_object_get(body, "counter")))
		in->counter_set = true; /* null: no counter */
	json_decref(body);
	return problems_or_reply(r);
}

bool decode_staff_create_or_reply(struct req *r, struct staff_in *in)
{
	return decode_staff(r, true, in);
}

bool decode_staff_update_or_reply(struct req *r, struct staff_in *in)
{
	return decode_staff(r, false, in);
}

static void post_staff(struct req *r)
{
	struct staff_in in;
	if (decode_staff_create_or_reply(r, &in))
		return;
	struct staff_detail *d = arena_alloc(&r->arena, sizeof(*d));
	staff_answer(r, registers_staff_create(&r->ctx, &in, d), 201, d);
}

static void patch_staff(struct req *r)
{
	struct staff_in in;
	int64_t id;
	if (id_or_reply(r, &id) || decode_staff_update_or_reply(r, &in))
		return;
	struct staff_detail *d = arena_alloc(&r->arena, sizeof(*d));
	staff_answer(r, registers_staff_update(&r->ctx, id, &in, d), 200, d);
}

bool decode_appointment_or_reply(struct req *r, struct appointment_in *in)
{
	static const char *const fields[] = {"unit", "position", "from", NULL};
	json_t *body;
	if (json_body_or_reply(r, &body))
		return true;
	jin_only(r, body, "", fields);
	jin_str(r, body, "", "unit", true, UNIT_CODE_MAX - 1, &in->unit);
	jin_str(r, body, "", "position", true, 10, &in->position);
	jin_time(r, body, "from", &in->from, &in->from_set);
	json_decref(body);
	return problems_or_reply(r);
}

static void post_appointment(struct req *r)
{
	struct appointment_in in = {.from = r->ctx.now};
	int64_t id;
	if (id_or_reply(r, &id) || decode_appointment_or_reply(r, &in))
		return;
	const char *unit = in.unit, *position = in.position;
	int64_t from = in.from;
	struct staff_detail *d = arena_alloc(&r->arena, sizeof(*d));
	staff_answer(r, registers_appoint(&r->ctx, id, unit, position, from, d), 201, d);
}

/* Assets. */

static json_t *asset_json(const struct reg_asset *a)
{
	json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:I, s:I, s:I, s:s}", "id", (json_int_t)a->id,
			      "inventory_code", a->inventory_code, "name", a->name, "category",
			      a->category, "quantity", (json_int_t)a->quantity, "original_value",
			      (json_int_t)a->original_value, "remaining_value",
			      (json_int_t)a->remaining_value, "condition", a->condition);
	place_json(o, &a->at);
	json_object_set_new(o, "version", json_integer(a->version));
	return o;
}

static void add_asset(const struct reg_asset *a, void *arg)
{
	struct list_out *o = arg;
	json_array_append_new(o->items, asset_json(a));
	o->last = a->id;
}

static void get_assets(struct req *r)
{
	struct reg_query q;
	bool more = false;
	if (decode_reg_query_or_reply(r, &q))
		return;
	struct list_out o = {json_array(), 0};
	enum mc_err err = registers_asset_list(&r->ctx, &q, add_asset, &o, &more);
	list_reply(r, err, &o, more);
}

static void asset_answer(struct req *r, enum mc_err err, int status, struct asset_detail *d)
{
	if (err) {
		resp_err(r, err);
		return;
	}
	json_t *o = asset_json(&d->a);
	json_object_set_new(o, "owners", spans_json(d->spans, d->nspans, false));
	resp_json(r, status, o);
}

static void get_asset(struct req *r)
{
	int64_t id;
	if (id_or_reply(r, &id))
		return;
	struct asset_detail *d = arena_alloc(&r->arena, sizeof(*d));
	asset_answer(r, registers_asset_get(&r->ctx, id, d), 200, d);
}

static bool decode_asset(struct req *r, bool creating, struct asset_in *in)
{
	static const char *const fields[] = {"inventory_code", "name", "category", "quantity",
					     "original_value", "remaining_value", "condition",
					     "unit", "from", NULL};
	json_t *body;
	memset(in, 0, sizeof(*in));
	if (json_body_or_reply(r, &body))
		return true;
	jin_only(r, body, "", fields);
	jin_str(r, body, "", "inventory_code", creating, 50, &in->inventory_code);
	jin_str(r, body, "", "name", creating, 200, &in->name);
	jin_str(r, body, "", "category", creating, 100, &in->category);
	jin_str(r, body, "", "condition", false, 100, &in->condition);
	jin_str(r, body, "", "unit", creating, UNIT_CODE_MAX - 1, &in->unit);
	jin_int(r, body, "quantity", &in->quantity, &in->quantity_set);
	jin_int(r, body, "original_value", &in->original_value, &in->original_set);
	jin_int(r, body, "remaining_value", &in->remaining_value, &in->remaining_set);
	jin_time(r, body, "from", &in->from, &in->from_set);
	json_decref(body);
	return problems_or_reply(r);
}

bool decode_asset_create_or_reply(struct req *r, struct asset_in *in)
{
	return decode_asset(r, true, in);
}

bool decode_asset_update_or_reply(struct req *r, struct asset_in *in)
{
	return decode_asset(r, false, in);
}

static void post_asset(struct req *r)
{
	struct asset_in in;
	if (decode_asset_create_or_reply(r, &in))
		return;
	struct asset_detail *d = arena_alloc(&r->arena, sizeof(*d));
	asset_answer(r, registers_asset_create(&r->ctx, &in, d), 201, d);
}

static void patch_asset(struct req *r)
{
	struct asset_in in;
	int64_t id;
	if (id_or_reply(r, &id) || decode_asset_update_or_reply(r, &in))
		return;
	struct asset_detail *d = arena_alloc(&r->arena, sizeof(*d));
	asset_answer(r, registers_asset_update(&r->ctx, id, &in, d), 200, d);
}

/* Archive records. */

static json_t *record_json(const struct reg_record *rec)
{
	json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:I, s:I, s:s}", "id", (json_int_t)rec->id,
			      "box", rec->box, "file", rec->file, "title", rec->title, "year",
			      (json_int_t)rec->year, "sheets", (json_int_t)rec->sheets, "retention",
			      rec->retention);
	place_json(o, &rec->at);
	json_object_set_new(o, "version", json_integer(rec->version));
	return o;
}

static void add_record(const struct reg_record *rec, void *arg)
{
	struct list_out *o = arg;
	json_array_append_new(o->items, record_json(rec));
	o->last = rec->id;
}

static void get_records(struct req *r)
{
	struct reg_query q;
	bool more = false;
	if (decode_reg_query_or_reply(r, &q))
		return;
	struct list_out o = {json_array(), 0};
	enum mc_err err = registers_record_list(&r->ctx, &q, add_record, &o, &more);
	list_reply(r, err, &o, more);
}

static void record_answer(struct req *r, enum mc_err err, int status, struct record_detail *d)
{
	if (err) {
		resp_err(r, err);
		return;
	}
	json_t *o = record_json(&d->r);
	json_object_set_new(o, "holders", spans_json(d->spans, d->nspans, false));
	resp_json(r, status, o);
}

static void get_record(struct req *r)
{
	int64_t id;
	if (id_or_reply(r, &id))
		return;
	struct record_detail *d = arena_alloc(&r->arena, sizeof(*d));
	record_answer(r, registers_record_get(&r->ctx, id, d), 200, d);
}

static bool decode_record(struct req *r, bool creating, struct record_in *in)
{
	static const char *const fields[] = {"box",    "file",      "title", "year",
					     "sheets", "retention", "unit",  "from", NULL};
	json_t *body;
	memset(in, 0, sizeof(*in));
	if (json_body_or_reply(r, &body))
		return true;
	jin_only(r, body, "", fields);
	jin_str(r, body, "", "box", creating, 20, &in->box);
	jin_str(r, body, "", "file", creating, 20, &in->file);
	jin_str(r, body, "", "title", creating, 200, &in->title);
	jin_str(r, body, "", "retention", false, 50, &in->retention);
	jin_str(r, body, "", "unit", creating, UNIT_CODE_MAX - 1, &in->unit);
	jin_int(r, body, "year", &in->year, &in->year_set);
	jin_int(r, body, "sheets", &in->sheets, &in->sheets_set);
	jin_time(r, body, "from", &in->from, &in->from_set);
	json_decref(body);
	return problems_or_reply(r);
}

bool decode_record_create_or_reply(struct req *r, struct record_in *in)
{
	return decode_record(r, true, in);
}

bool decode_record_update_or_reply(struct req *r, struct record_in *in)
{
	return decode_record(r, false, in);
}

static void post_record(struct req *r)
{
	struct record_in in;
	if (decode_record_create_or_reply(r, &in))
		return;
	struct record_detail *d = arena_alloc(&r->arena, sizeof(*d));
	record_answer(r, registers_record_create(&r->ctx, &in, d), 201, d);
}

static void patch_record(struct req *r)
{
	struct record_in in;
	int64_t id;
	if (id_or_reply(r, &id) || decode_record_update_or_reply(r, &in))
		return;
	struct record_detail *d = arena_alloc(&r->arena, sizeof(*d));
	record_answer(r, registers_record_update(&r->ctx, id, &in, d), 200, d);
}

const struct route api_registers_routes[] = {
	{"GET", "/api/v1/staff", get_staff_list, R_AUTH},
	{"POST", "/api/v1/staff", post_staff, R_AUTH | R_JSON},
	{"GET", "/api/v1/staff/{id}", get_staff, R_AUTH},
	{"PATCH", "/api/v1/staff/{id}", patch_staff, R_AUTH | R_JSON},
	{"POST", "/api/v1/staff/{id}/appointments", post_appointment, R_AUTH | R_JSON},
	{"GET", "/api/v1/assets", get_assets, R_AUTH},
	{"POST", "/api/v1/assets", post_asset, R_AUTH | R_JSON},
	{"GET", "/api/v1/assets/{id}", get_asset, R_AUTH},
	{"PATCH", "/api/v1/assets/{id}", patch_asset, R_AUTH | R_JSON},
	{"GET", "/api/v1/records", get_records, R_AUTH},
	{"POST", "/api/v1/records", post_record, R_AUTH | R_JSON},
	{"GET", "/api/v1/records/{id}", get_record, R_AUTH},
	{"PATCH", "/api/v1/records/{id}", patch_record, R_AUTH | R_JSON},
	{NULL, NULL, NULL, 0},
};
