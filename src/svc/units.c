/* Use cases on units, and the seed of Hanoi's 2025 units: the city PC, the Center, deciding
 * departments, 126 commune PCs (51 phường, 75 xã) and one service point under each commune.
 * The code scheme is documented in docs/units.md. */
#include "base/base.h"

#include <jansson.h>

#include "base/embed.h"
#include "base/log.h"
#include "domain/text.h"
#include "svc/audit.h"
#include "svc/perm.h"
#include "svc/units.h"
#include "svc/units_cache.h"
#include "store/db.h"
#include "store/unit_store.h"

static const char *const kinds[] = {"city_pc",       "center",     "branch",
				    "service_point", "department", "commune_pc"};

bool units_kind_valid(const char *kind)
{
	for (size_t i = 0; i < MC_ARRAY_LEN(kinds); i++)
		if (strcmp(kinds[i], kind) == 0)
			return true;
	return false;
}

static bool alnum_upper(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
}

bool units_code_valid(const char *s)
{
	static const char shape[] = "xxx.xx.xx.Ldd";
	if (strlen(s) != sizeof(shape) - 1)
		return false;
	for (size_t i = 0; shape[i]; i++) {
		char c = s[i];
		bool ok = shape[i] == '.'   ? c == '.'
			  : shape[i] == 'x' ? alnum_upper(c)
			  : shape[i] == 'L' ? (c >= 'A' && c <= 'Z')
					    : (c >= '0' && c <= '9');
		if (!ok)
			return false;
	}
	return true;
}

struct list_pass {
	struct arena *arena;
	size_t left;
	bool more;
	struct unit *units; /* the page so far, in the arena */
	size_t n, cap;
};

/* Keeps at most `left` units; one more row than asked tells that another page follows. */
static void list_one(const struct unit *u, void *arg)
{
	struct list_pass *p = arg;
	if (p->left == 0) {
		p->more = true;
		return;
	}
	p->left--;
	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 64;
		struct unit *units = arena_alloc(p->arena, cap * sizeof(*units));
		if (p->n)
			memcpy(units, p->units, p->n * sizeof(*units));
		p->units = units;
		p->cap = cap;
	}
	p->units[p->n++] = *u;
}

/* One member of a cache key: its length, then its bytes; absent is "-". Lengths make the key
 * injective whatever bytes the members hold (a cursor is any bytes but NUL). */
static char *key_member(struct svc_ctx *ctx, const char *prev, const char *v)
{
	if (!v)
		return arena_printf(ctx->arena, "%s-", prev);
	return arena_printf(ctx->arena, "%s%zu:%s", prev, strlen(v), v);
}

char *units_list_key(struct svc_ctx *ctx, const struct units_query *q)
{
	char *k = key_member(ctx, "", q->kind);
	k = key_member(ctx, k, q->subkind);
	k = key_member(ctx, k, q->parent);
	k = key_member(ctx, k, q->q);
	k = key_member(ctx, k, q->after_code);
	return arena_printf(ctx->arena, "%s%zu;%lld", k, q->limit, (long long)q->as_of);
}

