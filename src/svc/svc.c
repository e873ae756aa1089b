/* Defaults of the service configuration, the clock, contexts and transactions (svc_tx); the
 * shared state is built by svc/setup.c. */
#include "base/base.h"

#include <sodium.h>
#include <time.h>

#include "base/fmt.h"
#include "base/log.h"
#include "svc/catalog_cache.h"
#include "svc/limiter.h"
#include "svc/svc.h"
#include "svc/units_cache.h"
#include "store/db.h"

void svc_config_defaults(struct svc_config *c)
{
	memset(c, 0, sizeof(*c)); /* what is not set below is off or none */
	c->token_ttl = 12 * 3600;
	c->login_max_failures = 5;
	c->login_window = 15 * 60;
	c->login_ip_max = 20;
	c->sweep_interval = 600;
	c->disk_min_free = 256ull * 1024 * 1024;
	c->data_dir = "./var";
	c->upload_max = 20 * 1024 * 1024;
	c->guess_max_failures = 20;
	c->guess_window = 300;
	c->booking_rate_max = 60;
	c->booking_rate_window = 600;
	c->feedback_rate_max = 30;
	c->feedback_rate_window = 600;
	c->feedback_days = 10;
	c->kiosk_rate_max = 30;
	c->kiosk_rate_window = 600;
	c->pwhash_ops = 2;
	c->pwhash_mem = 19 * 1024 * 1024;
	c->track_cache = 131072;
	c->session_cache = 4096;
	c->oidc_id_claim = "id_number";
	c->oidc_name_claim = "name";
	c->oidc_scope = "openid profile";
	c->oidc_jwks_refresh = 60;
	c->oidc_pending_max = 10000;
	c->upload_per_account = 4;
	c->upload_per_ip = 16;
	c->staff_idle = 1800;
	c->webhook_retry_base_ms = 5000;
	c->webhook_retry_cap_ms = 3600 * 1000;
	c->notify_retry_base_ms = 30000;
	c->notify_retry_cap_ms = 3600 * 1000;
	c->notify_attempts = 10;
	c->webhook_attempts = 12;
	c->webhook_lease_ms = 60000;
}

int64_t svc_now(struct svc_state *s)
{
	int64_t t;
	pthread_mutex_lock(&s->clock.lock);
	t = s->clock.test ? s->clock.now : (int64_t)time(NULL);
	pthread_mutex_unlock(&s->clock.lock);
	return t;
}

void svc_clock_set_test(struct svc_state *s, int64_t t)
{
	pthread_mutex_lock(&s->clock.lock);
	s->clock.test = true;
	s->clock.now = t;
	pthread_mutex_unlock(&s->clock.lock);
}

void svc_public_url(struct svc_state *s, char out[256])
{
	pthread_mutex_lock(&s->clock.lock);
	fmt_snprintf(out, 256, "%s", s->public_url);
	pthread_mutex_unlock(&s->clock.lock);
}

void svc_set_public_url(struct svc_state *s, const char *url)
{
	pthread_mutex_lock(&s->clock.lock);
	snprintf(s->public_url, sizeof(s->public_url), "%s", url);
	size_t n = strlen(s->public_url);
	while (n > 0 && s->public_url[n - 1] == '/')
		s->public_url[--n] = '\0';
	pthread_mutex_unlock(&s->clock.lock);
}

bool svc_clock_is_test(struct svc_state *s)
{
	pthread_mutex_lock(&s->clock.lock);
	bool t = s->clock.test;
	pthread_mutex_unlock(&s->clock.lock);
	return t;
}

enum mc_err svc_clock_move(struct svc_state *s, int64_t t)
{
	enum mc_err err = MC_OK;
	pthread_mutex_lock(&s->clock.lock);
	if (!s->clock.test)
		err = MC_ENOTFOUND;
	else if (t < s->clock.now)
		err = MC_ECONFLICT;
	else
		s->clock.now = t;
	pthread_mutex_unlock(&s->clock.lock);
	return err;
}

enum mc_err guess_check(struct svc_state *s, const char *addr, int64_t now, int64_t *retry_after)
{
	return limiter_check(s->guesses, addr, now, retry_after);
}

