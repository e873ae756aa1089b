/* Defaults of the service configuration and the start-up of the shared state. */
#include "base/base.h"

#include <sodium.h>
#include <time.h>

#include "svc/auth.h"
#include "svc/calendar.h"
#include "svc/oidc.h"
#include "svc/svc.h"
#include "svc/track_cache.h"
#include "svc/units_cache.h"

void svc_config_defaults(struct svc_config *c)
{
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
	c->pwhash_ops = 2;
	c->pwhash_mem = 19 * 1024 * 1024;
	c->track_cache = 131072;
	c->oidc_id_claim = "id_number";
	c->oidc_name_claim = "name";
	c->oidc_scope = "openid profile";
	c->oidc_jwks_refresh = 60;
	c->oidc_pending_max = 10000;
}

enum mc_err svc_state_init(struct svc_state *s, const struct svc_config *cfg)
{
	unsigned char raw[24];
	char pw[64];
	memset(s, 0, sizeof(*s));
	s->cfg = *cfg;
	cal_cache_init(&s->calendar);
	pthread_mutex_init(&s->clock.lock, NULL);
	pthread_mutex_init(&s->guesses.lock, NULL);
	s->guesses.max_failures = cfg->guess_max_failures;
	s->guesses.window = cfg->guess_window;
	s->tracking = track_cache_new(cfg->track_cache);
	s->units = units_cache_new();
	s->oidc = oidc_provider_new(cfg);
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2hex(pw, sizeof(pw), raw, sizeof(raw));
	enum mc_err err = auth_hash_password(cfg, pw, s->dummy_hash);
	sodium_memzero(pw, sizeof(pw));
	return err;
}

void svc_state_release(struct svc_state *s)
{
	sodium_memzero(s->receipt_sk, sizeof(s->receipt_sk));
	cal_cache_release(&s->calendar);
	pthread_mutex_destroy(&s->clock.lock);
	pthread_mutex_destroy(&s->guesses.lock);
	track_cache_free(s->tracking);
	s->tracking = NULL;
	units_cache_free(s->units);
	s->units = NULL;
	oidc_provider_free(s->oidc);
	s->oidc = NULL;
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
	snprintf(out, 256, "%s", s->public_url);
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

/* The slot of an address: a small hash table; a colliding address takes the slot over when the
 * old entry's window has passed. */
static size_t guess_slot(const char *addr)
{
	uint32_t h = 2166136261u;
	for (const char *p = addr; *p; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	return h % GUESS_SLOTS;
}

enum mc_err guess_check(struct svc_state *s, const char *addr, int64_t now, int64_t *retry_after)
{
	struct guess_limiter *g = &s->guesses;
	enum mc_err err = MC_OK;
	size_t i = guess_slot(addr);
	pthread_mutex_lock(&g->lock);
	if (strcmp(g->slots[i].addr, addr) == 0 && now < g->slots[i].window_start + g->window &&
	    g->slots[i].failures >= g->max_failures) {
		*retry_after = g->slots[i].window_start + g->window - now;
		err = MC_ETOOMANY;
	}
	pthread_mutex_unlock(&g->lock);
	return err;
}

void guess_fail(struct svc_state *s, const char *addr, int64_t now)
{
	struct guess_limiter *g = &s->guesses;
	size_t i = guess_slot(addr);
	pthread_mutex_lock(&g->lock);
	if (strcmp(g->slots[i].addr, addr) != 0 || now >= g->slots[i].window_start + g->window) {
		snprintf(g->slots[i].addr, sizeof(g->slots[i].addr), "%s", addr);
		g->slots[i].window_start = now;
		g->slots[i].failures = 0;
	}
	g->slots[i].failures++;
	pthread_mutex_unlock(&g->lock);
}
