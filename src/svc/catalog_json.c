/* Decoding the JSON representation of a procedure (API.md "Procedures"), shared by the API and the
 * seed so that both read exactly the same format. It checks presence, types, unknown members and
 * slot sizes, naming each field by its JSON path; the domain rules are catalog_check()'s. */
#include "base/base.h"

#include <jansson.h>

#include "domain/text.h"
#include "svc/catalog.h"
#include "svc/fee_json.h"

struct dec {
	struct arena *a;
	struct problem *p;
};

static void err(struct dec *d, const char *prefix, const char *key, const char *msg,
		const char *msg_vi)
{
	problem_addf(d->p, prefix, key, msg, msg_vi);
}

static void only(struct dec *d, json_t *obj, const char *prefix, const char *const allowed[])
{
	const char *key;
	json_t *v;
	json_object_foreach(obj, key, v) {
		bool ok = false;
		for (size_t i = 0; allowed[i] && !ok; i++)
			ok = strcmp(allowed[i], key) == 0;
		if (!ok)
			err(d, prefix, key, "is not a known field", "trường không được hỗ trợ");
	}
}

/* The member, or NULL when absent or null (an error when required). */
static json_t *member(struct dec *d, json_t *obj, const char *prefix, const char *key,
		      bool required)
{
	json_t *v = json_object_get(obj, key);
	if (v && !json_is_null(v))
		return v;
	if (required)
		err(d, prefix, key, "is required", "trường bắt buộc");
	return NULL;
}

/* A string member as NFC text in the arena; NULL when absent or bad (reported). */
static const char *get_text(struct dec *d, json_t *obj, const char *prefix, const char *key,
			    bool required)
{
	char *nfc = NULL;
	json_t *v = member(d, obj, prefix, key, required);
	if (!v)
		return NULL;
	if (!json_is_string(v)) {
		err(d, prefix, key, "must be a string", "phải là chuỗi ký tự");
		return NULL;
	}
	const char *s = json_string_value(v);
	size_t len = json_string_length(v);
	if (!text_allowed(s, len, TEXT_LINE)) {
		err(d, prefix, key,
		    "must be one line without control or bidirectional formatting characters",
		    "phải là một dòng, không chứa ký tự điều khiển hay ký tự định hướng văn bản");
		return NULL;
	}
	if (text_nfc(s, len, &nfc) != MC_OK) {
		err(d, prefix, key, "holds characters that are not allowed", "chứa ký tự không hợp lệ");
		return NULL;
	}
	const char *out = arena_strdup(d->a, nfc);
	free(nfc);
	return out;
}

/* A string member into a fixed slot; "" when absent or bad (reported). */
static void get_slot(struct dec *d, json_t *obj, const char *prefix, const char *key,
		     bool required, char *dst, size_t cap)
{
	const char *s = get_text(d, obj, prefix, key, required);
	dst[0] = '\0';
	if (!s)
		return;
	if (strlen(s) >= cap) {
		char *m = arena_printf(d->a, "must have at most %zu bytes", cap - 1);
		err(d, prefix, key, m, "giá trị quá dài");
		return;
	}
	memcpy(dst, s, strlen(s) + 1);
}

static bool get_int(struct dec *d, json_t *obj, const char *prefix, const char *key,
		    bool required, int64_t *out)
{
	json_t *v = member(d, obj, prefix, key, required);
	if (!v)
		return false;
	if (!json_is_integer(v)) {
		err(d, prefix, key, "must be an integer", "phải là số nguyên");
		return false;
	}
	*out = (int64_t)json_integer_value(v);
	return true;
}

static void get_bool(struct dec *d, json_t *obj, const char *prefix, const char *key,
		     bool *out)
{
	json_t *v = member(d, obj, prefix, key, true);
	if (v && !json_is_boolean(v))
		err(d, prefix, key, "must be true or false", "phải là true hoặc false");
	else if (v)
		*out = json_is_true(v);
}

static json_t *get_kind(struct dec *d, json_t *obj, const char *prefix, const char *key,
			bool array)
{
	json_t *v = member(d, obj, prefix, key, true);
	if (!v)
		return NULL;
	if (array ? json_is_array(v) : json_is_object(v))
		return v;
	err(d, prefix, key, array ? "must be an array" : "must be an object",
	    array ? "phải là một mảng" : "phải là một đối tượng");
	return NULL;
}

static const char *join(struct dec *d, const char *prefix, const char *key)
{
	return *prefix ? arena_printf(d->a, "%s.%s", prefix, key) : key;
}

static void get_duration(struct dec *d, json_t *obj, const char *prefix,
			 struct proc_duration *out)
{
	static const char *const fields[] = {"value", "unit", NULL};
	json_t *v = get_kind(d, obj, prefix, "duration", false);
	if (!v)
		return;
	const char *at = join(d, prefix, "duration");
	only(d, v, at, fields);
	get_int(d, v, at, "value", true, &out->value);
	get_slot(d, v, at, "unit", true, out->unit, sizeof(out->unit));
}

static void get_resolver(struct dec *d, json_t *obj, struct procedure *out)
{
	static const char *const fields[] = {"kind", "unit", NULL};
	json_t *v = get_kind(d, obj, "", "resolver", false);
	if (!v)
		return;
	only(d, v, "resolver", fields);
	get_slot(d, v, "resolver", "kind", true, out->resolver_kind, sizeof(out->resolver_kind));
	get_slot(d, v, "resolver", "unit", false, out->resolver_unit, sizeof(out->resolver_unit));
}