enum mc_err units_list(struct svc_ctx *ctx, const struct units_query *q,
		       void (*fn)(const struct unit *u, void *arg), void *arg, bool *more)
{
	char *key = NULL;
	size_t count = 0;
	if (q->kind && !units_kind_valid(q->kind))
		problem_add(ctx->problem, "kind",
			    "must be city_pc, center, branch, service_point, department or commune_pc",
			    "loại đơn vị không hợp lệ");
	if (q->subkind && strcmp(q->subkind, "phuong") != 0 && strcmp(q->subkind, "xa") != 0)
		problem_add(ctx->problem, "subkind", "must be phuong or xa",
			    "phân loại phải là phuong hoặc xa");
	if (ctx->problem->n)
		return MC_EINVAL;
	if (q->q && text_search_key(q->q, strlen(q->q), &key) != MC_OK) {
		problem_add(ctx->problem, "q", "is not valid UTF-8", "chuỗi tìm kiếm không hợp lệ");
		return MC_EINVAL;
	}
	struct unit_filter f = {
		.kind = q->kind,
		.subkind = q->subkind,
		.parent = q->parent,
		.search_key = key && *key ? key : NULL,
		.as_of = q->as_of,
		.after_code = q->after_code,
		.limit = q->limit + 1,
	};
	struct units_cache *cache = ctx->state ? ctx->state->units : NULL;
	struct list_pass pass = {.arena = ctx->arena, .left = q->limit};
	const char *ckey = units_list_key(ctx, q);
	int64_t stamp[2];
	enum mc_err err = unitstore_stamp(ctx->db, stamp);
	if (!err && !units_cache_get(cache, ckey, stamp, ctx->arena, &pass.units, &pass.n,
				     &pass.more)) {
		/* Read after the stamp: at least as new as it, so never kept under an older one. */
		err = unitstore_list(ctx->db, &f, list_one, &pass, &count);
		if (!err)
			units_cache_put(cache, ckey, stamp, pass.units, pass.n, pass.more);
	}
	free(key);
	for (size_t i = 0; !err && i < pass.n; i++)
		fn(&pass.units[i], arg);
	*more = pass.more;
	return err;
}

enum mc_err units_get(struct svc_ctx *ctx, const char *code, int64_t as_of,
		      struct units_detail *out)
{
	memset(out, 0, sizeof(*out));
	enum mc_err err = unitstore_get(ctx->db, code, as_of, &out->unit);
	if (err)
		return err;
	return unitstore_parents(ctx->db, code, out->parents, UNITS_HISTORY_MAX, &out->nparents);
}

enum mc_err units_at(struct svc_ctx *ctx, const char *code, int64_t as_of, struct unit *out)
{
	struct units_cache *cache = ctx->state ? ctx->state->units : NULL;
	struct unit_parent_span spans[UNITS_CACHE_SPANS];
	size_t n = 0;
	bool found;
	if (units_cache_unit(cache, code, as_of, out, &found))
		return found ? MC_OK : MC_ENOTFOUND;
	uint64_t stamp = ctx->in_tx ? ctx->tx_units_stamp : units_cache_stamp(cache);
	enum mc_err err = unitstore_get(ctx->db, code, as_of, out);
	/* Kept only when the unit exists now: its row is then known (a code unknown at as_of keeps
	 * nothing, as a code that does not exist at all). */
	if (!err && stamp &&
	    unitstore_parents(ctx->db, code, spans, MC_ARRAY_LEN(spans), &n) == MC_OK &&
	    n < MC_ARRAY_LEN(spans))
		units_cache_keep(cache, stamp, out, spans, n);
	return err;
}

static void units_changed(void *cache, int n)
{
	units_cache_changed(cache, n);
}

enum mc_err units_change(struct svc_ctx *ctx)
{
	if (ctx->state && ctx->state->units) {
		units_cache_change(ctx->state->units);
		db_on_tx_end(ctx->db, units_changed, ctx->state->units);
	}
	return db_notify(ctx->db, SVC_CHANNEL, "u:"); /* delivered to the others on commit */
}

