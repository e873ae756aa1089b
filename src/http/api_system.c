/* System routes: health, Prometheus metrics, the audit log for administrators and the OpenAPI
 * description. */
#include "base/base.h"

#include "base/civil.h"
#include "base/embed.h"
#include "http/http.h"
#include "http/metrics.h"
#include "svc/audit.h"
#include "svc/health.h"
#include "svc/signing.h"

/* "ok" (200) or "degraded" (503, so that a load balancer looks elsewhere) with the reasons. */
static void get_health(struct req *r)
{
	struct health_report h;
	health_check(&r->ctx, &h);
	json_t *reasons = json_array();
	for (size_t i = 0; i < h.nreasons; i++)
		json_array_append_new(reasons, json_string(h.reasons[i]));
	char now[32];
	civil_format_time(r->ctx.now, now); /* the domain's clock (a test clock too) */
	json_t *body = json_pack("{s:s, s:o, s:s, s:s, s:s}", "status",
				 h.nreasons ? "degraded" : "ok", "reasons", reasons, "version",
				 server_version(r->srv), "database", h.database, "now", now);
	if (h.disk_known)
		json_object_set_new(body, "disk_free_bytes", json_integer((json_int_t)h.disk_free));
	resp_json(r, h.nreasons ? 503 : 200, body);
}

/* GET /metrics: to the addresses of --metrics-allow, or with the metrics token. */
static void get_metrics(struct req *r)
{
	struct buf b;
	if (!server_metrics_allowed(r)) {
		resp_problem(r, 403,
			     "metrics are served to the configured addresses or with the metrics token",
			     "chỉ các địa chỉ được cấu hình hoặc có mã truy cập mới xem được số liệu");
		return;
	}
	buf_init(&b, 4 * 1024 * 1024);
	struct cert_stats cs;
	if (metrics_render(server_metrics(r->srv), &b) != MC_OK ||
	    server_metrics_render(r->srv, &b) != MC_OK || signing_stats(&r->ctx, &cs) != MC_OK ||
	    buf_printf(&b,
		       "# HELP motcua_signing_certificates Deciding units by the state of their "
		       "signing certificate in force (expiring: fewer than %d days left).\n"
		       "# TYPE motcua_signing_certificates gauge\n"
		       "motcua_signing_certificates{state=\"valid\"} %d\n"
		       "motcua_signing_certificates{state=\"expiring\"} %d\n"
		       "motcua_signing_certificates{state=\"expired\"} %d\n"
		       "motcua_signing_certificates{state=\"not_yet_valid\"} %d\n"
		       "motcua_signing_certificates{state=\"none\"} %d\n",
		       SIGNING_WARN_DAYS, cs.ok, cs.expiring, cs.expired, cs.not_yet_valid,
		       cs.missing) != MC_OK) {
		buf_release(&b);
		resp_problem(r, 500, NULL, NULL);
		return;
	}
	size_t len;
	char *data = buf_take(&b, &len);
	resp_bytes(r, 200, "text/plain; version=0.0.4; charset=utf-8", data, len);
}

struct audit_page {
	json_t *items;
	int64_t last_id;
};

static int audit_item(const struct audit_row *row, void *ctx)
{
	struct audit_page *p = ctx;
	char at[32], prev[AUDIT_HASH_LEN * 2 + 1], hash[AUDIT_HASH_LEN * 2 + 1];
	civil_format_time(row->at, at);
	for (size_t i = 0; i < AUDIT_HASH_LEN; i++) {
		snprintf(prev + 2 * i, 3, "%02x", row->prev_hash[i]);
		snprintf(hash + 2 * i, 3, "%02x", row->hash[i]);
	}
	json_t *detail = json_loads(row->detail ? row->detail : "{}", 0, NULL);
	json_array_append_new(p->items,
			      json_pack("{s:I, s:s, s:s, s:s?, s:s, s:s, s:o, s:s, s:s}", "id",
					(json_int_t)row->id, "at", at, "actor", row->actor, "unit",
					row->unit, "action", row->action, "entity", row->entity,
					"detail", detail ? detail : json_object(), "prev_hash", prev,
					"hash", hash));
	p->last_id = row->id;
	return 0;
}

static void get_audit(struct req *r)
{
	size_t limit;
	const char *cursor;
	if (page_or_reply(r, &limit, &cursor))
		return;
	int64_t after = 0;
	if (cursor) {
		char *end = NULL;
		long long v = strtoll(cursor, &end, 10);
		if (*end || v < 0) {
			problem_add(&r->problem, "cursor", "is not a cursor this API gave",
				    "con trỏ phân trang không hợp lệ");
			problems_or_reply(r);
			return;
		}
		after = v;
	}
	const char *entity = qarg_text(r, "entity", 200);
	if (problems_or_reply(r))
		return;
	struct audit_page p = {json_array(), 0};
	enum mc_err err = audit_list(&r->ctx, entity, after, limit + 1, audit_item, &p);
	if (err) {
		json_decref(p.items);
		resp_err(r, err);
		return;
	}
	json_t *next = json_null();
	if (json_array_size(p.items) > limit) {
		json_array_remove(p.items, limit);
		json_t *last = json_array_get(p.items, limit - 1);
		char *v = arena_printf(&r->arena, "%lld",
				       (long long)json_integer_value(json_object_get(last, "id")));
		next = json_string(page_cursor(r, v));
	}
	resp_json(r, 200, json_pack("{s:o, s:o}", "items", p.items, "next_cursor", next));
}

static void get_openapi(struct req *r)
{
	const struct embed_file *f = embed_find("docs/openapi.json");
	if (!f) {
		resp_problem(r, 404, NULL, NULL);
		return;
	}
	resp_bytes(r, 200, "application/json; charset=utf-8", xstrndup((const char *)f->data, f->size),
		   f->size);
}

const struct route api_system_routes[] = {
	{"GET", "/api/v1/health", get_health, 0},
	{"GET", "/metrics", get_metrics, 0},
	{"GET", "/api/v1/audit", get_audit, R_AUTH | R_ADMIN},
	{"GET", "/api/v1/openapi.json", get_openapi, 0},
	{NULL, NULL, NULL, 0},
};