/* "channels": 1 to 3 distinct names of counter, online and post; absent or null: all three. */
static void get_channels(struct dec *d, json_t *obj, const char *prefix, unsigned *out)
{
	json_t *v = member(d, obj, prefix, "channels", false), *e;
	size_t i;
	*out = PROC_CH_ALL;
	if (!v)
		return;
	unsigned bits = 0;
	bool ok = json_is_array(v) && json_array_size(v) >= 1 && json_array_size(v) <= 3;
	json_array_foreach(v, i, e) {
		unsigned b = ok && json_is_string(e) ? proc_channel_bit(json_string_value(e)) : 0;
		ok = b && !(bits & b);
		bits |= b;
	}
	if (!ok) {
		err(d, prefix, "channels",
		    "must be 1 to 3 different channels of counter, online and post",
		    "phải gồm 1 đến 3 kênh khác nhau trong counter, online, post");
		return;
	}
	*out = bits;
}

static void get_component(struct dec *d, json_t *v, const char *at, struct proc_component *c)
{
	static const char *const fields[] = {"id", "name", "original_or_copy", "quantity",
					     "required", "submit_or_present", "channels", NULL};
	if (!json_is_object(v)) {
		problem_add(d->p, at, "must be an object", "phải là một đối tượng");
		return;
	}
	only(d, v, at, fields);
	get_slot(d, v, at, "id", false, c->id, sizeof(c->id));
	c->name = get_text(d, v, at, "name", true);
	get_slot(d, v, at, "original_or_copy", true, c->original_or_copy,
		 sizeof(c->original_or_copy));
	get_int(d, v, at, "quantity", true, &c->quantity);
	get_bool(d, v, at, "required", &c->required);
	get_slot(d, v, at, "submit_or_present", true, c->submit_or_present,
		 sizeof(c->submit_or_present));
	get_channels(d, v, at, &c->channels);
}

static void get_step(struct dec *d, json_t *v, const char *at, struct proc_step *s)
{
	static const char *const fields[] = {"name", "unit", "role", "duration", NULL};
	if (!json_is_object(v)) {
		problem_add(d->p, at, "must be an object", "phải là một đối tượng");
		return;
	}
	only(d, v, at, fields);
	s->name = get_text(d, v, at, "name", true);
	get_slot(d, v, at, "unit", true, s->unit, sizeof(s->unit));
	get_slot(d, v, at, "role", true, s->role, sizeof(s->role));
	get_duration(d, v, at, &s->duration);
}

/* Sizes an array member to 1..max items (reporting otherwise) and allocates its slots. */
static size_t list_size(struct dec *d, json_t *arr, const char *key, size_t max, size_t item,
			void **slots)
{
	size_t n = arr ? json_array_size(arr) : 0;
	if (arr && (n == 0 || n > max)) {
		char *m = arena_printf(d->a, "must have 1 to %zu items", max);
		problem_add(d->p, key, m, arena_printf(d->a, "phải có từ 1 đến %zu mục", max));
	}
	if (n > max)
		n = max;
	*slots = arena_alloc(d->a, (n ? n : 1) * item);
	return n;
}

static void get_lists(struct dec *d, json_t *obj, struct procedure *out)
{
	void *slots;
	json_t *arr = get_kind(d, obj, "", "components", true);
	out->ncomponents = list_size(d, arr, "components", PROC_MAX_COMPONENTS,
				     sizeof(*out->components), &slots);
	out->components = slots;
	for (size_t i = 0; i < out->ncomponents; i++) {
		out->components[i].quantity = 0;
		get_component(d, json_array_get(arr, i), arena_printf(d->a, "components[%zu]", i),
			      &out->components[i]);
	}
	arr = get_kind(d, obj, "", "steps", true);
	out->nsteps = list_size(d, arr, "steps", PROC_MAX_STEPS, sizeof(*out->steps), &slots);
	out->steps = slots;
	for (size_t i = 0; i < out->nsteps; i++)
		get_step(d, json_array_get(arr, i), arena_printf(d->a, "steps[%zu]", i),
			 &out->steps[i]);
}

static void get_fee(struct dec *d, json_t *obj, struct procedure *out)
{
	int64_t fee;
	out->fee_vnd = PROC_FEE_UNSET;
	if (!get_int(d, obj, "", "fee_vnd", false, &fee))
		return;
	if (fee < 0 || fee > CATALOG_FEE_MAX)
		err(d, "", "fee_vnd", "must be null or from 0 to 1000000000000",
		    "lệ phí phải để trống hoặc từ 0 đến 1000000000000 đồng");
	else
		out->fee_vnd = fee;
}

enum mc_err catalog_decode(struct json_t *obj, struct arena *a, struct problem *p,
			   struct procedure *out)
{
	static const char *const fields[] = {"code",   "version", "name",       "field",
					     "level",  "duration", "fee_vnd",   "online",
					     "resolver", "components", "steps", "result", "fees", NULL};
	struct dec d = {a, p};
	size_t before = p->n;
	memset(out, 0, sizeof(*out));
	only(&d, obj, "", fields);
	get_slot(&d, obj, "", "code", true, out->code, sizeof(out->code));
	if (get_int(&d, obj, "", "version", false, &out->version) && out->version < 1) {
		err(&d, "", "version", "must be a positive integer", "phải là số nguyên dương");
		out->version = 0;
	}
	out->name = get_text(&d, obj, "", "name", true);
	out->field = get_text(&d, obj, "", "field", true);
	get_slot(&d, obj, "", "level", true, out->level, sizeof(out->level));
	get_duration(&d, obj, "", &out->duration);
	get_fee(&d, obj, out);
	get_slot(&d, obj, "", "online", true, out->online, sizeof(out->online));
	get_resolver(&d, obj, out);
	out->result = get_text(&d, obj, "", "result", true);
	get_lists(&d, obj, out);
	fee_rules_decode(json_object_get(obj, "fees"), a, p, "fees", &out->fees, &out->nfees);
	return p->n > before ? MC_EINVAL : MC_OK;
}