static void check_new_unit(struct svc_ctx *ctx, const struct unit *in, struct unit *parent)
{
	struct problem *p = ctx->problem;
	if (!units_code_valid(in->code))
		problem_add(p, "code", "must look like 000.00.10.H26", "mã đơn vị phải có dạng 000.00.10.H26");
	if (!units_kind_valid(in->kind) || !strcmp(in->kind, "city_pc") || !strcmp(in->kind, "center"))
		problem_add(p, "kind", "must be branch, department, service_point or commune_pc",
			    "loại đơn vị phải là chi nhánh, sở/ngành, điểm phục vụ hoặc UBND xã/phường");
	bool needs_sub = !strcmp(in->kind, "commune_pc") || !strcmp(in->kind, "service_point");
	if (needs_sub && strcmp(in->subkind, "phuong") != 0 && strcmp(in->subkind, "xa") != 0)
		problem_add(p, "subkind", "must be phuong or xa for this kind",
			    "phân loại phải là phuong hoặc xa");
	if (!needs_sub && in->subkind[0])
		problem_add(p, "subkind", "must be null for this kind", "loại đơn vị này không có phân loại");
	size_t n = text_length(in->name, strlen(in->name));
	if (n == 0 || n > 200)
		problem_add(p, "name", "must have 1 to 200 characters", "tên phải có từ 1 đến 200 ký tự");
	if (in->gso_code[0] && (strlen(in->gso_code) != 5 || strspn(in->gso_code, "0123456789") != 5))
		problem_add(p, "gso_code", "must be 5 digits", "mã thống kê phải gồm 5 chữ số");
	if (!in->parent[0]) {
		problem_add(p, "parent", "is required", "phải có đơn vị cấp trên");
		return;
	}
	if (unitstore_get(ctx->db, in->parent, ctx->now, parent) != MC_OK)
		problem_add(p, "parent", "is not a known unit code", "đơn vị cấp trên không tồn tại");
}

struct create_args {
	const struct unit *u;
	const char *key; /* its search key */
};

static enum mc_err create_tx(struct svc_ctx *ctx, void *arg)
{
	struct create_args *a = arg;
	const struct unit *u = a->u;
	enum mc_err err = units_change(ctx);
	if (!err)
		err = unitstore_insert(ctx->db, u, a->key, ctx->now, ctx->real_now);
	if (!err) {
		json_t *d = json_pack("{s:s, s:s, s:s}", "name", u->name, "kind", u->kind, "parent",
				      u->parent);
		char *detail = json_dumps(d, JSON_COMPACT | JSON_SORT_KEYS);
		err = audit_append(ctx, u->parent, "create_unit",
				   arena_printf(ctx->arena, "unit:%s", u->code), detail);
		free(detail);
		json_decref(d);
	}
	return err;
}

enum mc_err units_create(struct svc_ctx *ctx, const struct unit *in)
{
	struct unit parent;
	char *key = NULL;
	enum mc_err err = perm_admin(ctx);
	if (err)
		return err;
	check_new_unit(ctx, in, &parent);
	if (ctx->problem->n)
		return MC_EINVAL;
	if (text_search_key(in->name, strlen(in->name), &key) != MC_OK)
		return MC_EINVAL;
	struct unit u = *in;
	u.active = true;
	struct create_args a = {&u, key};
	err = svc_write(ctx, create_tx, &a);
	free(key);
	if (err == MC_ECONFLICT)
		problem_add(ctx->problem, "code", "is already used", "mã đơn vị đã được dùng");
	return err;
}

/* Seed: the city-level units of data/units_departments.csv, then for each commune of
 * data/hanoi_communes.csv (in file order, numbered from 1) its PC "SSS.00.50.H26" under the city
 * PC and its service point "SSS.01.50.H26" under the PC. Seeded parents hold from the epoch, so
 * that ?as_of= answers for any past date. */

static enum mc_err seed_insert(struct db *db, struct unit *u, int64_t now, int64_t *created)
{
	char *key = NULL;
	if (text_search_key(u->name, strlen(u->name), &key) != MC_OK)
		return MC_EINVAL;
	u->active = true;
	enum mc_err err = unitstore_insert(db, u, key, 0, now);
	free(key);
	if (!err)
		(*created)++;
	return err;
}

/* Splits one CSV line of simple fields (no quotes) into at most max fields. */
static size_t split_csv(char *line, char **fields, size_t max)
{
	size_t n = 0;
	char *p = line;
	while (n < max) {
		fields[n++] = p;
		char *comma = strchr(p, ',');
		if (!comma)
			break;
		*comma = '\0';
		p = comma + 1;
	}
	return n;
}

struct seed_run {
	int64_t now;
	int64_t *created;
	int seq; /* communes seen so far */
};

