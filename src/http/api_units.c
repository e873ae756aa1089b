/* Units over HTTP: the list with filters as of any time, one unit with its parent history, and
 * creation by administrators. */
#include "base/base.h"

#include "base/buf.h"
#include "base/civil.h"
#include "http/decode.h"
#include "http/http.h"
#include "http/json_text.h"
#include "svc/units.h"

static json_t *unit_json(const struct unit *u)
{
	return json_pack("{s:s, s:s, s:s, s:s?, s:s?, s:s?, s:b}", "code", u->code, "name", u->name,
			 "kind", u->kind, "subkind", u->subkind[0] ? u->subkind : NULL, "parent",
			 u->parent[0] ? u->parent : NULL, "gso_code",
			 u->gso_code[0] ? u->gso_code : NULL, "active", u->active);
}

struct list_out {
	struct buf text; /* {"items":[... so far */
	size_t n;
	char last[UNIT_CODE_MAX];
};

/* unit_json as compact text, byte for byte (the list page is written directly). */
static void add_unit(const struct unit *u, void *arg)
{
	struct list_out *o = arg;
	struct buf *b = &o->text;
	if (o->n++)
		buf_append(b, ",{", 2);
	else
		buf_append(b, "{", 1);
	text_obj_str(b, "code", u->code, true);
	text_obj_str(b, "name", u->name, false);
	text_obj_str(b, "kind", u->kind, false);
	text_obj_opt(b, "subkind", u->subkind);
	text_obj_opt(b, "parent", u->parent);
	text_obj_opt(b, "gso_code", u->gso_code);
	if (u->active)
		buf_append(b, ",\"active\":true}", 15);
	else
		buf_append(b, ",\"active\":false}", 16);
	str_copy(o->last, sizeof(o->last), u->code);
}

bool decode_units_query_or_reply(struct req *r, struct units_query *q)
{
	bool present;
	memset(q, 0, sizeof(*q));
	if (page_or_reply(r, &q->limit, &q->after_code))
		return true;
	q->as_of = r->ctx.now;
	if (time_arg_or_reply(r, "as_of", false, &q->as_of, &present))
		return true;
	q->kind = req_arg_set(r, "kind");
	q->subkind = req_arg_set(r, "subkind");
	q->parent = qarg_code(r, "parent", UNIT_CODE_MAX - 1);
	q->q = qarg_text(r, "q", 200);
	return problems_or_reply(r);
}

static void get_units(struct req *r)
{
	struct units_query q;
	bool more;
	if (decode_units_query_or_reply(r, &q))
		return;
	struct list_out o = {.n = 0};
	/* Far above any page of units; a page of 50 is ~10 KB, taken at once. */
	buf_init_cap(&o.text, 64 * 1024 * 1024, 16 * 1024);
	buf_append_str(&o.text, "{\"items\":[");
	enum mc_err err = units_list(&r->ctx, &q, add_unit, &o, &more);
	if (err) {
		buf_release(&o.text);
		resp_err(r, err);
		return;
	}
	buf_append_str(&o.text, "],\"next_cursor\":");
	if (more)
		json_text_str(&o.text, page_cursor(r, o.last));
	else
		buf_append_str(&o.text, "null");
	buf_append_str(&o.text, "}");
	size_t len;
	char *text = buf_take(&o.text, &len);
	resp_bytes(r, 200, "application/json; charset=utf-8", text, len);
}

static void get_unit(struct req *r)
{
	bool present;
	int64_t as_of = r->ctx.now;
	if (time_arg_or_reply(r, "as_of", false, &as_of, &present))
		return;
	struct units_detail *d = arena_alloc(&r->arena, sizeof(*d));
	enum mc_err err = units_get(&r->ctx, req_param(r, 0), as_of, d);
	if (err) {
		resp_err(r, err);
		return;
	}
	json_t *body = unit_json(&d->unit);
	json_t *parents = json_array();
	for (size_t i = 0; i < d->nparents; i++) {
		const struct unit_parent_span *s = &d->parents[i];
		char from[32], to[32];
		civil_format_time(s->from, from);
		if (s->to != INT64_MAX)
			civil_format_time(s->to, to);
		json_array_append_new(parents,
				      json_pack("{s:s?, s:s, s:s?}", "parent",
						s->parent[0] ? s->parent : NULL, "from", from, "to",
						s->to != INT64_MAX ? to : NULL));
	}
	json_object_set_new(body, "parents", parents);
	resp_json(r, 200, body);
}

bool decode_unit_or_reply(struct req *r, struct unit *u)
{
	static const char *const fields[] = {"code", "name", "kind", "subkind", "parent", "gso_code",
					     NULL};
	json_t *body;
	const char *code, *name, *kind, *subkind, *parent, *gso;
	if (json_body_or_reply(r, &body))
		return true;
	jin_only(r, body, "", fields);
	jin_str(r, body, "", "code", true, UNIT_CODE_MAX - 1, &code);
	jin_str(r, body, "", "name", true, UNIT_NAME_CHARS, &name);
	jin_str(r, body, "", "kind", true, UNIT_KIND_MAX - 1, &kind);
	jin_str(r, body, "", "subkind", false, UNIT_SUBKIND_MAX - 1, &subkind);
	jin_str(r, body, "", "parent", true, UNIT_CODE_MAX - 1, &parent);
	jin_str(r, body, "", "gso_code", false, UNIT_GSO_MAX - 1, &gso);
	json_decref(body);
	if (problems_or_reply(r))
		return true;
	str_copy(u->code, sizeof(u->code), code);
	str_copy(u->name, sizeof(u->name), name);
	str_copy(u->kind, sizeof(u->kind), kind);
	str_copy(u->subkind, sizeof(u->subkind), subkind);
	str_copy(u->parent, sizeof(u->parent), parent);
	str_copy(u->gso_code, sizeof(u->gso_code), gso);
	return false;
}

static void post_unit(struct req *r)
{
	struct unit *u = arena_alloc(&r->arena, sizeof(*u));
	if (decode_unit_or_reply(r, u))
		return;
	enum mc_err err = units_create(&r->ctx, u);
	if (err) {
		resp_err(r, err);
		return;
	}
	u->active = true;
	resp_json(r, 201, unit_json(u));
}

const struct route api_units_routes[] = {
	{"GET", "/api/v1/units", get_units, 0},
	{"GET", "/api/v1/units/{code}", get_unit, 0},
	{"POST", "/api/v1/units", post_unit, R_AUTH | R_ADMIN | R_JSON},
	{NULL, NULL, NULL, 0},
};
