/* The national portal sync over HTTP (docs/portal.md): how many of the dossiers the caller sees
 * are pending, acknowledged and failed. The messages themselves are the outbox's
 * (GET /api/v1/outbox, POST /api/v1/outbox/{id}/replay in api_webhooks.c). */
#include "base/base.h"

#include "http/http.h"
#include "svc/portal.h"
#include "svc/portal_backfill.h"

static void get_portal_summary(struct req *r)
{
	struct portal_summary s;
	enum mc_err err = portal_summary(&r->ctx, &s);
	if (err) {
		resp_err(r, err);
		return;
	}
	resp_json(r, 200, json_pack("{s:b, s:I, s:I, s:I}", "configured", s.configured, "pending",
				    (json_int_t)s.pending, "acknowledged",
				    (json_int_t)s.acknowledged, "failed", (json_int_t)s.failed));
}

/* An optional non-negative integer member of body at most max; adds an error naming it. */
static int64_t int_member(struct req *r, json_t *body, const char *key, int64_t dflt,
			  int64_t min, int64_t max)
{
	json_t *v = json_object_get(body, key);
	if (!v)
		return dflt;
	if (!json_is_integer(v) || json_integer_value(v) < min || json_integer_value(v) > max) {
		problem_add(&r->problem, key,
			    arena_printf(r->ctx.arena, "must be an integer from %lld to %lld",
					 (long long)min, (long long)max),
			    arena_printf(r->ctx.arena, "phải là số nguyên từ %lld đến %lld",
					 (long long)min, (long long)max));
		return dflt;
	}
	return json_integer_value(v);
}

/* POST /api/v1/portal/backfill {"after": 0, "limit": 500}: queues the creation of up to limit
 * dossiers the portal never heard of (docs/portal.md "Backfill"). */
static void post_portal_backfill(struct req *r)
{
	static const char *const fields[] = {"after", "limit", NULL};
	json_t *body;
	if (json_body_or_reply(r, &body))
		return;
	jin_only(r, body, "", fields);
	int64_t after = int_member(r, body, "after", 0, 0, INT64_MAX);
	int64_t limit = int_member(r, body, "limit", 500, 1, PORTAL_BACKFILL_MAX);
	json_decref(body);
	if (problems_or_reply(r))
		return;
	struct portal_backfill b;
	enum mc_err err = portal_backfill(&r->ctx, after, (size_t)limit, &b);
	if (err) {
		resp_err(r, err);
		return;
	}
	resp_json(r, 200, json_pack("{s:I, s:I, s:b}", "queued", (json_int_t)b.queued, "next",
				    (json_int_t)b.next, "more", b.more));
}

const struct route api_portal_routes[] = {
	{"POST", "/api/v1/portal/backfill", post_portal_backfill, R_AUTH | R_ADMIN},
	{"GET", "/api/v1/portal/summary", get_portal_summary, R_AUTH},
	{NULL, NULL, NULL, 0},
};
