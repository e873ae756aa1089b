/* Administrators' webhooks (webhooks.h): validation, the allow-list check at creation, and each
 * change in a write transaction with its audit event. Delivery is svc/outbox.c's. */
#include "base/base.h"

#include <sodium.h>

#include "domain/unit.h"
#include "domain/webhook.h"
#include "store/db.h"
#include "store/unit_store.h"
#include "svc/audit.h"
#include "svc/outbox.h"
#include "svc/portal.h"
#include "svc/perm.h"
#include "svc/webhook_net.h"
#include "svc/webhook_sig.h"
#include "svc/webhooks.h"

static void check_events(struct svc_ctx *ctx, const struct webhook_new *in, char *text)
{
	size_t len = 0;
	if (in->nevents == 0 || in->nevents > WEBHOOK_EVENTS_MAX) {
		problem_add(ctx->problem, "events", "must list 1 to 16 event names",
			    "phải có từ 1 đến 16 tên sự kiện");
		return;
	}
	text[len++] = '[';
	for (size_t i = 0; i < in->nevents; i++) {
		const char *name = in->events[i];
		bool dup = false;
		for (size_t j = 0; j < i; j++)
			dup = dup || strcmp(in->events[j], name) == 0;
		if (!webhook_event_known(name) || dup) {
			problem_add(ctx->problem, arena_printf(ctx->arena, "events[%zu]", i),
				    dup ? "is listed twice" : "is not a known event name",
				    dup ? "bị lặp lại" : "không phải tên sự kiện hợp lệ");
			continue;
		}
		len += (size_t)snprintf(text + len, WEBHOOK_EVENTS_TEXT - len, "%s\"%s\"",
					len > 1 ? "," : "", name);
	}
	snprintf(text + len, WEBHOOK_EVENTS_TEXT - len, "]");
}

static void check_fields(struct svc_ctx *ctx, const struct webhook_new *in, char *events)
{
	unsigned char key[WEBHOOK_KEY_MAX];
	size_t klen;
	struct webhook_target t;
	const char *why = NULL;
	if (!in->url || strlen(in->url) > WEBHOOK_URL_MAX)
		problem_add(ctx->problem, "url", "is required, at most 2048 bytes",
			    "bắt buộc, tối đa 2048 byte");
	else if (webhook_target_check(ctx->arena, ctx->state->webhook_allow, in->url, &t, &why))
		problem_add(ctx->problem, "url",
			    arena_printf(ctx->arena, "is not an allowed webhook address: %s", why),
			    "địa chỉ không nằm trong danh sách được phép gửi webhook");
	check_events(ctx, in, events);
	if (in->secret && !webhook_secret_parse(in->secret, key, &klen))
		problem_add(ctx->problem, "secret",
			    "must be whsec_ followed by the base64 of 24 to 64 bytes",
			    "phải có dạng whsec_ và chuỗi base64 của 24 đến 64 byte");
	sodium_memzero(key, sizeof(key));
}

struct create_args {
	struct subscription *s;
};

static enum mc_err create_tx(struct svc_ctx *ctx, void *arg)
{
	struct create_args *a = arg;
	struct unit u;
	int64_t n = 0;
	enum mc_err err = MC_OK;
	if (a->s->unit && unitstore_get(ctx->db, a->s->unit, ctx->now, &u) == MC_ENOTFOUND) {
		problem_add(ctx->problem, "unit", "is not a known unit", "không phải đơn vị hợp lệ");
		return MC_EINVAL;
	}
	err = ostore_sub_count(ctx->db, &n);
	if (!err && n >= WEBHOOK_SUBS_MAX) {
		problem_detail(ctx->problem, "there are already 100 subscriptions",
			       "đã có 100 đăng ký webhook");
		return MC_ECONFLICT;
	}
	if (!err)
		err = ostore_sub_insert(ctx->db, a->s);
	if (!err)
		err = audit_append(ctx, a->s->unit, "create_subscription",
				   arena_printf(ctx->arena, "subscription:%lld", (long long)a->s->id),
				   "{}");
	return err;
}

enum mc_err webhooks_create(struct svc_ctx *ctx, const struct webhook_new *in,
			    struct subscription *out)
{
	char *events = arena_alloc(ctx->arena, WEBHOOK_EVENTS_TEXT);
	enum mc_err err = perm_admin(ctx);
	if (err)
		return err;
	check_fields(ctx, in, events);
	if (ctx->problem->n)
		return MC_EINVAL;
	memset(out, 0, sizeof(*out));
	out->url = in->url;
	out->events = events;
	out->unit = in->unit;
	if (in->secret) {
		out->secret = in->secret;
	} else {
		char *secret = arena_alloc(ctx->arena, WEBHOOK_SECRET_MAX);
		webhook_secret_new(secret);
		out->secret = secret;
	}
	out->created_at = ctx->now;
	out->created_by = ctx->user->username;
	struct create_args a = {out};
	return svc_write(ctx, create_tx, &a);
}

