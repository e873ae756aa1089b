/* Housekeeping (housekeeping.h): the sweep and its thread. The thread sleeps on a monotonic clock
 * so that stopping it is immediate and a change of the wall clock does not stall it. */
#include "base/base.h"

#include <pthread.h>
#include <time.h>

#include "base/log.h"
#include "store/blob_store.h"
#include "store/sweep_store.h"
#include "svc/dossiers.h"
#include "svc/housekeeping.h"
#include "svc/queue.h"
#include "store/db.h"

typedef enum mc_err (*sweep_fn)(struct db *db, int64_t bound, int64_t *n);

struct sweep_batch {
	sweep_fn fn;
	int64_t bound; /* what is older than this goes */
	int64_t n;     /* rows the batch deleted */
};

static enum mc_err sweep_batch_tx(struct svc_ctx *ctx, void *arg)
{
	struct sweep_batch *b = arg;
	return b->fn(ctx->db, b->bound, &b->n);
}

/* Repeats a batch, each in its own write transaction, until one deletes less than a batch. */
static enum mc_err sweep_all(struct svc_ctx *ctx, sweep_fn fn, int64_t bound, int64_t *total)
{
	struct sweep_batch b = {fn, bound, SWEEP_BATCH};
	enum mc_err err = MC_OK;
	*total = 0;
	while (!err && b.n == SWEEP_BATCH) {
		err = svc_write(ctx, sweep_batch_tx, &b);
		if (!err)
			*total += b.n;
	}
	return err;
}

static void sweep_dir(const char *data_dir, const char *sub, int64_t before, size_t *removed)
{
	char dir[1024];
	size_t n = 0;
	snprintf(dir, sizeof(dir), "%s/%s", data_dir, sub);
	if (blob_sweep_tmp(dir, before, &n) != MC_OK)
		log_warn("housekeeping cannot read \"%s\"", dir);
	*removed += n;
}

enum mc_err housekeeping_sweep(struct svc_ctx *ctx, struct housekeeping_report *out)
{
	const struct svc_config *cfg = &ctx->state->cfg;
	int64_t now = ctx->real_now;
	memset(out, 0, sizeof(*out));
	enum mc_err err = sweep_all(ctx, sweep_sessions, now, &out->sessions);
	if (!err)
		err = sweep_all(ctx, sweep_login_failures, now - cfg->login_window,
				&out->login_failures);
	if (!err)
		err = sweep_all(ctx, sweep_idempotency_keys, now - DOSSIER_IDEM_TTL,
				&out->idempotency_keys);
	if (!err)
		err = sweep_all(ctx, sweep_oidc_pending, now - HOUSEKEEPING_OIDC_AGE,
				&out->oidc_pending);
	if (!err)
		err = queue_expire(ctx, &out->expired_tickets);
	sweep_dir(cfg->data_dir, "tmp", now - HOUSEKEEPING_TMP_AGE, &out->tmp_files);
	sweep_dir(cfg->data_dir, "blobs/tmp", now - HOUSEKEEPING_TMP_AGE, &out->tmp_files);
	if (out->sessions || out->login_failures || out->idempotency_keys || out->oidc_pending ||
	    out->tmp_files || out->expired_tickets)
		log_info("housekeeping deleted %lld expired sessions, %lld failed logins, %lld "
			 "idempotency keys, %lld pending identity-provider logins, %zu temporary files; "
			 "closed %lld queue tickets of earlier days",
			 (long long)out->sessions, (long long)out->login_failures,
			 (long long)out->idempotency_keys, (long long)out->oidc_pending, out->tmp_files,
			 (long long)out->expired_tickets);
	return err;
}

struct housekeeping {
	struct svc_state *state;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	bool stop;
};

struct claim {
	int64_t since;
	bool mine;
};

static enum mc_err claim_tx(struct svc_ctx *ctx, void *arg)
{
	struct claim *c = arg;
	return sweep_claim(ctx->db, "housekeeping", ctx->real_now, c->since, &c->mine);
}

/* A sweep now, on a connection of the pool taken for it alone. A periodic one runs only when no
 * instance on the same database started one in the last nine tenths of the interval (job_runs):
 * with several instances, one sweeps per interval. The sweep at start-up always runs. */
static enum mc_err sweep_once(struct svc_state *s, bool periodic)
{
	struct housekeeping_report rep;
	struct svc_ctx ctx;
	struct claim c = {0, true};
	svc_ctx_open(&ctx, s, svc_now(s), NULL, NULL);
	c.since = ctx.real_now - s->cfg.sweep_interval * 9 / 10;
	enum mc_err err = svc_write(&ctx, claim_tx, &c);
	if (!err && (c.mine || !periodic))
		err = housekeeping_sweep(&ctx, &rep);
	svc_ctx_close(&ctx);
	return err;
}

static void *housekeeping_main(void *arg)
{
	thread_name("mc-housekeeping");
	struct housekeeping *h = arg;
	struct timespec at;
	for (;;) {
		pthread_mutex_lock(&h->lock);
		clock_gettime(CLOCK_MONOTONIC, &at);
		at.tv_sec += (time_t)h->state->cfg.sweep_interval;
		while (!h->stop && pthread_cond_timedwait(&h->wake, &h->lock, &at) == 0)
			;
		bool stop = h->stop;
		pthread_mutex_unlock(&h->lock);
		if (stop)
			return NULL;
		enum mc_err err = sweep_once(h->state, true);
		if (err)
			log_error("housekeeping sweep failed: %s", mc_err_name(err));
	}
}

enum mc_err housekeeping_start(struct svc_state *s, struct housekeeping **out)
{
	*out = NULL;
	enum mc_err err = sweep_once(s, false);
	if (err) {
		log_error("housekeeping at start failed: %s", mc_err_name(err));
		return err;
	}
	if (s->cfg.sweep_interval <= 0)
		return MC_OK;
	struct housekeeping *h = xcalloc(1, sizeof(*h));
	pthread_condattr_t attr;
	h->state = s;
	pthread_mutex_init(&h->lock, NULL);
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&h->wake, &attr);
	pthread_condattr_destroy(&attr);
	if (pthread_create(&h->thread, NULL, housekeeping_main, h) != 0) {
		log_error("cannot start the housekeeping thread");
		pthread_mutex_destroy(&h->lock);
		pthread_cond_destroy(&h->wake);
		free(h);
		return MC_EINTERNAL;
	}
	*out = h;
	return MC_OK;
}

void housekeeping_stop(struct housekeeping *h)
{
	if (!h)
		return;
	pthread_mutex_lock(&h->lock);
	h->stop = true;
	pthread_cond_signal(&h->wake);
	pthread_mutex_unlock(&h->lock);
	pthread_join(h->thread, NULL);
	pthread_mutex_destroy(&h->lock);
	pthread_cond_destroy(&h->wake);
	free(h);
}
