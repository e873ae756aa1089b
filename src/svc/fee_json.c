/* Encoding and strict decoding of fee rules as JSON (svc/fee_json.h). Domain checks (ranges,
 * tiers, ids) are fee_rule_problem()'s; this file checks shapes, types and slot sizes. */
#include "base/base.h"

#include <jansson.h>

#include "domain/text.h"
#include "svc/fee_json.h"

#define FEE_TEXT_MAX 1000 /* characters of a name, an agency or a legal basis */

static json_t *str_or_null(const char *s)
{
	return s && *s ? json_string(s) : json_null();
}

static json_t *rule_json(const struct fee_rule *r)
{
	json_t *tiers = json_array(), *ex = json_array();
	for (size_t i = 0; i < r->ntiers; i++)
		json_array_append_new(tiers, json_pack("{s:I, s:I}", "from",
						       (json_int_t)r->tiers[i].from, "amount",
						       (json_int_t)r->tiers[i].amount));
	for (size_t i = 0; i < r->nexemptions; i++) {
		const struct fee_exemption *e = &r->exemptions[i];
		json_array_append_new(ex, json_pack("{s:s, s:s, s:o, s:I}", "code", e->code, "name",
						    e->name ? e->name : "", "legal_basis",
						    str_or_null(e->legal_basis), "percent",
						    (json_int_t)e->percent));
	}
	return json_pack("{s:s, s:s, s:s, s:s, s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "id", r->id,
			 "name", r->name ? r->name : "", "kind", r->kind, "channel", r->channel,
			 "amount", (json_int_t)r->amount, "unit", str_or_null(r->unit), "tiers", tiers,
			 "cap", r->cap ? json_integer(r->cap) : json_null(), "per",
			 str_or_null(r->per), "agency", str_or_null(r->agency), "legal_basis",
			 str_or_null(r->legal_basis), "exemptions", ex);
}

json_t *fee_rules_json(const struct fee_rule *r, size_t n)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, rule_json(&r[i]));
	return arr;
}

struct dec {
	struct arena *a;
	struct problem *p;
};

static void only(struct dec *d, json_t *obj, const char *at, const char *const allowed[])
{
	const char *key;
	json_t *v;
	json_object_foreach(obj, key, v) {
		bool ok = false;
		for (size_t i = 0; allowed[i] && !ok; i++)
			ok = strcmp(allowed[i], key) == 0;
		if (!ok)
			problem_addf(d->p, at, key, "is not a known field", "trường không được hỗ trợ");
	}
}

static json_t *member(struct dec *d, json_t *obj, const char *at, const char *key, bool required)
{
	json_t *v = json_object_get(obj, key);
	if (v && !json_is_null(v))
		return v;
	if (required)
		problem_addf(d->p, at, key, "is required", "trường bắt buộc");
	return NULL;
}

static const char *get_text(struct dec *d, json_t *obj, const char *at, const char *key,
			    bool required)
{
	char *nfc = NULL;
	json_t *v = member(d, obj, at, key, required);
	if (!v)
		return NULL;
	const char *s = json_is_string(v) ? json_string_value(v) : NULL;
	size_t len = s ? json_string_length(v) : 0;
	if (!s || !text_allowed(s, len, TEXT_LINE) || text_nfc(s, len, &nfc) != MC_OK) {
		problem_addf(d->p, at, key, "must be a one-line string",
			     "phải là chuỗi ký tự một dòng");
		return NULL;
	}
	if (strlen(nfc) > FEE_TEXT_MAX * 4 || text_length(nfc, strlen(nfc)) > FEE_TEXT_MAX) {
		free(nfc);
		problem_addf(d->p, at, key, "must have at most 1000 characters",
			     "tối đa 1000 ký tự");
		return NULL;
	}
	const char *out = arena_strdup(d->a, nfc);
	free(nfc);
	return out;
}

static void get_slot(struct dec *d, json_t *obj, const char *at, const char *key, bool required,
		     char *dst, size_t cap)
{
	const char *s = get_text(d, obj, at, key, required);
	dst[0] = '\0';
	if (s && strlen(s) >= cap)
		problem_addf(d->p, at, key, arena_printf(d->a, "must have at most %zu bytes", cap - 1),
			     "giá trị quá dài");
	else if (s)
		memcpy(dst, s, strlen(s) + 1);
}

static void get_int(struct dec *d, json_t *obj, const char *at, const char *key, bool required,
		    int64_t *out)
{
	json_t *v = member(d, obj, at, key, required);
	if (v && !json_is_integer(v))
		problem_addf(d->p, at, key, "must be an integer", "phải là số nguyên");
	else if (v)
		*out = (int64_t)json_integer_value(v);
}

static json_t *get_array(struct dec *d, json_t *obj, const char *at, const char *key, size_t max)
{
	json_t *v = member(d, obj, at, key, false);
	if (v && (!json_is_array(v) || json_array_size(v) > max)) {
		problem_addf(d->p, at, key, arena_printf(d->a, "must be an array of at most %zu", max),
			     arena_printf(d->a, "phải là một mảng tối đa %zu mục", max));
		return NULL;
	}
	return v;
}

static bool object_or_report(struct dec *d, json_t *v, const char *at)
{
	if (json_is_object(v))
		return true;
	problem_add(d->p, at, "must be an object", "phải là một đối tượng");
	return false;
}

