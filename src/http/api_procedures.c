/* The procedure catalog over HTTP: search, one procedure (any version), and publishing by
 * administrators (POST creates version 1, PUT publishes the next version). */
#include "base/base.h"

#include "http/decode.h"
#include "http/http.h"
#include "svc/fee_json.h"
#include "svc/catalog.h"

static json_t *duration_json(const struct proc_duration *d)
{
	return json_pack("{s:I, s:s}", "value", (json_int_t)d->value, "unit", d->unit);
}

static json_t *resolver_json(const struct procedure *p)
{
	if (strcmp(p->resolver_kind, "unit") == 0)
		return json_pack("{s:s, s:s}", "kind", "unit", "unit", p->resolver_unit);
	return json_pack("{s:s}", "kind", p->resolver_kind);
}

static json_t *components_json(const struct procedure *p)
{
	json_t *a = json_array();
	for (size_t i = 0; i < p->ncomponents; i++) {
		const struct proc_component *c = &p->components[i];
		json_t *ch = json_array();
		static const char *const names[] = {"counter", "online", "post"};
		for (size_t k = 0; k < MC_ARRAY_LEN(names); k++)
			if (c->channels & proc_channel_bit(names[k]))
				json_array_append_new(ch, json_string(names[k]));
		json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:I, s:b, s:s, s:o}", "id", c->id,
						   "name", c->name, "original_or_copy",
						   c->original_or_copy, "quantity",
						   (json_int_t)c->quantity, "required", c->required,
						   "submit_or_present", c->submit_or_present,
						   "channels", ch));
	}
	return a;
}

static json_t *steps_json(const struct procedure *p)
{
	json_t *a = json_array();
	for (size_t i = 0; i < p->nsteps; i++) {
		const struct proc_step *s = &p->steps[i];
		json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:o}", "name", s->name, "unit",
						   s->unit, "role", s->role, "duration",
						   duration_json(&s->duration)));
	}
	return a;
}

static json_t *procedure_json(const struct procedure *p)
{
	json_t *fee = p->fee_vnd == PROC_FEE_UNSET ? json_null() : json_integer(p->fee_vnd);
	return json_pack("{s:s, s:I, s:s, s:s, s:s, s:o, s:o, s:o, s:s, s:o, s:o, s:o, s:s}", "code",
			 p->code, "version", (json_int_t)p->version, "name", p->name, "field",
			 p->field, "level", p->level, "duration", duration_json(&p->duration),
			 "fee_vnd", fee, "fees", fee_rules_json(p->fees, p->nfees), "online", p->online, "resolver", resolver_json(p),
			 "components", components_json(p), "steps", steps_json(p), "result",
			 p->result);
}

struct list_out {
	json_t *items;
	char last[PROC_CODE_MAX];
};

static void add_procedure(const struct procedure *p, void *arg)
{
	struct list_out *o = arg;
	json_array_append_new(o->items, procedure_json(p));
	snprintf(o->last, sizeof(o->last), "%s", p->code);
}

bool decode_procedures_query_or_reply(struct req *r, struct procedures_query *pq)
{
	struct catalog_query *q = &pq->q;
	memset(pq, 0, sizeof(*pq));
	if (page_or_reply(r, &q->limit, &q->after_code))
		return true;
	q->q = qarg_text(r, "q", 200);
	q->field = qarg_text(r, "field", 200);
	q->level = req_arg_set(r, "level");
	const char *order = req_arg_set(r, "order");
	pq->popular = order && strcmp(order, "popular") == 0;
	if (order && !pq->popular && strcmp(order, "code") != 0)
		problem_add(&r->problem, "order", "must be code or popular",
			    "thứ tự phải là code hoặc popular");
	if (pq->popular && (q->q || q->field || q->level || q->after_code))
		problem_add(&r->problem, "order", "popular takes no q, field, level or cursor",
			    "danh sách dùng nhiều không đi kèm q, field, level hay cursor");
	if (pq->popular && !req_arg(r, "limit"))
		q->limit = 10;
	if (pq->popular && q->limit > CATALOG_POPULAR_MAX)
		problem_add(&r->problem, "limit", "must be from 1 to 20 with order=popular",
			    "phải từ 1 đến 20 khi order=popular");
	return problems_or_reply(r);
}

