/* Use cases on the procedure catalog: read any version, search the latest ones, publish a new
 * version (administrators) with stable component ids, and seed the catalog at `motcua init`.
 * Decoding JSON is catalog_json.c's work and the database-free rules are catalog_check.c's. */
#include "base/base.h"

#include <jansson.h>
#include <pthread.h>

#include "base/embed.h"
#include "base/log.h"
#include "domain/synonyms.h"
#include "domain/text.h"
#include "svc/audit.h"
#include "svc/catalog.h"
#include "svc/catalog_cache.h"
#include "svc/fee_json.h"
#include "domain/fee_text.h"
#include "svc/perm.h"
#include "store/db.h"
#include "store/procedure_store.h"
#include "store/unit_store.h"

/* procstore_get with the fee rules decoded from their stored text. */
static enum mc_err load(struct db *db, struct arena *a, const char *code, int64_t version,
			struct procedure *out)
{
	enum mc_err err = procstore_get(db, a, code, version, out);
	if (!err && (err = fee_rules_parse_text(out->fees_text, a, &out->fees, &out->nfees)))
		log_error("procedure \"%s\" version %lld has a bad fee schedule", code,
			  (long long)version);
	return err;
}

enum mc_err catalog_get(struct svc_ctx *ctx, const char *code, int64_t version,
			struct procedure *out)
{
	struct catalog_cache *cache = ctx->state ? ctx->state->catalog : NULL;
	if (version < 0)
		return MC_ENOTFOUND;
	if (catalog_cache_get(cache, code, version, ctx->arena, out))
		return MC_OK;
	uint64_t stamp = ctx->in_tx ? ctx->tx_catalog_stamp : catalog_cache_stamp(cache);
	enum mc_err err = load(ctx->db, ctx->arena, code, version, out);
	if (!err)
		catalog_cache_put(cache, stamp, code, version, out);
	return err;
}


static char *key_of(struct problem *p, const char *name, const char *s)
{
	char *key = NULL;
	if (s && text_search_key(s, strlen(s), &key) != MC_OK)
		problem_add(p, name, "is not valid UTF-8", "chuỗi tìm kiếm không hợp lệ");
	return key;
}

/* The synonyms of data/search_synonyms.csv, parsed once (the file is built into the binary and
 * checked by a unit test; a bad line leaves the list empty and is logged). */
static struct synonyms synonyms;
static pthread_once_t synonyms_once = PTHREAD_ONCE_INIT;

static char *fold(const char *s, size_t n)
{
	char *key = NULL;
	return text_search_key(s, n, &key) == MC_OK ? key : NULL;
}

static void synonyms_load(void)
{
	const struct embed_file *f = embed_find("data/search_synonyms.csv");
	size_t line = 0;
	if (f && synonyms_parse((const char *)f->data, f->size, fold, &synonyms, &line) != MC_OK) {
		log_warn("data/search_synonyms.csv: line %zu is not \"alias,expansion\"; no synonyms", line);
		synonyms.n = 0;
	}
}

/* The query's key with an abbreviation or common name replaced by its procedures' words. */
static char *expand_key(char *key)
{
	char out[512];
	pthread_once(&synonyms_once, synonyms_load);
	if (!key || !synonyms_expand(&synonyms, key, out, sizeof(out)))
		return key;
	free(key);
	return xstrdup(out);
}

static const char *nonempty(const char *s)
{
	return s && *s ? s : NULL;
}

