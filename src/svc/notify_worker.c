/* The notifications' worker (notify_worker.h): claims, sends and records, holding a pooled
 * connection only while it reads or writes the table, never while it talks to a server. */
#include "base/base.h"

#include <jansson.h>
#include <pthread.h>
#include <sodium.h>
#include <time.h>

#include "base/buf.h"
#include "base/log.h"
#include "domain/webhook.h"
#include "store/db.h"
#include "store/notify_store.h"
#include "svc/forms.h"
#include "svc/mailer.h"
#include "svc/notify_worker.h"
#include "svc/webclient.h"

struct notify_worker {
	struct svc_state *state;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	bool stop, woken;
};

static void wake(void *arg, int n)
{
	(void)n;
	struct svc_state *s = arg;
	struct notify_worker *w = s->notifier;
	if (!w)
		return;
	pthread_mutex_lock(&w->lock);
	w->woken = true;
	pthread_cond_signal(&w->wake);
	pthread_mutex_unlock(&w->lock);
}

void notify_worker_wake_after(struct svc_ctx *ctx)
{
	if (ctx->state)
		db_on_tx_end(ctx->db, wake, ctx->state);
}

/* Form 04 of the dossier, drawn now: the worker reads it as the system, which sees every
 * dossier. */
static enum mc_err form04(struct svc_state *s, struct arena *a, const char *code, struct buf *pdf)
{
	struct user *sys = arena_alloc(a, sizeof(*sys));
	memset(sys, 0, sizeof(*sys));
	snprintf(sys->username, sizeof(sys->username), "notifications");
	sys->nroles = 1;
	snprintf(sys->roles[0].role, sizeof(sys->roles[0].role), "admin");
	struct svc_ctx ctx;
	struct problem problem;
	problem_init(&problem, a);
	svc_ctx_open(&ctx, s, svc_now(s), a, &problem);
	ctx.user = sys;
	enum mc_err err = forms_dossier_pdf(&ctx, code, 4, pdf);
	svc_ctx_close(&ctx);
	return err;
}

static const char *send_mail(struct svc_state *s, struct arena *a, const struct notification *n)
{
	const struct svc_config *c = &s->cfg;
	struct mailer_server server = {c->smtp_url, c->smtp_user, c->smtp_password, c->smtp_starttls};
	struct mail m = {
		.message_id = n->delivery_id,
		.from = c->smtp_from,
		.to = n->recipient,
		.subject = n->subject ? n->subject : "",
		.body = n->body,
		.date = wall_ms() / 1000,
	};
	struct buf pdf;
	buf_init(&pdf, 32u * 1024 * 1024);
	const char *why = NULL;
	if (n->attachment && !strcmp(n->attachment, "form04")) {
		enum mc_err err = form04(s, a, n->dossier_code, &pdf);
		if (err) {
			buf_release(&pdf);
			return arena_printf(a, "Form 04 cannot be drawn: %s", mc_err_name(err));
		}
		m.attachment_name = arena_printf(a, "mau-04-%s.pdf", n->dossier_code);
		m.attachment_type = "application/pdf";
		m.attachment = pdf.data;
		m.attachment_len = pdf.len;
	}
	enum mc_err err = mailer_send(a, &server, &m, &why);
	buf_release(&pdf);
	return err ? (why ? why : mc_err_name(err)) : NULL;
}

static const char *send_sms(struct svc_state *s, struct arena *a, const struct notification *n)
{
	json_t *o = json_pack("{s:s, s:s, s:s, s:s}", "id", n->delivery_id, "to", n->recipient,
			      "text", n->body, "dossier", n->dossier_code);
	char *text = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	const char *auth = s->cfg.sms_token && *s->cfg.sms_token
				   ? arena_printf(a, "Authorization: Bearer %s", s->cfg.sms_token)
				   : NULL;
	const char *headers[] = {auth};
	struct webc_post p = {s->cfg.sms_url, NULL, headers, auth ? 1 : 0, text, strlen(text)};
	struct webc_answer ans;
	const char *why = NULL;
	enum mc_err err = webc_post_json(a, &p, NOTIFY_ANSWER_MAX, &ans, &why);
	free(text);
	if (err == MC_ETOOBIG)
		err = MC_OK;
	if (err)
		return why ? why : mc_err_name(err);
	if (ans.status < 200 || ans.status > 299)
		return arena_printf(a, "the SMS gateway answered HTTP %ld", ans.status);
	return NULL;
}