struct list_args {
	int64_t after;
	size_t limit;
	const char *state;
	void (*sub_fn)(const struct subscription *s, void *arg);
	void (*msg_fn)(const struct outbox_msg *m, void *arg);
	void *arg;
	bool *more;
};

static enum mc_err list_tx(struct svc_ctx *ctx, void *arg)
{
	struct list_args *a = arg;
	if (a->sub_fn)
		return ostore_sub_list(ctx->db, ctx->arena, a->after, a->limit, a->sub_fn, a->arg,
				       a->more);
	return ostore_list(ctx->db, ctx->arena, a->state, a->after, a->limit, a->msg_fn, a->arg,
			   a->more);
}

enum mc_err webhooks_list(struct svc_ctx *ctx, int64_t after, size_t limit,
			  void (*fn)(const struct subscription *s, void *arg), void *arg,
			  bool *more)
{
	struct list_args a = {after, limit, NULL, fn, NULL, arg, more};
	enum mc_err err = perm_admin(ctx);
	return err ? err : svc_read(ctx, list_tx, &a);
}

enum mc_err webhooks_messages(struct svc_ctx *ctx, const char *state, int64_t after, size_t limit,
			      void (*fn)(const struct outbox_msg *m, void *arg), void *arg,
			      bool *more)
{
	struct list_args a = {after, limit, state, NULL, fn, arg, more};
	enum mc_err err = perm_admin(ctx);
	return err ? err : svc_read(ctx, list_tx, &a);
}

/* One subscription's change: what it does, and the subscription read back after it. */
struct change_args {
	int64_t id;
	enum { CH_GET, CH_PAUSE, CH_RESUME, CH_DELETE, CH_PING, CH_REPLAY } kind;
	struct subscription *out;
};

static enum mc_err change_tx(struct svc_ctx *ctx, void *arg)
{
	static const char *const actions[] = {NULL, "pause_subscription", "resume_subscription",
					      "delete_subscription", "ping_subscription",
					      "replay_message"};
	struct change_args *a = arg;
	const char *entity = "subscription";
	enum mc_err err = MC_OK;
	switch (a->kind) {
	case CH_GET:
		return ostore_sub_get(ctx->db, ctx->arena, a->id, a->out);
	case CH_PAUSE:
	case CH_RESUME:
		err = ostore_sub_set_paused(ctx->db, a->id, a->kind == CH_PAUSE);
		if (!err)
			err = ostore_sub_get(ctx->db, ctx->arena, a->id, a->out);
		break;
	case CH_DELETE:
		err = ostore_sub_delete(ctx->db, a->id);
		break;
	case CH_PING:
		err = ostore_sub_get(ctx->db, ctx->arena, a->id, a->out);
		if (!err)
			err = outbox_ping(ctx, a->id);
		break;
	case CH_REPLAY:
		entity = "message";
		err = ostore_replay(ctx->db, a->id, (int64_t)ctx->real_now * 1000);
		if (!err) /* a portal message: its dossier is pending again (svc/portal.h) */
			err = portal_after_replay(ctx, a->id);
		if (err == MC_ECONFLICT)
			problem_detail(ctx->problem, "only a dead message can be replayed",
				       "chỉ thư đã hết lượt gửi mới được gửi lại");
		break;
	}
	if (!err && (a->kind == CH_RESUME || a->kind == CH_REPLAY))
		outbox_wake_after(ctx);
	if (!err)
		err = audit_append(ctx, NULL, actions[a->kind],
				   arena_printf(ctx->arena, "%s:%lld", entity, (long long)a->id), "{}");
	return err;
}

static enum mc_err change(struct svc_ctx *ctx, int64_t id, int kind, struct subscription *out)
{
	struct subscription ignored;
	struct change_args a = {id, kind, out ? out : &ignored};
	enum mc_err err = perm_admin(ctx);
	if (err)
		return err;
	return kind == CH_GET ? svc_read(ctx, change_tx, &a) : svc_write(ctx, change_tx, &a);
}

enum mc_err webhooks_get(struct svc_ctx *ctx, int64_t id, struct subscription *out)
{
	return change(ctx, id, CH_GET, out);
}

enum mc_err webhooks_pause(struct svc_ctx *ctx, int64_t id, bool paused,
			   struct subscription *out)
{
	return change(ctx, id, paused ? CH_PAUSE : CH_RESUME, out);
}

enum mc_err webhooks_delete(struct svc_ctx *ctx, int64_t id)
{
	return change(ctx, id, CH_DELETE, NULL);
}

enum mc_err webhooks_ping(struct svc_ctx *ctx, int64_t id)
{
	return change(ctx, id, CH_PING, NULL);
}

enum mc_err webhooks_replay(struct svc_ctx *ctx, int64_t id)
{
	return change(ctx, id, CH_REPLAY, NULL);
}
