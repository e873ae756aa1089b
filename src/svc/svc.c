/* Defaults of the service configuration and the start-up of the shared state. */
#include "base/base.h"

#include <sodium.h>

#include "svc/auth.h"
#include "svc/calendar.h"
#include "svc/svc.h"

void svc_config_defaults(struct svc_config *c)
{
	c->token_ttl = 12 * 3600;
	c->login_max_failures = 5;
	c->login_window = 15 * 60;
	c->pwhash_ops = 2;
	c->pwhash_mem = 19 * 1024 * 1024;
}

enum mc_err svc_state_init(struct svc_state *s, const struct svc_config *cfg)
{
	unsigned char raw[24];
	char pw[64];
	memset(s, 0, sizeof(*s));
	s->cfg = *cfg;
	cal_cache_init(&s->calendar);
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2hex(pw, sizeof(pw), raw, sizeof(raw));
	enum mc_err err = auth_hash_password(cfg, pw, s->dummy_hash);
	sodium_memzero(pw, sizeof(pw));
	return err;
}

void svc_state_release(struct svc_state *s)
{
	cal_cache_release(&s->calendar);
}
