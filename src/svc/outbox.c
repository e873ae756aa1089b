/* The outbox (outbox.h): messages enqueued in the transaction of a change, and the delivery
 * thread. The thread holds a pooled connection only while it reads or writes the outbox, never
 * while it waits for a receiver. */
#include "base/base.h"

#include <pthread.h>
#include <sodium.h>
#include <time.h>

#include "base/civil.h"
#include "base/log.h"
#include "base/random.h"
#include "domain/dossier.h"
#include "domain/dossier_state.h"
#include "domain/webhook.h"
#include "store/db.h"
#include "store/outbox_store.h"
#include "store/portal_store.h"
#include "svc/outbox.h"
#include "svc/portal.h"
#include "svc/webclient.h"
#include "svc/webhook_net.h"
#include "svc/webhook_sig.h"

struct outbox {
	struct svc_state *state;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	bool stop, woken;
};

void outbox_wake(struct svc_state *s)
{
	struct outbox *o = s ? s->outbox : NULL;
	if (!o)
		return;
	pthread_mutex_lock(&o->lock);
	o->woken = true;
	pthread_cond_signal(&o->wake);
	pthread_mutex_unlock(&o->lock);
}

static void wake_at_end(void *arg, int n)
{
	(void)n;
	outbox_wake(arg);
}

void outbox_wake_after(struct svc_ctx *ctx)
{
	if (ctx->state)
		db_on_tx_end(ctx->db, wake_at_end, ctx->state);
}

static char *quoted_or_null(struct arena *a, const char *s)
{
	return s ? arena_printf(a, "\"%s\"", s) : arena_strdup(a, "null");
}

/* Completes e: its random uid (in uid), times, and the payload's closing "at". */
static void finish_event(struct svc_ctx *ctx, struct outbox_event *e, char uid[33])
{
	unsigned char raw[16];
	char at[32];
	mc_random(raw, sizeof(raw));
	sodium_bin2hex(uid, 33, raw, sizeof(raw));
	civil_format_time(ctx->now, at);
	e->uid = uid;
	e->created_at = ctx->now;
	e->now_ms = wall_ms();
	e->payload = arena_printf(ctx->arena, "{%s\"at\":\"%s\"}", e->payload, at);
}

/* Enqueues e and arranges the worker's wake-up at the end of the transaction. */
static enum mc_err enqueue(struct svc_ctx *ctx, struct outbox_event *e, int64_t sub)
{
	char uid[33];
	int64_t n = 1;
	finish_event(ctx, e, uid);
	enum mc_err err = sub ? ostore_enqueue_to(ctx->db, e, sub) : ostore_enqueue(ctx->db, e, &n);
	if (!err && n > 0)
		outbox_wake_after(ctx);
	return err;
}

enum mc_err outbox_dossier_event(struct svc_ctx *ctx, struct dossier *d, const char *action,
				 const char *unit, const char *from, const char *to)
{
	char uid[33];
	int64_t n = 0;
	const char *event = webhook_event_of(action, from, to);
	if (!event)
		return MC_OK;
	struct arena *a = ctx->arena;
	struct outbox_event e = {
		.event = event,
		.stream = d->code,
		.dossier_code = d->code,
		.unit1 = d->receiving_unit,
		.unit2 = d->resolver_unit,
	};
	/* Codes, statuses, actions and unit codes are plain ASCII without quotes (their formats are
	 * checked where they are made), so they go into the JSON text as they are. */
	e.payload = arena_printf(a,
				 "\"code\":\"%s\",\"status\":%s,\"previous_status\":%s,"
				 "\"action\":\"%s\",\"unit\":%s,\"receiving_unit\":\"%s\","
				 "\"resolver_unit\":\"%s\",",
				 d->code, quoted_or_null(a, to), quoted_or_null(a, from), action,
				 quoted_or_null(a, unit), d->receiving_unit, d->resolver_unit);
	finish_event(ctx, &e, uid);
	enum mc_err err = ostore_enqueue(ctx->db, &e, &n);
	bool portal = false; /* and the national portal's, a destination of its own (svc/portal.h) */
	if (!err)
		err = portal_enqueue(ctx, d, &e, &portal);
	if (!err && (n > 0 || portal))
		outbox_wake_after(ctx);
	return err;
}

enum mc_err outbox_handover_event(struct svc_ctx *ctx, const char *event, int64_t handover,
				  const char *unit, const char *data_json)
{
	struct arena *a = ctx->arena;
	struct outbox_event e = {
		.event = event,
		.stream = arena_printf(a, "handover:%lld", (long long)handover),
		.unit1 = unit,
		.unit2 = unit,
	};
	e.payload = arena_printf(a, "\"handover\":%lld,\"unit\":%s,%s%s", (long long)handover,
				 quoted_or_null(a, unit), data_json, *data_json ? "," : "");
	return enqueue(ctx, &e, 0);
}

