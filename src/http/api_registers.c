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
	jin_str(r, obj, "", key, false, JIN_TIME_CHARS, &s);
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

/* The register a route serves, by the start of its pattern. */
static const struct {
	const char *prefix;
	const struct reg_kind *kind;
} KIND_ROUTES[] = {
	{"/api/v1/staff", &reg_staff_kind},
	{"/api/v1/assets", &reg_asset_kind},
	{"/api/v1/records", &reg_record_kind},
};

static const struct reg_kind *kind_of(struct req *r)
{
	for (size_t i = 0; i < MC_ARRAY_LEN(KIND_ROUTES); i++) {
		const char *p = KIND_ROUTES[i].prefix;
		if (strncmp(r->route->pattern, p, strlen(p)) == 0)
			return KIND_ROUTES[i].kind;
	}
	abort(); /* a route of this file without its register */
}

/* Answers. */

static json_t *entry_json(const struct reg_kind *k, const void *e)
{
	json_t *o = json_pack("{s:I}", "id", (json_int_t)reg_id_of(k, e));
	for (size_t i = 0; i < k->nfields; i++) {
		const struct reg_field *f = &k->fields[i];
		json_t *v = reg_is_text(f) ? json_string(reg_text_of(f, e))
					   : json_integer(reg_num_of(f, e));
		if (!v) { /* text that is not UTF-8: no answer, as json_pack gives none */
			json_decref(o);
			return NULL;
		}
		json_object_set_new(o, f->name, v);
	}
	const struct reg_place *at = reg_place_of(k, e);
	place_json(o, at);
	if (k->counter)
		json_object_set_new(o, "counter", at->counter ? json_integer(at->counter) : json_null());
	json_object_set_new(o, "version", json_integer(reg_int_of(e, k->version)));
	return o;
}

static void detail_answer(struct req *r, const struct reg_kind *k, enum mc_err err, int status,
			  const struct reg_detail *d)
{
	if (err) {
		resp_err(r, err);
		return;
	}
	json_t *o = entry_json(k, &d->e);
	json_object_set_new(o, k->history, spans_json(d->spans, d->nspans, k->counter != NULL));
	if (k->appointments) {
		json_t *a = json_array();
		for (size_t i = 0; i < d->nappts; i++)
			json_array_append_new(a, json_pack("{s:s, s:s, s:o, s:o}", "unit",
							   d->appts[i].unit, "position",
							   d->appts[i].position, "from",
							   time_or_null(d->appts[i].from), "to",
							   time_or_null(d->appts[i].to)));
		json_object_set_new(o, "appointments", a);
	}
	resp_json(r, status, o);
}

/* Lists. */

struct list_out {
	const struct reg_kind *k;
	json_t *items;
	int64_t last;
};

static void add_entry(const void *e, void *arg)
{
	struct list_out *o = arg;
	json_array_append_new(o->items, entry_json(o->k, e));
	o->last = reg_id_of(o->k, e);
}

static void get_list(struct req *r)
{
	struct reg_query q;
	bool more = false;
	if (decode_reg_query_or_reply(r, &q))
		return;
	struct list_out o = {kind_of(r), json_array(), 0};
	enum mc_err err = registers_list(&r->ctx, o.k, &q, add_entry, &o, &more);
	if (err) {
		json_decref(o.items);
		resp_err(r, err);
		return;
	}
	json_t *next = more ? json_string(page_cursor(r, arena_printf(&r->arena, "%lld",
								       (long long)o.last)))
			    : json_null();
	resp_json(r, 200, json_pack("{s:o, s:o}", "items", o.items, "next_cursor", next));
}

/* One entry. */

static void get_entry(struct req *r)
{
	const struct reg_kind *k = kind_of(r);
	int64_t id;
	if (id_or_reply(r, &id))
		return;
	struct reg_detail *d = arena_alloc(&r->arena, sizeof(*d));
	detail_answer(r, k, registers_get(&r->ctx, k, id, d), 200, d);
}