typedef enum mc_err (*seed_line_fn)(struct db *db, char **f, size_t nf, struct seed_run *run);

static enum mc_err seed_file(struct db *db, const char *name, seed_line_fn fn,
			     struct seed_run *run)
{
	const struct embed_file *file = embed_find(name);
	if (!file)
		return MC_EINTERNAL;
	char *text = xstrndup((const char *)file->data, file->size);
	enum mc_err err = MC_OK;
	size_t lineno = 0, data_lines = 0;
	char *save = text;
	while (!err && save && *save) {
		char *line = save;
		char *nl = strchr(line, '\n');
		save = nl ? nl + 1 : NULL;
		if (nl)
			*nl = '\0';
		lineno++;
		size_t len = strlen(line);
		if (len && line[len - 1] == '\r')
			line[--len] = '\0';
		if (len == 0 || line[0] == '#')
			continue;
		if (data_lines++ == 0)
			continue; /* the header */
		char *f[8];
		size_t nf = split_csv(line, f, MC_ARRAY_LEN(f));
		err = fn(db, f, nf, run);
		if (err)
			log_error("bad seed line %zu of \"%s\"", lineno, name);
	}
	free(text);
	return err;
}

static enum mc_err seed_city_line(struct db *db, char **f, size_t nf, struct seed_run *run)
{
	struct unit u;
	if (nf != 4)
		return MC_EINVAL;
	memset(&u, 0, sizeof(u));
	snprintf(u.code, sizeof(u.code), "%s", f[0]);
	snprintf(u.name, sizeof(u.name), "%s", f[1]);
	snprintf(u.kind, sizeof(u.kind), "%s", f[2]);
	snprintf(u.parent, sizeof(u.parent), "%s", f[3]);
	return seed_insert(db, &u, run->now, run->created);
}

static enum mc_err seed_commune_line(struct db *db, char **f, size_t nf, struct seed_run *run)
{
	struct unit pc, sp;
	if (nf != 3 || (strcmp(f[1], "phuong") != 0 && strcmp(f[1], "xa") != 0))
		return MC_EINVAL;
	int n = ++run->seq;
	bool phuong = strcmp(f[1], "phuong") == 0;
	memset(&pc, 0, sizeof(pc));
	snprintf(pc.code, sizeof(pc.code), "%03d.00.50.H26", n);
	snprintf(pc.name, sizeof(pc.name), "UBND %s %s", phuong ? "phường" : "xã", f[0]);
	snprintf(pc.kind, sizeof(pc.kind), "commune_pc");
	snprintf(pc.subkind, sizeof(pc.subkind), "%s", f[1]);
	snprintf(pc.parent, sizeof(pc.parent), "000.00.00.H26");
	snprintf(pc.gso_code, sizeof(pc.gso_code), "%s", f[2]);
	enum mc_err err = seed_insert(db, &pc, run->now, run->created);
	if (err)
		return err;
	sp = pc;
	snprintf(sp.code, sizeof(sp.code), "%03d.01.50.H26", n);
	snprintf(sp.name, sizeof(sp.name), "Điểm phục vụ hành chính công %s %s",
		 phuong ? "phường" : "xã", f[0]);
	snprintf(sp.kind, sizeof(sp.kind), "service_point");
	snprintf(sp.parent, sizeof(sp.parent), "%s", pc.code);
	return seed_insert(db, &sp, run->now, run->created);
}

enum mc_err units_seed_hanoi(struct db *db, int64_t now, int64_t *created)
{
	struct seed_run run = {.now = now, .created = created, .seq = 0};
	*created = 0;
	enum mc_err err = seed_file(db, "data/units_departments.csv", seed_city_line, &run);
	if (!err)
		err = seed_file(db, "data/hanoi_communes.csv", seed_commune_line, &run);
	if (!err)
		err = audit_append_as(db, now, "system", "000.00.00.H26", "seed_units", "unit",
				      "{\"source\":\"data/hanoi_communes.csv\"}");
	return err;
}