static void get_procedures(struct req *r)
{
	struct procedures_query pq;
	struct catalog_query q;
	bool more;
	if (decode_procedures_query_or_reply(r, &pq))
		return;
	q = pq.q;
	bool popular = pq.popular;
	struct list_out o = {json_array(), ""};
	enum mc_err err;
	if (popular) {
		more = false;
		err = catalog_popular(&r->ctx, q.limit, add_procedure, &o);
	} else {
		err = catalog_list(&r->ctx, &q, add_procedure, &o, &more);
	}
	if (err) {
		json_decref(o.items);
		resp_err(r, err);
		return;
	}
	json_t *next = more ? json_string(page_cursor(r, o.last)) : json_null();
	resp_json(r, 200, json_pack("{s:o, s:o}", "items", o.items, "next_cursor", next));
}

/* ?version= : absent = 0 (the latest); otherwise a positive integer. True when it answered. */
static bool version_or_reply(struct req *r, int64_t *version)
{
	const char *v = req_arg(r, "version");
	*version = 0;
	if (!v)
		return false;
	char *end = NULL;
	long long n = strtoll(v, &end, 10);
	if (!*v || *end || n < 1 || v[0] == '+' || v[0] == '-' || v[0] == ' ')
		problem_add(&r->problem, "version", "must be a positive integer",
			    "phiên bản phải là số nguyên dương");
	else
		*version = (int64_t)n;
	return problems_or_reply(r);
}

static void get_procedure(struct req *r)
{
	int64_t version;
	if (version_or_reply(r, &version))
		return;
	struct procedure *p = arena_alloc(&r->arena, sizeof(*p));
	enum mc_err err = catalog_get(&r->ctx, req_param(r, 0), version, p);
	if (err) {
		resp_err(r, err);
		return;
	}
	resp_json(r, 200, procedure_json(p));
}

/* Decodes the body into in. Field errors are not answered here: publishing first finds an unknown
 * code (404, which wins over 422), then answers them with its own. */
static bool decode_procedure(struct req *r, bool create, struct procedure *in)
{
	json_t *body;
	if (json_body_or_reply(r, &body))
		return true;
	if (!create) {
		const char *code = req_param(r, 0);
		json_t *given = json_object_get(body, "code");
		if (!given || json_is_null(given))
			json_object_set_new(body, "code", json_string(code));
		else if (!json_is_string(given) || strcmp(json_string_value(given), code) != 0)
			problem_add(&r->problem, "code", "must be the code in the path",
				    "mã thủ tục phải trùng với mã trên đường dẫn");
	}
	catalog_decode(body, &r->arena, &r->problem, in);
	json_decref(body);
	if (!create)
		snprintf(in->code, sizeof(in->code), "%s", req_param(r, 0));
	return false;
}

bool decode_procedure_create_or_reply(struct req *r, struct procedure *in)
{
	return decode_procedure(r, true, in);
}

bool decode_procedure_update_or_reply(struct req *r, struct procedure *in)
{
	return decode_procedure(r, false, in);
}

/* Decodes the body, publishes, answers. */
static void publish(struct req *r, bool create)
{
	struct procedure *in = arena_alloc(&r->arena, sizeof(*in));
	struct procedure *out = arena_alloc(&r->arena, sizeof(*out));
	if (decode_procedure(r, create, in))
		return;
	enum mc_err err = catalog_publish(&r->ctx, in, create, out);
	if (err == MC_ENOTFOUND)
		problem_init(&r->problem, &r->arena); /* a 404 lists no field errors */
	if (err) {
		resp_err(r, err);
		return;
	}
	resp_json(r, create ? 201 : 200, procedure_json(out));
}

static void post_procedure(struct req *r)
{
	publish(r, true);
}

static void put_procedure(struct req *r)
{
	publish(r, false);
}

const struct route api_procedures_routes[] = {
	{"GET", "/api/v1/procedures", get_procedures, 0},
	{"GET", "/api/v1/procedures/{code}", get_procedure, 0},
	{"POST", "/api/v1/procedures", post_procedure, R_AUTH | R_ADMIN | R_JSON},
	{"PUT", "/api/v1/procedures/{code}", put_procedure, R_AUTH | R_ADMIN | R_JSON},
	{NULL, NULL, NULL, 0},
};