/* Reads a create (creating) or update body into in, the kind's input struct. */
static bool decode_entry(struct req *r, const struct reg_kind *k, bool creating, void *in)
{
	const char **fields = arena_alloc(&r->arena, (k->nfields + 4) * sizeof(*fields));
	size_t n = 0;
	json_t *body;
	memset(in, 0, k->in_size);
	for (size_t i = 0; i < k->nfields; i++)
		if (creating || !k->fields[i].fixed)
			fields[n++] = k->fields[i].name;
	fields[n++] = "unit";
	if (k->counter)
		fields[n++] = k->counter->name;
	fields[n++] = "from";
	if (json_body_or_reply(r, &body))
		return true;
	jin_only(r, body, "", fields);
	for (size_t i = 0; i < k->nfields; i++) {
		const struct reg_field *f = &k->fields[i];
		if (reg_is_text(f) && (creating || !f->fixed))
			jin_str(r, body, "", f->name, creating && f->required, (size_t)f->max,
				reg_member(in, f->in));
	}
	jin_str(r, body, "", "unit", creating, UNIT_CODE_MAX - 1, reg_member(in, k->in_unit));
	for (size_t i = 0; i < k->nfields; i++) {
		const struct reg_field *f = &k->fields[i];
		if (!reg_is_text(f))
			jin_int(r, body, f->name, reg_member(in, f->in), reg_member(in, f->in_set));
	}
	if (k->counter) {
		bool *set = reg_member(in, k->counter->in_set);
		jin_int(r, body, k->counter->name, reg_member(in, k->counter->in), set);
		if (json_is_null(json_object_get(body, k->counter->name)))
			*set = true; /* null: no counter */
	}
	jin_time(r, body, "from", reg_member(in, k->in_from), reg_member(in, k->in_from_set));
	json_decref(body);
	return problems_or_reply(r);
}

/* The decoders of each kind's bodies (decode.h). */
#define DECODERS(K)                                                                                \
	bool decode_##K##_create_or_reply(struct req *r, struct K##_in *in)                        \
	{                                                                                          \
		return decode_entry(r, &reg_##K##_kind, true, in);                                 \
	}                                                                                          \
	bool decode_##K##_update_or_reply(struct req *r, struct K##_in *in)                        \
	{                                                                                          \
		return decode_entry(r, &reg_##K##_kind, false, in);                                \
	}

DECODERS(staff)
DECODERS(asset)
DECODERS(record)

static void post_entry(struct req *r)
{
	const struct reg_kind *k = kind_of(r);
	void *in = arena_alloc(&r->arena, k->in_size);
	if (decode_entry(r, k, true, in))
		return;
	struct reg_detail *d = arena_alloc(&r->arena, sizeof(*d));
	detail_answer(r, k, registers_create(&r->ctx, k, in, d), 201, d);
}

static void patch_entry(struct req *r)
{
	const struct reg_kind *k = kind_of(r);
	void *in = arena_alloc(&r->arena, k->in_size);
	int64_t id;
	if (id_or_reply(r, &id) || decode_entry(r, k, false, in))
		return;
	struct reg_detail *d = arena_alloc(&r->arena, sizeof(*d));
	detail_answer(r, k, registers_update(&r->ctx, k, id, in, d), 200, d);
}

/* Appointments. */

bool decode_appointment_or_reply(struct req *r, struct appointment_in *in)
{
	static const char *const fields[] = {"unit", "position", "from", NULL};
	json_t *body;
	if (json_body_or_reply(r, &body))
		return true;
	jin_only(r, body, "", fields);
	jin_str(r, body, "", "unit", true, UNIT_CODE_MAX - 1, &in->unit);
	jin_str(r, body, "", "position", true, REG_APPOINTMENT_CHARS, &in->position);
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
	struct reg_detail *d = arena_alloc(&r->arena, sizeof(*d));
	detail_answer(r, &reg_staff_kind, registers_appoint(&r->ctx, id, unit, position, from, d), 201,
		      d);
}

const struct route api_registers_routes[] = {
	{"GET", "/api/v1/staff", get_list, R_AUTH},
	{"POST", "/api/v1/staff", post_entry, R_AUTH | R_JSON},
	{"GET", "/api/v1/staff/{id}", get_entry, R_AUTH},
	{"PATCH", "/api/v1/staff/{id}", patch_entry, R_AUTH | R_JSON},
	{"POST", "/api/v1/staff/{id}/appointments", post_appointment, R_AUTH | R_JSON},
	{"GET", "/api/v1/assets", get_list, R_AUTH},
	{"POST", "/api/v1/assets", post_entry, R_AUTH | R_JSON},
	{"GET", "/api/v1/assets/{id}", get_entry, R_AUTH},
	{"PATCH", "/api/v1/assets/{id}", patch_entry, R_AUTH | R_JSON},
	{"GET", "/api/v1/records", get_list, R_AUTH},
	{"POST", "/api/v1/records", post_entry, R_AUTH | R_JSON},
	{"GET", "/api/v1/records/{id}", get_entry, R_AUTH},
	{"PATCH", "/api/v1/records/{id}", patch_entry, R_AUTH | R_JSON},
	{NULL, NULL, NULL, 0},
};