static void count_guess(struct svc_state *s, const char *addr, int64_t now)
{
	if (!limiter_fail(s->guesses, addr, now) && limiter_uncounted(s->guesses) % 1000 == 1)
		log_warn("wrong tracking secrets not counted: %d client addresses are being limited "
			 "at once", GUESS_TABLE_MAX);
}

void guess_fail(struct svc_ctx *ctx, const char *addr)
{
	struct svc_state *s = ctx->state;
	count_guess(s, addr, ctx->real_now);
	if (!s->listener || !ctx->db || !addr)
		return;
	char payload[LIMITER_KEY_MAX + 32];
	fmt_snprintf(payload, sizeof(payload), "g:%s:%s", s->instance, addr);
	enum mc_err err = db_notify(ctx->db, SVC_CHANNEL, payload);
	if (err)
		log_warn("a wrong tracking secret not told to the other instances: %s",
			 mc_err_name(err));
}

void guess_counted_elsewhere(struct svc_state *s, const char *payload, int64_t now)
{
	size_t n = strlen(s->instance);
	if (strncmp(payload, s->instance, n) == 0 && payload[n] == ':')
		return; /* this instance counted it already */
	const char *addr = strchr(payload, ':');
	if (addr && addr[1])
		count_guess(s, addr + 1, now);
}

void svc_ctx_open(struct svc_ctx *ctx, struct svc_state *s, int64_t now, struct arena *arena,
		  struct problem *problem)
{
	*ctx = (struct svc_ctx){.state = s, .arena = arena, .problem = problem, .now = now};
	ctx->real_now = (int64_t)time(NULL);
	ctx->db = db_pool_acquire(s->pool);
	if (ctx->db && arena)
		db_bind_arena(ctx->db, arena); /* past the arena's cap, its next row is refused */
}

void svc_ctx_reacquire(struct svc_ctx *ctx)
{
	if (ctx->db)
		return;
	ctx->db = db_pool_acquire(ctx->state->pool);
	if (ctx->db && ctx->arena)
		db_bind_arena(ctx->db, ctx->arena);
}

void svc_ctx_close(struct svc_ctx *ctx)
{
	if (ctx->db)
		db_pool_release(ctx->state->pool, ctx->db);
	ctx->db = NULL;
}

void svc_publish(struct svc_ctx *ctx, const char *topic, const char *event, const char *data)
{
	struct svc_state *s = ctx->state;
	size_t n = strlen(topic) + strlen(event) + strlen(data) + 5;
	if (s->listener && ctx->db && n <= SVC_EVENT_MAX) {
		char *payload = xmalloc(n);
		snprintf(payload, n, "s:%s\n%s\n%s", topic, event, data);
		enum mc_err err = db_notify(ctx->db, SVC_CHANNEL, payload);
		free(payload);
		if (!err)
			return; /* this instance's listener delivers it too */
		log_warn("stream event on %s not sent to the other instances: %s", topic,
			 mc_err_name(err));
	}
	if (s->publish)
		s->publish(topic, event, data);
}

enum mc_err svc_tx(struct svc_ctx *ctx, enum svc_tx_mode mode, svc_tx_fn fn, void *arg)
{
	bool outer = !ctx->in_tx;
	if (outer) {
		ctx->tx_catalog_stamp = ctx->state ? catalog_cache_stamp(ctx->state->catalog) : 0;
		ctx->tx_units_stamp = ctx->state ? units_cache_stamp(ctx->state->units) : 0;
		ctx->tx_calendar_stamp = ctx->state ? cache_gen_stamp(&ctx->state->calendar.gen) : 0;
	}
	enum mc_err err = mode == SVC_TX_WRITE ? db_begin_write(ctx->db) : db_begin_read(ctx->db);
	if (err)
		return err;
	ctx->in_tx = true;
	err = fn(ctx, arg);
	if (outer)
		ctx->in_tx = false;
	/* A read that failed may have been taken for an absence (404, 422): the database's failure
	 * is the answer then (503), not what was concluded from it. */
	enum mc_err failed = db_failure(ctx->db);
	if (err && failed && err != MC_EBUSY && err != MC_EDB)
		err = failed;
	if (!err)
		return db_commit(ctx->db);
	db_rollback(ctx->db);
	return err;
}
