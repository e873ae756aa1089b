/* Backfilling the national portal (portal_backfill.h). */
#include "base/base.h"

#include "store/portal_store.h"
#include "svc/audit.h"
#include "svc/outbox.h"
#include "svc/perm.h"
#include "svc/portal_backfill.h"

struct backfill_args {
	int64_t after;
	size_t limit;
	struct portal_backfill *out;
};

static enum mc_err backfill_tx(struct svc_ctx *ctx, void *arg)
{
	struct backfill_args *b = arg;
	struct psync_unsent *rows = arena_alloc(ctx->arena, b->limit * sizeof(*rows));
	size_t n = 0;
	bool more = false;
	enum mc_err err = psync_unsent(ctx->db, ctx->arena, b->after, b->limit, rows, &n, &more);
	for (size_t i = 0; !err && i < n; i++)
		err = outbox_portal_backfill(ctx, ctx->state->portal_sub, rows[i].code,
					     rows[i].status, rows[i].receiving_unit,
					     rows[i].resolver_unit);
	if (err)
		return err;
	b->out->queued = (int64_t)n;
	b->out->next = n ? rows[n - 1].id : b->after;
	b->out->more = more;
	return audit_append(ctx, NULL, "portal_backfill", "portal",
			    arena_printf(ctx->arena, "{\"queued\":%zu,\"after\":%lld}", n,
					 (long long)b->after));
}

enum mc_err portal_backfill(struct svc_ctx *ctx, int64_t after, size_t limit,
			    struct portal_backfill *out)
{
	memset(out, 0, sizeof(*out));
	enum mc_err err = perm_admin(ctx);
	if (err)
		return err;
	if (!ctx->state || !ctx->state->portal_sub) {
		problem_detail(ctx->problem, "no national portal is configured (--portal-url)",
			       "chưa cấu hình cổng dịch vụ công quốc gia (--portal-url)");
		return MC_ECONFLICT;
	}
	if (limit == 0 || limit > PORTAL_BACKFILL_MAX || after < 0)
		return MC_EINVAL;
	struct backfill_args b = {after, limit, out};
	return svc_write(ctx, backfill_tx, &b);
}