enum mc_err outbox_portal_backfill(struct svc_ctx *ctx, int64_t sub, const char *code,
				   const char *status, const char *receiving_unit,
				   const char *resolver_unit)
{
	struct outbox_event e = {
		.event = "dossier.created",
		.stream = code,
		.dossier_code = code,
		.unit1 = receiving_unit,
		.unit2 = resolver_unit,
	};
	e.payload = arena_printf(ctx->arena,
				 "\"code\":\"%s\",\"status\":\"%s\",\"previous_status\":null,"
				 "\"action\":\"backfill\",\"unit\":null,\"receiving_unit\":\"%s\","
				 "\"resolver_unit\":\"%s\",",
				 code, status, receiving_unit, resolver_unit);
	struct dossier_sync sync;
	enum mc_err err = enqueue(ctx, &e, sub);
	if (!err)
		err = psync_enqueued(ctx->db, ctx->arena, code, ctx->real_now, &sync);
	return err;
}

enum mc_err outbox_ping(struct svc_ctx *ctx, int64_t sub)
{
	struct outbox_event e = {
		.event = "ping",
		.stream = "ping",
		.payload = arena_printf(ctx->arena, "\"subscription\":%lld,", (long long)sub),
	};
	return enqueue(ctx, &e, sub);
}

/* --- The delivery thread -------------------------------------------------------------------- */

struct round {
	struct arena arena;
	struct outbox_msg msgs[OUTBOX_BATCH];
	size_t n;
	int64_t now_ms;
	bool due;
};

static enum mc_err due_tx(struct svc_ctx *ctx, void *arg)
{
	struct round *r = arg;
	int64_t next;
	enum mc_err err = ostore_next_due(ctx->db, r->now_ms, &next);
	r->due = !err && next <= r->now_ms;
	return err;
}

static enum mc_err claim_tx(struct svc_ctx *ctx, void *arg)
{
	struct round *r = arg;
	return ostore_claim(ctx->db, &r->arena, r->now_ms, ctx->state->cfg.webhook_lease_ms,
			    OUTBOX_BATCH, r->msgs, &r->n);
}

/* One message's outcome; a round's are written in one transaction (outcomes_tx). */
struct outcome {
	const struct outbox_msg *m;
	bool ok;
	const char *error;
	const struct svc_config *cfg;
	const char *receipt; /* a portal message's acknowledgement (svc/portal.h); NULL: none */
};

static bool is_portal(const struct outbox_msg *m)
{
	return m->kind && strcmp(m->kind, "portal") == 0;
}

static enum mc_err outcome_tx(struct svc_ctx *ctx, void *arg)
{
	struct outcome *o = arg;
	enum mc_err err;
	if (o->ok) {
		err = ostore_delivered(ctx->db, o->m->id, ctx->real_now);
	} else {
		int64_t attempts = o->m->attempts + 1;
		bool dead = attempts >= o->cfg->webhook_attempts;
		double jitter = (double)randombytes_uniform(1000000) / 1e6;
		int64_t delay = webhook_backoff_ms(attempts, o->cfg->webhook_retry_base_ms,
						   o->cfg->webhook_retry_cap_ms, jitter);
		err = ostore_failed(ctx->db, o->m->id, dead, wall_ms() + delay, o->error);
	}
	if (!err && is_portal(o->m)) /* the dossier's sync state follows, in the same transaction */
		err = portal_record(ctx, o->m->stream, o->m->subscription_id, o->receipt);
	return err;
}

/* The outcomes of a round, recorded together. */
struct outcomes {
	struct outcome *v;
	size_t n;
};

static enum mc_err outcomes_tx(struct svc_ctx *ctx, void *arg)
{
	struct outcomes *all = arg;
	enum mc_err err = MC_OK;
	for (size_t i = 0; !err && i < all->n; i++)
		err = outcome_tx(ctx, &all->v[i]);
	return err;
}

/* Sends one message; *error says why it failed (NULL: delivered). */
static void send_one(struct svc_state *s, struct arena *a, const struct outbox_msg *m,
		     const char **error)
{
	struct webhook_target t;
	struct webc_answer ans;
	unsigned char key[WEBHOOK_KEY_MAX];
	size_t klen;
	char ts_text[32], sig[WEBHOOK_SIG_MAX];
	civil_format_time(m->created_at, ts_text);
	const char *body = arena_printf(a, "{\"id\":\"%s\",\"type\":\"%s\",\"timestamp\":\"%s\","
					   "\"data\":%s}",
					m->delivery_id, m->event, ts_text, m->payload);
	*error = NULL;
	if (webhook_target_check(a, s->webhook_allow, m->url, &t, error) != MC_OK)
		return;
	if (!webhook_secret_parse(m->secret, key, &klen)) {
		*error = "the subscription's secret is unreadable";
		return;
	}
	int64_t now = wall_ms() / 1000;
	webhook_sign(key, klen, m->delivery_id, now, body, strlen(body), sig);
	sodium_memzero(key, sizeof(key));
	const char *headers[] = {
		arena_printf(a, "webhook-id: %s", m->delivery_id),
		arena_printf(a, "webhook-timestamp: %lld", (long long)now),
		arena_printf(a, "webhook-signature: %s", sig),
	};
	struct webc_post p = {m->url, t.resolve, headers, MC_ARRAY_LEN(headers), body, strlen(body)};
	const char *why = NULL;
	enum mc_err err = webc_post_json(a, &p, OUTBOX_ANSWER_MAX, &ans, &why);
	if (err == MC_ETOOBIG)
		err = MC_OK; /* a long answer is the receiver's business: its status counts */
	if (err)
		*error = why ? why : mc_err_name(err);
	else if (ans.status < 200 || ans.status > 299)
		*error = arena_printf(a, "the receiver answered HTTP %ld", ans.status);
}

