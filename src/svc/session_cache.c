/* The session cache (see session_cache.h): a direct-mapped table, the slot chosen by the token
 * hash's first bytes (the hash is BLAKE2b of 32 random bytes, so slots fill evenly and a client
 * cannot aim at one), locked by stripes of slots. An entry is a copy of struct user (~2 KiB). */
#include "base/base.h"

#include <pthread.h>
#include <sodium.h>
#include <string.h>
#include <time.h>

#include "svc/session_cache.h"

#define STRIPES 16

struct sc_entry {
	bool used;
	unsigned char hash[TOKEN_HASH_LEN];
	uint64_t epoch;
	int64_t at_ms; /* when it was put (CLOCK_MONOTONIC) */
	int64_t expires_at, last_active;
	struct user user;
};

struct session_cache {
	size_t mask;
	pthread_mutex_t stripe[STRIPES];
	struct sc_entry *slots;
};

struct session_cache *session_cache_new(size_t entries)
{
	if (entries < 16)
		return NULL;
	size_t n = 16;
	while (n * 2 <= entries)
		n *= 2;
	struct session_cache *c = xcalloc(1, sizeof(*c));
	c->mask = n - 1;
	c->slots = xcalloc(n, sizeof(*c->slots));
	for (size_t i = 0; i < STRIPES; i++)
		pthread_mutex_init(&c->stripe[i], NULL);
	return c;
}

void session_cache_free(struct session_cache *c)
{
	if (!c)
		return;
	sodium_memzero(c->slots, (c->mask + 1) * sizeof(*c->slots));
	free(c->slots);
	for (size_t i = 0; i < STRIPES; i++)
		pthread_mutex_destroy(&c->stripe[i]);
	free(c);
}

static size_t slot_of(const struct session_cache *c, const unsigned char hash[TOKEN_HASH_LEN])
{
	uint64_t h;
	memcpy(&h, hash, sizeof(h));
	return (size_t)h & c->mask;
}

bool session_cache_get(struct session_cache *c, const unsigned char hash[TOKEN_HASH_LEN],
		       uint64_t epoch, int64_t now, struct user *out, int64_t *expires_at,
		       int64_t *last_active)
{
	if (!c || epoch == 0)
		return false;
	size_t i = slot_of(c, hash);
	struct sc_entry *e = &c->slots[i];
	pthread_mutex_t *lock = &c->stripe[i % STRIPES];
	bool hit = false;
	pthread_mutex_lock(lock);
	if (e->used && sodium_memcmp(e->hash, hash, TOKEN_HASH_LEN) == 0) {
		int64_t age = mono_ms() - e->at_ms;
		if (e->epoch == epoch && age >= 0 && age < SESSION_CACHE_MS && e->expires_at > now) {
			*out = e->user;
			*expires_at = e->expires_at;
			*last_active = e->last_active;
			hit = true;
		} else { /* stale: gone now, so that nothing of it lingers */
			sodium_memzero(e, sizeof(*e));
		}
	}
	pthread_mutex_unlock(lock);
	return hit;
}

void session_cache_put(struct session_cache *c, const unsigned char hash[TOKEN_HASH_LEN],
		       uint64_t epoch, const struct user *u, int64_t expires_at, int64_t last_active)
{
	if (!c || epoch == 0)
		return;
	size_t i = slot_of(c, hash);
	struct sc_entry *e = &c->slots[i];
	pthread_mutex_t *lock = &c->stripe[i % STRIPES];
	pthread_mutex_lock(lock);
	e->used = true;
	memcpy(e->hash, hash, TOKEN_HASH_LEN);
	e->epoch = epoch;
	e->at_ms = mono_ms();
	e->expires_at = expires_at;
	e->last_active = last_active;
	e->user = *u;
	sodium_memzero(e->user.password_hash, sizeof(e->user.password_hash)); /* never kept */
	pthread_mutex_unlock(lock);
}
