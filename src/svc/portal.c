/* The national portal sync (portal.h): configuration, the portal's message and acknowledgement,
 * and each dossier's sync state. Delivery itself is the outbox's (svc/outbox.c). */
#include "base/base.h"

#include <jansson.h>
#include <strings.h>

#include "base/civil.h"
#include "base/log.h"
#include "domain/dossier.h"
#include "domain/portal.h"
#include "domain/webhook.h"
#include "store/outbox_store.h"
#include "store/portal_store.h"
#include "svc/dossiers.h"
#include "svc/perm.h"
#include "svc/portal.h"
#include "svc/webclient.h"
#include "svc/webhook_net.h"

#define PORTAL_TOKEN_MAX 4096
#define PORTAL_ANSWER_MAX 4096 /* bytes of the portal's answer read */

/* A bearer token goes into a header line: visible ASCII only (no space, no line break). */
static bool token_ok(const char *t)
{
	size_t n = strlen(t);
	if (n > PORTAL_TOKEN_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
		if (t[i] <= 0x20 || t[i] > 0x7e)
			return false;
	return true;
}

const char *portal_config_problem(const struct svc_config *c)
{
	const char *url = c->portal_url;
	if (!url || !*url)
		return c->portal_agency && *c->portal_agency ? "--portal-agency needs --portal-url"
							     : NULL;
	if (strlen(url) > WEBHOOK_URL_MAX)
		return "--portal-url is longer than 2048 bytes";
	bool https = strncasecmp(url, "https://", 8) == 0;
	if (!https && strncasecmp(url, "http://", 7) != 0)
		return "--portal-url must be an http:// or https:// URL";
	const char *host = url + (https ? 8 : 7);
	size_t hlen = strcspn(host, "/?#");
	if (hlen == 0 || memchr(host, '@', hlen))
		return "--portal-url needs a host and no user or password";
	if (!portal_agency_ok(c->portal_agency))
		return "--portal-url needs --portal-agency: 1 to 64 of A-Z a-z 0-9 . _ -";
	if (c->portal_token && *c->portal_token && !token_ok(c->portal_token))
		return "MOTCUA_PORTAL_TOKEN must be visible ASCII without spaces, at most 4096 bytes";
	return NULL;
}

static bool configured(const struct svc_config *c)
{
	return c->portal_url && *c->portal_url;
}

static enum mc_err setup_tx(struct svc_ctx *ctx, void *arg)
{
	int64_t *id = arg;
	const struct svc_config *c = &ctx->state->cfg;
	return configured(c) ? psync_portal_enable(ctx->db, c->portal_url, ctx->real_now, id)
			     : psync_portal_pause(ctx->db);
}

enum mc_err portal_setup(struct svc_state *s)
{
	struct svc_ctx ctx;
	struct arena a;
	int64_t id = 0;
	arena_init(&a);
	svc_ctx_open(&ctx, s, svc_now(s), &a, NULL);
	enum mc_err err = svc_write(&ctx, setup_tx, &id);
	svc_ctx_close(&ctx);
	arena_release(&a);
	if (err) {
		log_error("portal: cannot set up its destination: %s", mc_err_name(err));
		return err;
	}
	s->portal_sub = configured(&s->cfg) ? id : 0;
	if (s->portal_sub)
		log_info("portal: dossiers are mirrored to %s as agency %s", s->cfg.portal_url,
			 s->cfg.portal_agency);
	return MC_OK;
}

enum mc_err portal_enqueue(struct svc_ctx *ctx, struct dossier *d, struct outbox_event *e,
			   bool *queued)
{
	int64_t sub = ctx->state ? ctx->state->portal_sub : 0;
	*queued = false;
	if (!sub || !portal_event_sent(e->event))
		return MC_OK;
	enum mc_err err = ostore_enqueue_to(ctx->db, e, sub);
	if (!err)
		err = psync_enqueued(ctx->db, ctx->arena, d->code, ctx->real_now, &d->sync);
	*queued = !err;
	return err;
}

/* The member of data named key, or JSON null. */
static json_t *member(json_t *data, const char *key)
{
	json_t *v = json_object_get(data, key);
	return v ? json_incref(v) : json_null();
}

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

/* The body of message m (docs/portal.md "The message"), or NULL when its data is unreadable. */
static char *portal_body(struct svc_state *s, const struct outbox_msg *m)
{
	char ts[32];
	json_t *data = json_loads(m->payload, 0, NULL);
	if (!json_is_object(data)) {
		json_decref(data);
		return NULL;
	}
	const char *to = json_string_value(json_object_get(data, "status"));
	const char *from = json_string_value(json_object_get(data, "previous_status"));
	json_t *dossier = json_object();
	json_object_set_new(dossier, "code", member(data, "code"));
	json_object_set_new(dossier, "status", str_or_null(portal_status_of(to)));
	json_object_set_new(dossier, "previous_status", str_or_null(portal_status_of(from)));
	json_object_set_new(dossier, "local_status", member(data, "status"));
	json_object_set_new(dossier, "local_previous_status", member(data, "previous_status"));
	json_object_set_new(dossier, "action", member(data, "action"));
	json_object_set_new(dossier, "receiving_unit", member(data, "receiving_unit"));
	json_object_set_new(dossier, "resolver_unit", member(data, "resolver_unit"));
	json_object_set_new(dossier, "at", member(data, "at"));
	json_decref(data);
	civil_format_time(m->created_at, ts);
	json_t *body = json_object();
	json_object_set_new(body, "id", json_string(m->delivery_id));
	json_object_set_new(body, "agency", json_string(s->cfg.portal_agency));
	json_object_set_new(body, "type", json_string(m->event));
	json_object_set_new(body, "timestamp", json_string(ts));
	json_object_set_new(body, "dossier", dossier);
	char *text = json_dumps(body, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(body);
	return text;
}

/* The acknowledgement (docs/portal.md): a JSON object naming this message's id and the portal's
 * receipt for it. NULL when the answer is not one. */
static const char *ack_receipt(struct arena *a, const struct webc_answer *ans, const char *id)
{
	json_t *o = json_loadb(ans->body, ans->len, 0, NULL);
	const char *got = json_string_value(json_object_get(o, "id"));
	const char *receipt = json_string_value(json_object_get(o, "receipt"));
	const char *out = NULL;
	if (json_is_object(o) && got && strcmp(got, id) == 0 && portal_receipt_ok(receipt))
		out = arena_strdup(a, receipt);
	json_decref(o);
	return out;
}

void portal_send(struct svc_state *s, struct arena *a, const struct outbox_msg *m,
		 const char **error, const char **receipt)
{
	struct webhook_target t;
	struct webc_answer ans;
	*error = NULL;
	*receipt = NULL;
	if (webhook_target_check(a, s->webhook_allow, m->url, &t, error) != MC_OK)
		return;
	char *body = portal_body(s, m);
	if (!body) {
		*error = "the message's data is unreadable";
		return;
	}
	const char *token = s->cfg.portal_token;
	const char *headers[] = {
		arena_printf(a, "Idempotency-Key: %s", m->delivery_id),
		token && *token ? arena_printf(a, "Authorization: Bearer %s", token) : NULL,
	};
	struct webc_post p = {m->url, t.resolve, headers, headers[1] ? 2 : 1, body, strlen(body)};
	const char *why = NULL;
	enum mc_err err = webc_post_json(a, &p, PORTAL_ANSWER_MAX, &ans, &why);
	free(body);
	if (err == MC_ETOOBIG)
		*error = "the portal's answer is over 4 KiB";
	else if (err)
		*error = why ? why : mc_err_name(err);
	else if (ans.status < 200 || ans.status > 299)
		*error = arena_printf(a, "the portal answered HTTP %ld", ans.status);
	else if (!(*receipt = ack_receipt(a, &ans, m->delivery_id)))
		*error = arena_printf(a, "the portal answered HTTP %ld without an acknowledgement of "
					 "this message",
				      ans.status);
}

enum mc_err portal_record(struct svc_ctx *ctx, const char *code, int64_t sub,
			  const char *receipt)
{
	return psync_refresh(ctx->db, ctx->arena, code, sub, ctx->real_now, receipt, NULL);
}

enum mc_err portal_after_replay(struct svc_ctx *ctx, int64_t id)
{
	const char *code;
	int64_t sub;
	enum mc_err err = psync_message(ctx->db, ctx->arena, id, &code, &sub);
	if (err == MC_ENOTFOUND)
		return MC_OK;
	return err ? err : portal_record(ctx, code, sub, NULL);
}

static enum mc_err summary_tx(struct svc_ctx *ctx, void *arg)
{
	struct portal_summary *out = arg;
	const char *units = NULL;
	int64_t counts[3];
	enum mc_err err = dossier_scope_units(ctx, &units);
	if (!err)
		err = psync_counts(ctx->db, units, counts);
	if (!err) {
		out->pending = counts[0];
		out->acknowledged = counts[1];
		out->failed = counts[2];
	}
	return err;
}

enum mc_err portal_summary(struct svc_ctx *ctx, struct portal_summary *out)
{
	memset(out, 0, sizeof(*out));
	if (!ctx->user)
		return MC_EAUTH;
	if (perm_has_role(ctx->user, "citizen") && ctx->user->nroles == 1)
		return MC_EFORBIDDEN;
	out->configured = ctx->state && ctx->state->portal_sub != 0;
	return svc_read(ctx, summary_tx, out);
}
