/* Officers' figures (svc/staff_figures.h). */
#include "base/base.h"

#include <stdlib.h>
#include <string.h>

#include "store/staff_figures_store.h"
#include "svc/indicator_views.h"
#include "svc/perm.h"
#include "svc/staff_figures.h"

#define STAFF_MAX 5000

struct collect {
	struct arena *a;
	struct staff_row *rows;
	size_t n;
};

static void collect(const struct staff_row *r, void *arg)
{
	struct collect *c = arg;
	if (c->n == STAFF_MAX)
		return;
	struct staff_row *o = &c->rows[c->n++];
	*o = *r;
	o->username = arena_strdup(c->a, r->username);
	o->full_name = arena_strdup(c->a, r->full_name);
}

static int by_username(const void *a, const void *b)
{
	return strcmp(((const struct staff_row *)a)->username,
		      ((const struct staff_row *)b)->username);
}

struct args {
	int64_t from, to;
	const char *unit;
	struct collect c;
};

static enum mc_err read_rows(struct svc_ctx *ctx, void *arg)
{
	struct args *a = arg;
	const char *units;
	enum mc_err err = report_scope(ctx, a->unit, &units);
	if (err)
		return err;
	bool manager = perm_has_role(ctx->user, "admin") ||
		       perm_has_role(ctx->user, "center_manager") ||
		       perm_has_role(ctx->user, "unit_manager");
	return stafffigures_list(ctx->db, a->from, a->to, units, a->unit,
				 manager ? NULL : ctx->user->username, collect, &a->c);
}

enum mc_err staff_figures(struct svc_ctx *ctx, int64_t from, int64_t to, const char *unit,
			  void (*fn)(const struct staff_row *r, void *arg), void *arg)
{
	struct args a = {from, to, unit, {ctx->arena, NULL, 0}};
	if (!ctx->user)
		return MC_EAUTH;
	a.c.rows = arena_alloc(ctx->arena, sizeof(*a.c.rows) * STAFF_MAX);
	enum mc_err err = svc_read(ctx, read_rows, &a);
	if (err)
		return err;
	qsort(a.c.rows, a.c.n, sizeof(*a.c.rows), by_username);
	for (size_t i = 0; i < a.c.n; i++)
		fn(&a.c.rows[i], arg);
	return MC_OK;
}