struct round {
	struct arena arena;
	struct notification items[NOTIFY_BATCH];
	size_t n;
	int64_t now_ms;
	bool due;
};

static enum mc_err due_tx(struct svc_ctx *ctx, void *arg)
{
	struct round *r = arg;
	return nstore_any_due(ctx->db, r->now_ms, &r->due);
}

static enum mc_err claim_tx(struct svc_ctx *ctx, void *arg)
{
	struct round *r = arg;
	return nstore_claim(ctx->db, &r->arena, r->now_ms, ctx->state->cfg.webhook_lease_ms,
			    NOTIFY_BATCH, r->items, &r->n);
}

struct outcome {
	const struct notification *n;
	const char *error;
};

static enum mc_err outcome_tx(struct svc_ctx *ctx, void *arg)
{
	struct outcome *o = arg;
	const struct svc_config *c = &ctx->state->cfg;
	if (!o->error)
		return nstore_sent(ctx->db, o->n->id, ctx->real_now);
	int64_t attempts = o->n->attempts + 1;
	double jitter = (double)randombytes_uniform(1000000) / 1e6;
	int64_t delay = webhook_backoff_ms(attempts, c->notify_retry_base_ms, c->notify_retry_cap_ms,
					   jitter);
	return nstore_failed(ctx->db, o->n->id, attempts >= c->notify_attempts, wall_ms() + delay,
			     o->error);
}

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
		log_error("notifications: cannot claim: %s", mc_err_name(err));
	for (size_t i = 0; !err && i < r->n; i++) {
		if (wall_ms() - r->now_ms > s->cfg.webhook_lease_ms / 2)
			break; /* the rest is claimed again once its lease ends */
		const struct notification *n = &r->items[i];
		struct outcome o = {n, NULL};
		o.error = !strcmp(n->channel, "email") ? send_mail(s, &r->arena, n)
						       : send_sms(s, &r->arena, n);
		if (o.error)
			log_warn("notifications: \"%s\" (%s) failed: %s", n->delivery_id, n->channel,
				 o.error);
		svc_ctx_open(&ctx, s, svc_now(s), &r->arena, NULL);
		enum mc_err e2 = svc_write(&ctx, outcome_tx, &o);
		svc_ctx_close(&ctx);
		if (e2)
			log_error("notifications: cannot record \"%s\": %s", n->delivery_id,
				  mc_err_name(e2));
	}
	bool again = !err && r->n > 0;
	arena_release(&r->arena);
	free(r);
	return again;
}

static void *worker_main(void *arg)
{
	thread_name("mc-notify");
	struct notify_worker *w = arg;
	bool again = true;
	for (;;) {
		struct timespec at;
		pthread_mutex_lock(&w->lock);
		clock_gettime(CLOCK_MONOTONIC, &at);
		at.tv_nsec += NOTIFY_POLL_MS * 1000000L;
		at.tv_sec += at.tv_nsec / 1000000000L;
		at.tv_nsec %= 1000000000L;
		while (!again && !w->stop && !w->woken &&
		       pthread_cond_timedwait(&w->wake, &w->lock, &at) == 0)
			;
		w->woken = false;
		bool stop = w->stop;
		pthread_mutex_unlock(&w->lock);
		if (stop)
			return NULL;
		again = deliver_round(w->state);
	}
}

enum mc_err notify_worker_start(struct svc_state *s)
{
	struct notify_worker *w = xcalloc(1, sizeof(*w));
	pthread_condattr_t attr;
	w->state = s;
	pthread_mutex_init(&w->lock, NULL);
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&w->wake, &attr);
	pthread_condattr_destroy(&attr);
	s->notifier = w;
	if (pthread_create(&w->thread, NULL, worker_main, w) != 0) {
		log_error("cannot start the notifications' thread");
		s->notifier = NULL;
		pthread_mutex_destroy(&w->lock);
		pthread_cond_destroy(&w->wake);
		free(w);
		return MC_EINTERNAL;
	}
	return MC_OK;
}

void notify_worker_stop(struct svc_state *s)
{
	struct notify_worker *w = s->notifier;
	if (!w)
		return;
	pthread_mutex_lock(&w->lock);
	w->stop = true;
	pthread_cond_signal(&w->wake);
	pthread_mutex_unlock(&w->lock);
	pthread_join(w->thread, NULL);
	s->notifier = NULL;
	pthread_mutex_destroy(&w->lock);
	pthread_cond_destroy(&w->wake);
	free(w);
}
