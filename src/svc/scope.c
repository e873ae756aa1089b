/* What a staff user's roles reach as of ctx->now (see scope.h): the units they cover, read from
 * the unit tree once per call, and the service point a receiver works at. Calls only downward
 * (permissions, the unit store): the dossier use cases, intake notes, citizens' identity checks
 * at a counter and reports all use it. */
#include "base/base.h"

#include <jansson.h>

#include "base/fmt.h"
#include "store/unit_store.h"
#include "svc/perm.h"
#include "svc/scope.h"
#include "svc/units.h"
#include "svc/units_cache.h"

#define ALL_UNITS_MAX 4096

/* The units as of now, in code order, grown in the arena as rows come (few hundred). */
struct unit_table {
	struct svc_ctx *ctx;
	size_t n, cap;
	struct units_tree_row *rows;
};

static void collect_unit(const char *code, const char *parent, const char *kind, void *arg)
{
	struct unit_table *t = arg;
	if (t->n == ALL_UNITS_MAX)
		return;
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 512;
		struct units_tree_row *rows = arena_alloc(t->ctx->arena, cap * sizeof(*rows));
		if (t->n)
			memcpy(rows, t->rows, t->n * sizeof(*rows));
		t->rows = rows;
		t->cap = cap;
	}
	struct units_tree_row *r = &t->rows[t->n++];
	str_copy(r->code, sizeof(r->code), code);
	str_copy(r->parent, sizeof(r->parent), parent);
	str_copy(r->kind, sizeof(r->kind), kind);
}

/* The tree as of ctx->now: kept in the units cache (svc/units_cache.h) until a unit is created or
 * moved, or the instant when a span of the tables ends or begins; else read (0.45 ms of
 * PostgreSQL's time for Hanoi's 700 units, on every staff list page before it was kept). */
static enum mc_err tree_now(struct svc_ctx *ctx, struct unit_table *t)
{
	struct units_cache *cache = ctx->state ? ctx->state->units : NULL;
	if (units_cache_tree(cache, ctx->now, ctx->arena, &t->rows, &t->n))
		return MC_OK;
	uint64_t stamp = ctx->in_tx ? ctx->tx_units_stamp : units_cache_stamp(cache);
	int64_t until = 0;
	enum mc_err err = unitstore_tree(ctx->db, ctx->now, collect_unit, t, &until);
	if (!err && t->n < ALL_UNITS_MAX)
		units_cache_tree_keep(cache, stamp, ctx->now, until, t->rows, t->n);
	return err;
}

static bool bound(const struct user *u, const char *role, const char *unit)
{
	for (size_t i = 0; i < u->nroles; i++) {
		const struct user_role *r = &u->roles[i];
		if (strcmp(r->role, "citizen") != 0 && (!role || strcmp(r->role, role) == 0) &&
		    strcmp(r->unit, unit) == 0)
			return true;
	}
	return false;
}

/* The index of a unit: a binary search, as unitstore_list gives the units in order of code (checked
 * once in scope_units: else, and for a code not found, a scan). */
static ssize_t find(const struct unit_table *t, const char *code, bool sorted)
{
	size_t lo = 0, hi = sorted ? t->n : 0;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(t->rows[mid].code, code);
		if (c == 0)
			return (ssize_t)mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->rows[i].code, code) == 0)
			return (ssize_t)i;
	return -1;
}

enum mc_err scope_units(struct svc_ctx *ctx, const char *role, const char *kind,
			char (**codes)[UNIT_CODE_MAX], size_t *n)
{
	struct unit_table t = {ctx, 0, 0, NULL};
	enum mc_err err = tree_now(ctx, &t);
	if (err)
		return err;
	bool sorted = true;
	for (size_t i = 1; i < t.n && sorted; i++)
		sorted = strcmp(t.rows[i - 1].code, t.rows[i].code) < 0;
	*codes = arena_alloc(ctx->arena, (t.n + 1) * sizeof(**codes));
	*n = 0;
	for (size_t i = 0; i < t.n; i++) {
		if (kind && strcmp(t.rows[i].kind, kind) != 0)
			continue;
		ssize_t j = (ssize_t)i;
		for (int depth = 0; j >= 0 && depth < 16; depth++) {
			if (bound(ctx->user, role, t.rows[j].code)) {
				memcpy((*codes)[(*n)++], t.rows[i].code, UNIT_CODE_MAX);
				break;
			}
			j = t.rows[j].parent[0] ? find(&t, t.rows[j].parent, sorted) : -1;
		}
	}
	return MC_OK;
}

enum mc_err scope_single_point(struct svc_ctx *ctx, char out[UNIT_CODE_MAX])
{
	char(*codes)[UNIT_CODE_MAX];
	size_t n = 0;
	/* The usual receiver: one receiver role, bound to a service point itself. */
	const char *only = NULL;
	size_t nrecv = 0;
	for (size_t i = 0; i < ctx->user->nroles; i++)
		if (strcmp(ctx->user->roles[i].role, "receiver") == 0) {
			nrecv++;
			only = ctx->user->roles[i].unit;
		}
	if (nrecv == 1) {
		struct unit u;
		if (units_at(ctx, only, ctx->now, &u) == MC_OK &&
		    strcmp(u.kind, "service_point") == 0) {
			fmt_snprintf(out, UNIT_CODE_MAX, "%s", only);
			return MC_OK;
		}
	}
	enum mc_err err = scope_units(ctx, "receiver", "service_point", &codes, &n);
	if (!err && n == 0)
		err = scope_units(ctx, "receiver", "center", &codes, &n);
	if (err)
		return err;
	if (n == 0)
		return MC_EFORBIDDEN;
	if (n > 1) {
		problem_add(ctx->problem, "receiving_unit",
			    "is required: your roles cover several service points",
			    "phải chọn điểm tiếp nhận vì bạn phụ trách nhiều điểm");
		return MC_EINVAL;
	}
	fmt_snprintf(out, UNIT_CODE_MAX, "%s", codes[0]);
	return MC_OK;
}

enum mc_err scope_receiving_point(struct svc_ctx *ctx, const char *given,
				  char out[UNIT_CODE_MAX])
{
	struct unit u;
	if (given) {
		enum mc_err err = units_at(ctx, given, ctx->now, &u);
		if (err == MC_ENOTFOUND || (!err && strcmp(u.kind, "service_point") != 0 &&
					    strcmp(u.kind, "center") != 0 && strcmp(u.kind, "branch") != 0)) {
			problem_add(ctx->problem, "receiving_unit", "is not a service point",
				    "không phải điểm phục vụ hành chính công");
			return MC_EINVAL;
		}
		if (err)
			return err;
		fmt_snprintf(out, UNIT_CODE_MAX, "%s", given);
		return perm_check(ctx, "receiver", given);
	}
	return scope_single_point(ctx, out);
}

const char *scope_codes_json(struct svc_ctx *ctx, char (*codes)[UNIT_CODE_MAX], size_t n)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, json_string(codes[i]));
	char *text = json_dumps(arr, JSON_COMPACT);
	json_decref(arr);
	const char *out = arena_strdup(ctx->arena, text ? text : "[]");
	free(text);
	return out;
}
