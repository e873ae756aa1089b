/* The national portal sync over HTTP (docs/portal.md): how many of the dossiers the caller sees
 * are pending, acknowledged and failed. The messages themselves are the outbox's
 * (GET /api/v1/outbox, POST /api/v1/outbox/{id}/replay in api_webhooks.c). */
#include "base/base.h"

#include "http/http.h"
#include "svc/portal.h"

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

const struct route api_portal_routes[] = {
	{"GET", "/api/v1/portal/summary", get_portal_summary, R_AUTH},
	{NULL, NULL, NULL, 0},
};