enum mc_err catalog_list(struct svc_ctx *ctx, const struct catalog_query *q,
			 void (*fn)(const struct procedure *p, void *arg), void *arg, bool *more)
{
	size_t n = 0;
	enum mc_err err = MC_OK;
	*more = false;
	if (q->level && strcmp(q->level, "commune") != 0 && strcmp(q->level, "city") != 0)
		problem_add(ctx->problem, "level", "must be commune or city",
			    "cấp thực hiện phải là commune hoặc city");
	char *q_key = expand_key(key_of(ctx->problem, "q", q->q));
	char *field_key = key_of(ctx->problem, "field", q->field);
	if (ctx->problem->n) {
		err = MC_EINVAL;
		goto out;
	}
	struct proc_filter f = {
		.search_key = nonempty(q_key),
		.field_key = nonempty(field_key),
		.level = q->level,
		.after_code = q->after_code,
		.limit = q->limit + 1,
	};
	char(*codes)[PROC_CODE_MAX] = arena_alloc(ctx->arena, f.limit * PROC_CODE_MAX);
	err = procstore_list(ctx->db, &f, codes, &n);
	for (size_t i = 0; !err && i < n && i < q->limit; i++) {
		struct procedure *p = arena_alloc(ctx->arena, sizeof(*p));
		err = load(ctx->db, ctx->arena, codes[i], 0, p);
		if (!err)
			fn(p, arg);
	}
	*more = !err && n > q->limit;
out:
	free(field_key);
	free(q_key);
	return err;
}

/* The number of an id "tpNN", or 0 when the id has another shape. */
static long tp_number(const char *id)
{
	if (strncmp(id, "tp", 2) != 0 || !id[2] || strlen(id) > 11 ||
	    strspn(id + 2, "0123456789") != strlen(id + 2))
		return 0;
	return strtol(id + 2, NULL, 10);
}

static bool id_used(const struct procedure *p, const char *id)
{
	for (size_t i = 0; i < p->ncomponents; i++)
		if (strcmp(p->components[i].id, id) == 0)
			return true;
	return false;
}

/* Gives every component without an id one: the id of the previous version's component with the
 * same name when that id is free, else the next "tpNN" after the highest in either version. */
static void assign_ids(struct procedure *p, const struct procedure *prev)
{
	long next = 0;
	size_t nprev = prev ? prev->ncomponents : 0;
	for (size_t i = 0; i < p->ncomponents; i++) {
		struct proc_component *c = &p->components[i];
		for (size_t j = 0; !c->id[0] && c->name && j < nprev; j++) {
			const struct proc_component *old = &prev->components[j];
			if (strcmp(old->name, c->name) == 0 && !id_used(p, old->id))
				memcpy(c->id, old->id, sizeof(c->id));
		}
	}
	for (size_t i = 0; i < p->ncomponents; i++)
		if (tp_number(p->components[i].id) > next)
			next = tp_number(p->components[i].id);
	for (size_t j = 0; j < nprev; j++)
		if (tp_number(prev->components[j].id) > next)
			next = tp_number(prev->components[j].id);
	for (size_t i = 0; i < p->ncomponents; i++)
		if (!p->components[i].id[0])
			snprintf(p->components[i].id, sizeof(p->components[i].id), "tp%02ld", ++next);
}

/* Checks that the resolver unit and the step units exist at `now`. */
static enum mc_err check_units(struct db *db, int64_t now, const struct procedure *p,
			       struct problem *pr)
{
	struct unit u;
	enum mc_err err = MC_OK;
	if (!strcmp(p->resolver_kind, "unit") && p->resolver_unit[0]) {
		err = unitstore_get(db, p->resolver_unit, now, &u);
		if (err == MC_ENOTFOUND)
			problem_add(pr, "resolver.unit", "is not a known unit code",
				    "đơn vị giải quyết không tồn tại");
	}
	for (size_t i = 0; (!err || err == MC_ENOTFOUND) && i < p->nsteps; i++) {
		const char *unit = p->steps[i].unit;
		if (!unit[0] || !strcmp(unit, "resolver"))
			continue;
		err = unitstore_get(db, unit, now, &u);
		if (err == MC_ENOTFOUND)
			problem_add(pr, arena_printf(pr->arena, "steps[%zu].unit", i),
				    "must be \"resolver\" or a known unit code",
				    "phải là \"resolver\" hoặc mã một đơn vị đang tồn tại");
	}
	return err == MC_ENOTFOUND ? MC_OK : err;
}

static enum mc_err insert_version(struct db *db, const struct procedure *p,
				  const char *created_by, int64_t now)
{
	char *key = NULL, *field_key = NULL;
	enum mc_err err = text_search_key(p->name, strlen(p->name), &key);
	if (!err)
		err = text_search_key(p->field, strlen(p->field), &field_key);
	if (!err)
		err = procstore_insert(db, p, key, field_key, created_by, now);
	free(field_key);
	free(key);
	return err;
}