static void get_tiers(struct dec *d, json_t *obj, const char *at, struct fee_rule *r)
{
	static const char *const fields[] = {"from", "amount", NULL};
	json_t *arr = get_array(d, obj, at, "tiers", FEE_MAX_TIERS);
	r->ntiers = arr ? json_array_size(arr) : 0;
	for (size_t i = 0; i < r->ntiers; i++) {
		const char *ta = arena_printf(d->a, "%s.tiers[%zu]", at, i);
		json_t *t = json_array_get(arr, i);
		if (!object_or_report(d, t, ta))
			continue;
		only(d, t, ta, fields);
		get_int(d, t, ta, "from", true, &r->tiers[i].from);
		get_int(d, t, ta, "amount", true, &r->tiers[i].amount);
	}
}

static void get_exemptions(struct dec *d, json_t *obj, const char *at, struct fee_rule *r)
{
	static const char *const fields[] = {"code", "name", "legal_basis", "percent", NULL};
	json_t *arr = get_array(d, obj, at, "exemptions", FEE_MAX_EXEMPTIONS);
	r->nexemptions = arr ? json_array_size(arr) : 0;
	for (size_t i = 0; i < r->nexemptions; i++) {
		struct fee_exemption *e = &r->exemptions[i];
		const char *ea = arena_printf(d->a, "%s.exemptions[%zu]", at, i);
		json_t *v = json_array_get(arr, i);
		if (!object_or_report(d, v, ea))
			continue;
		only(d, v, ea, fields);
		get_slot(d, v, ea, "code", true, e->code, sizeof(e->code));
		e->name = get_text(d, v, ea, "name", true);
		e->legal_basis = get_text(d, v, ea, "legal_basis", false);
		e->percent = 100;
		get_int(d, v, ea, "percent", false, &e->percent);
	}
}

static void get_rule(struct dec *d, json_t *v, const char *at, struct fee_rule *r)
{
	static const char *const fields[] = {"id",  "name",   "kind",        "channel",
					     "amount", "unit", "tiers",      "cap",
					     "per", "agency", "legal_basis", "exemptions", NULL};
	memset(r, 0, sizeof(*r));
	if (!object_or_report(d, v, at))
		return;
	only(d, v, at, fields);
	get_slot(d, v, at, "id", true, r->id, sizeof(r->id));
	r->name = get_text(d, v, at, "name", true);
	get_slot(d, v, at, "kind", true, r->kind, sizeof(r->kind));
	memcpy(r->channel, "any", 4);
	if (json_object_get(v, "channel") && !json_is_null(json_object_get(v, "channel")))
		get_slot(d, v, at, "channel", false, r->channel, sizeof(r->channel));
	get_int(d, v, at, "amount", true, &r->amount);
	get_slot(d, v, at, "unit", false, r->unit, sizeof(r->unit));
	get_tiers(d, v, at, r);
	get_int(d, v, at, "cap", false, &r->cap);
	get_slot(d, v, at, "per", false, r->per, sizeof(r->per));
	r->agency = get_text(d, v, at, "agency", false);
	r->legal_basis = get_text(d, v, at, "legal_basis", false);
	get_exemptions(d, v, at, r);
}

enum mc_err fee_rules_decode(json_t *arr, struct arena *a, struct problem *p, const char *prefix,
			     struct fee_rule **out, size_t *n)
{
	struct dec d = {a, p};
	size_t before = p->n;
	*n = 0;
	*out = NULL;
	if (!arr || json_is_null(arr))
		return MC_OK;
	if (!json_is_array(arr) || json_array_size(arr) > FEE_MAX_RULES) {
		problem_add(p, prefix, "must be an array of at most 16 rules",
			    "phải là một mảng tối đa 16 khoản thu");
		return MC_EINVAL;
	}
	*n = json_array_size(arr);
	*out = arena_alloc(a, (*n ? *n : 1) * sizeof(**out));
	for (size_t i = 0; i < *n; i++)
		get_rule(&d, json_array_get(arr, i), arena_printf(a, "%s[%zu]", prefix, i),
			 &(*out)[i]);
	return p->n > before ? MC_EINVAL : MC_OK;
}

void fee_rules_check(const struct fee_rule *r, size_t n, struct problem *p, const char *prefix)
{
	for (size_t i = 0; i < n; i++) {
		const char *field, *vi;
		const char *msg = fee_rule_problem(&r[i], &field, &vi);
		const char *at = arena_printf(p->arena, "%s[%zu]", prefix, i);
		if (msg) {
			problem_addf(p, at, field, msg, vi);
			continue;
		}
		for (size_t j = 0; j < i; j++)
			if (strcmp(r[j].id, r[i].id) == 0)
				problem_addf(p, at, "id", "is used by another rule",
					     "mã khoản thu bị trùng");
	}
}

enum mc_err fee_rules_parse_text(const char *text, struct arena *a, struct fee_rule **out,
				 size_t *n)
{
	struct problem p;
	*n = 0;
	*out = NULL;
	if (!text || !*text)
		return MC_OK;
	json_t *arr = json_loads(text, JSON_REJECT_DUPLICATES, NULL);
	problem_init(&p, a);
	enum mc_err err = arr ? fee_rules_decode(arr, a, &p, "fees", out, n) : MC_EINVAL;
	json_decref(arr);
	return err ? MC_EINTERNAL : MC_OK;
}

const char *fee_rules_text(const struct fee_rule *r, size_t n, struct arena *a)
{
	if (!n)
		return NULL;
	json_t *arr = fee_rules_json(r, n);
	char *s = json_dumps(arr, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(arr);
	const char *out = arena_strdup(a, s);
	free(s);
	return out;
}
