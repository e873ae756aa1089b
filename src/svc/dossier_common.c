/* Helpers shared by the dossier use cases: the units a user covers, history and audit records,
 * and the calendar arithmetic of due times (see dossier_internal.h). */
#include "base/base.h"

#include "base/civil.h"
#include "domain/workclock.h"
#include "svc/audit.h"
#include "svc/calendar.h"
#include "svc/dossier_internal.h"
#include "svc/perm.h"
#include "svc/track_cache.h"
#include "store/unit_store.h"
#include "store/db.h"
#include "store/dossier_store.h"

#define ALL_UNITS_MAX 4096

struct unit_row {
	char code[UNIT_CODE_MAX], parent[UNIT_CODE_MAX], kind[16];
};

/* The units as of now, in code order, grown in the arena as rows come (few hundred). */
struct unit_table {
	struct svc_ctx *ctx;
	size_t n, cap;
	struct unit_row *rows;
};

static void copy_text(char *dst, size_t cap, const char *src)
{
	str_copy(dst, cap, src);
}

static void collect_unit(const char *code, const char *parent, const char *kind, void *arg)
{
	struct unit_table *t = arg;
	if (t->n == ALL_UNITS_MAX)
		return;
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 512;
		struct unit_row *rows = arena_alloc(t->ctx->arena, cap * sizeof(*rows));
		if (t->n)
			memcpy(rows, t->rows, t->n * sizeof(*rows));
		t->rows = rows;
		t->cap = cap;
	}
	struct unit_row *r = &t->rows[t->n++];
	copy_text(r->code, sizeof(r->code), code);
	copy_text(r->parent, sizeof(r->parent), parent);
	copy_text(r->kind, sizeof(r->kind), kind);
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

/* The index of a unit: a binary search, as ustore_list gives the units in order of code (checked
 * once in dossier__covered: else, and for a code not found, a scan). */
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

enum mc_err dossier__covered(struct svc_ctx *ctx, const char *role, const char *kind,
			     char (**codes)[UNIT_CODE_MAX], size_t *n)
{
	struct unit_table t = {ctx, 0, 0, NULL};
	enum mc_err err = ustore_tree(ctx->db, ctx->now, collect_unit, &t);
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

enum mc_err dossier__single_point(struct svc_ctx *ctx, char out[UNIT_CODE_MAX])
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
		if (ustore_get(ctx->db, only, ctx->now, &u) == MC_OK &&
		    strcmp(u.kind, "service_point") == 0) {
			snprintf(out, UNIT_CODE_MAX, "%s", only);
			return MC_OK;
		}
	}
	enum mc_err err = dossier__covered(ctx, "receiver", "service_point", &codes, &n);
	if (!err && n == 0)
		err = dossier__covered(ctx, "receiver", "center", &codes, &n);
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
	snprintf(out, UNIT_CODE_MAX, "%s", codes[0]);
	return MC_OK;
}

static void tracking_changed(void *cache, int n)
{
	track_cache_changed(cache, n);
}

enum mc_err dossier__record(struct svc_ctx *ctx, const struct dossier *d, const char *action,
			    const char *unit, const char *from, const char *to, const char *detail)
{
	/* A change of an existing dossier (from is NULL only for a new one, which no lookup can have
	 * cached): public tracking forgets it until the transaction ends. */
	if (from && ctx->state && ctx->state->tracking) {
		track_cache_change(ctx->state->tracking, d->code);
		db_on_tx_end(ctx->db, tracking_changed, ctx->state->tracking);
	}
	struct dossier_event e = {
		.at = ctx->now,
		.action = action,
		.actor = ctx->user ? ctx->user->username : "anonymous",
		.unit = unit,
		.from_status = from,
		.to_status = to,
		.detail = detail ? detail : "{}",
	};
	enum mc_err err = dstore_add_event(ctx->db, d->id, &e);
	if (err)
		return err;
	char *audit_detail = arena_printf(ctx->arena, "{\"from\":%s%s%s,\"to\":%s%s%s,\"at\":%lld}",
					  from ? "\"" : "", from ? from : "null", from ? "\"" : "",
					  to ? "\"" : "", to ? to : "null", to ? "\"" : "",
					  (long long)ctx->now);
	return audit_append(ctx, unit, action, arena_printf(ctx->arena, "dossier:%s", d->code),
			    audit_detail);
}

enum mc_err dossier__due(struct svc_ctx *ctx, int64_t from, const struct proc_duration *dur,
			 int64_t *due)
{
	enum wc_unit unit;
	if (wc_unit_parse(dur->unit, &unit) != MC_OK)
		return MC_EINTERNAL;
	enum mc_err err = calendar_due(ctx, from, dur->value, unit, due);
	if (err == MC_EINVAL) {
		/* A due time outside the calendar's years is not the caller's field error. */
		ctx->problem->n = 0;
		ctx->problem->head = ctx->problem->tail = NULL;
		problem_add(ctx->problem, "procedure", "gives a due time outside the supported years",
			    "thời hạn giải quyết vượt ra ngoài các năm được hỗ trợ");
	}
	return err;
}

enum mc_err dossier__shift(struct svc_ctx *ctx, int64_t due, int64_t working_seconds,
			   int64_t *out)
{
	return calendar_add_seconds(ctx, due, working_seconds, out);
}

enum mc_err dossier__working_between(struct svc_ctx *ctx, int64_t a, int64_t b, int64_t *out)
{
	return calendar_between(ctx, a, b, out);
}

void dossier__calendar_versions(struct svc_ctx *ctx, struct dossier *d, int64_t from, int64_t to)
{
	int y0, y1, m, day;
	int64_t v0 = 1, v1 = 1;
	civil_ymd(civil_local_day(from), &y0, &m, &day);
	civil_ymd(civil_local_day(to), &y1, &m, &day);
	calendar_version(ctx, y0, &v0);
	if (y1 != y0) {
		calendar_version(ctx, y1, &v1);
		d->calendar_versions = arena_printf(ctx->arena, "{\"%d\":%lld,\"%d\":%lld}", y0,
						    (long long)v0, y1, (long long)v1);
	} else {
		d->calendar_versions = arena_printf(ctx->arena, "{\"%d\":%lld}", y0, (long long)v0);
	}
}