static enum mc_err audit_publish(struct svc_ctx *ctx, const struct procedure *p)
{
	json_t *d = json_pack("{s:s, s:I, s:s}", "code", p->code, "version", (json_int_t)p->version,
			      "name", p->name);
	char *detail = json_dumps(d, JSON_COMPACT | JSON_SORT_KEYS);
	enum mc_err err = audit_append(ctx, p->resolver_unit[0] ? p->resolver_unit : NULL,
				       "publish_procedure",
				       arena_printf(ctx->arena, "procedure:%s", p->code), detail);
	free(detail);
	json_decref(d);
	return err;
}

/* The part of publishing inside the write transaction, in the order of API.md's statuses:
 * unknown code (404), invalid fields (422), then conflicts (409). */
static enum mc_err publish_locked(struct svc_ctx *ctx, struct procedure *p, bool create)
{
	int64_t latest;
	struct procedure prev;
	enum mc_err err = procstore_latest_version(ctx->db, p->code, &latest);
	if (err)
		return err;
	if (!create && latest == 0)
		return MC_ENOTFOUND;
	if (!create && (err = procstore_get(ctx->db, ctx->arena, p->code, latest, &prev)))
		return err;
	assign_ids(p, create ? NULL : &prev);
	if (create && p->version)
		problem_add(ctx->problem, "version", "must not be given when creating",
			    "không ghi phiên bản khi tạo thủ tục mới");
	catalog_check(p, ctx->problem);
	if ((err = check_units(ctx->db, ctx->now, p, ctx->problem)))
		return err;
	if (ctx->problem->n)
		return MC_EINVAL;
	if (create && latest) {
		problem_add(ctx->problem, "code", "is already used; publish a new version with PUT",
			    "mã thủ tục đã tồn tại");
		return MC_ECONFLICT;
	}
	if (!create && p->version && p->version != latest) {
		problem_add(ctx->problem, "version",
			    arena_printf(ctx->arena, "is not the latest version (%lld)",
					 (long long)latest),
			    "phiên bản đã cũ: đã có phiên bản mới hơn");
		return MC_ECONFLICT;
	}
	p->version = latest + 1;
	p->fees_text = fee_rules_text(p->fees, p->nfees, ctx->arena);
	const char *by = ctx->user ? ctx->user->username : "anonymous";
	err = insert_version(ctx->db, p, by, ctx->real_now);
	if (!err)
		err = audit_publish(ctx, p);
	return err;
}

struct publish_args {
	struct procedure *p;
	bool create;
};

static void catalog_changed(void *cache, int n)
{
	catalog_cache_changed(cache, n);
}

static enum mc_err publish_tx(struct svc_ctx *ctx, void *arg)
{
	struct publish_args *a = arg;
	/* The latest version changes: the cache keeps nothing until this transaction ends, and the
	 * other instances on the same database forget theirs once it commits. */
	if (ctx->state && ctx->state->catalog) {
		catalog_cache_change(ctx->state->catalog);
		db_on_tx_end(ctx->db, catalog_changed, ctx->state->catalog);
	}
	enum mc_err err = db_notify(ctx->db, SVC_CHANNEL, "c:");
	return err ? err : publish_locked(ctx, a->p, a->create);
}

enum mc_err catalog_publish(struct svc_ctx *ctx, const struct procedure *in, bool create,
			    struct procedure *out)
{
	enum mc_err err = perm_admin(ctx);
	if (err)
		return err;
	struct procedure p = *in;
	p.components = arena_alloc(ctx->arena, (in->ncomponents + 1) * sizeof(*p.components));
	if (in->ncomponents)
		memcpy(p.components, in->components, in->ncomponents * sizeof(*p.components));
	struct publish_args a = {&p, create};
	err = svc_write(ctx, publish_tx, &a);
	if (!err)
		err = load(ctx->db, ctx->arena, p.code, p.version, out);
	return err;
}