/* One round: claims due messages, sends them, records each outcome. True when it may be worth
 * looking again at once. */
static bool deliver_round(struct svc_state *s)
{
	struct svc_ctx ctx;
	struct round *r = xcalloc(1, sizeof(*r));
	arena_init(&r->arena);
	r->now_ms = wall_ms();
	svc_ctx_open(&ctx, s, svc_now(s), &r->arena, NULL);
	enum mc_err err = svc_read(&ctx, due_tx, r);
	if (!err && r->due)
		err = svc_write(&ctx, claim_tx, r);
	svc_ctx_close(&ctx);
	if (err)
		log_error("webhooks: cannot claim messages: %s", mc_err_name(err));
	struct outcomes all = {xcalloc(r->n ? r->n : 1, sizeof(struct outcome)), 0};
	for (size_t i = 0; !err && i < r->n; i++) {
		if (wall_ms() - r->now_ms > s->cfg.webhook_lease_ms / 2)
			break; /* the rest waits for its lease to end, then any instance claims it */
		struct outcome *o = &all.v[all.n++];
		*o = (struct outcome){&r->msgs[i], false, NULL, &s->cfg, NULL};
		if (is_portal(o->m))
			portal_send(s, &r->arena, o->m, &o->error, &o->receipt);
		else
			send_one(s, &r->arena, o->m, &o->error);
		o->ok = o->error == NULL;
		if (!o->ok)
			log_warn("webhooks: delivery \"%s\" to subscription %lld failed: %s",
				 o->m->delivery_id, (long long)o->m->subscription_id, o->error);
	}
	if (all.n > 0) {
		/* One write transaction for the round's outcomes (one commit, not one per message). */
		svc_ctx_open(&ctx, s, svc_now(s), &r->arena, NULL);
		enum mc_err e2 = svc_write(&ctx, outcomes_tx, &all);
		svc_ctx_close(&ctx);
		if (e2) /* the leases run out and another round sends them again: at least once */
			log_error("webhooks: cannot record %zu deliveries: %s", all.n,
				  mc_err_name(e2));
	}
	free(all.v);
	bool again = !err && r->n > 0;
	arena_release(&r->arena);
	free(r);
	return again;
}

static void *outbox_main(void *arg)
{
	thread_name("mc-outbox");
	struct outbox *o = arg;
	bool again = true;
	for (;;) {
		struct timespec at;
		pthread_mutex_lock(&o->lock);
		clock_gettime(CLOCK_MONOTONIC, &at);
		at.tv_nsec += OUTBOX_POLL_MS * 1000000L;
		at.tv_sec += at.tv_nsec / 1000000000L;
		at.tv_nsec %= 1000000000L;
		while (!again && !o->stop && !o->woken &&
		       pthread_cond_timedwait(&o->wake, &o->lock, &at) == 0)
			;
		o->woken = false;
		bool stop = o->stop;
		pthread_mutex_unlock(&o->lock);
		if (stop)
			return NULL;
		again = deliver_round(o->state);
	}
}

enum mc_err outbox_start(struct svc_state *s)
{
	struct outbox *o = xcalloc(1, sizeof(*o));
	pthread_condattr_t attr;
	o->state = s;
	pthread_mutex_init(&o->lock, NULL);
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&o->wake, &attr);
	pthread_condattr_destroy(&attr);
	s->outbox = o;
	if (pthread_create(&o->thread, NULL, outbox_main, o) != 0) {
		log_error("cannot start the webhooks' delivery thread");
		s->outbox = NULL;
		pthread_mutex_destroy(&o->lock);
		pthread_cond_destroy(&o->wake);
		free(o);
		return MC_EINTERNAL;
	}
	return MC_OK;
}

void outbox_stop(struct svc_state *s)
{
	struct outbox *o = s->outbox;
	if (!o)
		return;
	pthread_mutex_lock(&o->lock);
	o->stop = true;
	pthread_cond_signal(&o->wake);
	pthread_mutex_unlock(&o->lock);
	pthread_join(o->thread, NULL);
	s->outbox = NULL;
	pthread_mutex_destroy(&o->lock);
	pthread_cond_destroy(&o->wake);
	free(o);
}