/* Seed: data/catalog.json holds an array of procedures in the API's representation. An entry
 * without "fees" gets the rules read from the national catalog's fee texts (the by_channel
 * entries of data/procedures.json, domain/fee_text.h) when it has a known fee (fee_vnd not null);
 * what cannot be read keeps fee_vnd alone (docs/data-notes.md "Fee schedules"). */

static json_t *source_entry(const char *code)
{
	static json_t *root; /* init is single-threaded: loaded once, kept for the process */
	size_t i;
	json_t *v;
	if (!root) {
		const struct embed_file *f = embed_find("data/procedures.json");
		root = f ? json_loadb((const char *)f->data, f->size, 0, NULL) : NULL;
	}
	json_array_foreach(root, i, v) {
		const char *c = json_string_value(json_object_get(v, "code"));
		if (c && strcmp(c, code) == 0)
			return v;
	}
	return NULL;
}

static void seed_fees(struct arena *a, struct procedure *p)
{
	struct fee_text_entry e[8];
	size_t n = 0, i, nrules = 0, skipped = 0;
	const char *why = NULL;
	json_t *v, *src = p->fee_vnd > 0 ? source_entry(p->code) : NULL;
	json_array_foreach(json_object_get(src, "by_channel"), i, v) {
		if (n == MC_ARRAY_LEN(e))
			break;
		e[n++] = (struct fee_text_entry){json_string_value(json_object_get(v, "channel")),
						 json_string_value(json_object_get(v, "fee")),
						 json_string_value(json_object_get(v, "fee_note"))};
	}
	if (!n)
		return;
	struct fee_rule *rules = arena_alloc(a, 2 * sizeof(*rules));
	if (fee_text_schedule(a, e, n, rules, &nrules, &why, &skipped) == FEE_TEXT_RULE &&
	    nrules) {
		p->fees = rules;
		p->nfees = nrules;
	}
}

static enum mc_err seed_one(struct db *db, int64_t now, json_t *v, size_t index)
{
	struct arena a;
	struct problem pr;
	struct procedure p;
	enum mc_err err = MC_EINVAL;
	arena_init(&a);
	problem_init(&pr, &a);
	if (json_is_object(v)) {
		catalog_decode(v, &a, &pr, &p);
		assign_ids(&p, NULL);
		catalog_check(&p, &pr);
		err = check_units(db, now, &p, &pr);
	}
	if (!err && pr.n == 0 && !json_object_get(v, "fees"))
		seed_fees(&a, &p);
	if (!err && pr.n == 0) {
		p.version = 1;
		p.fees_text = fee_rules_text(p.fees, p.nfees, &a);
		err = insert_version(db, &p, "system", now);
	} else if (!err || err == MC_EINVAL) {
		log_error("seed procedure %zu of \"data/catalog.json\" is invalid: \"%s\" %s", index,
			  pr.head ? pr.head->field : "", pr.head ? pr.head->message : "not an object");
		err = MC_EINVAL;
	}
	arena_release(&a);
	return err;
}

enum mc_err catalog_seed(struct db *db, int64_t now, size_t *count)
{
	json_error_t jerr;
	size_t i;
	json_t *v;
	enum mc_err err = MC_OK;
	*count = 0;
	const struct embed_file *f = embed_find("data/catalog.json");
	if (!f)
		return MC_EINTERNAL;
	json_t *root = json_loadb((const char *)f->data, f->size, JSON_REJECT_DUPLICATES, &jerr);
	if (!root || !json_is_array(root)) {
		log_error("bad seed file \"data/catalog.json\": %s (line %d)", root ? "not an array" : jerr.text,
			  jerr.line);
		json_decref(root);
		return MC_EINVAL;
	}
	json_array_foreach(root, i, v) {
		err = seed_one(db, now, v, i);
		if (err)
			break;
		(*count)++;
	}
	json_decref(root);
	if (err)
		return err;
	json_t *d = json_pack("{s:s, s:I}", "source", "data/catalog.json", "count", (json_int_t)*count);
	char *detail = json_dumps(d, JSON_COMPACT | JSON_SORT_KEYS);
	err = audit_append_as(db, now, "system", NULL, "seed_procedures", "procedure", detail);
	free(detail);
	json_decref(d);
	return err;
}
