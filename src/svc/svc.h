/* The use-case layer's shared types: the service's configuration and state, and the context of
 * one call (who acts, on which connection, at what time, where errors go). svc/ never sees HTTP. */
#ifndef MC_SVC_H
#define MC_SVC_H

#include <pthread.h>

#include "base/arena.h"
#include "base/base.h"
#include "base/problem.h"
#include "store/db.h"
#include "domain/workclock.h"
#include "store/user_store.h"

struct svc_config {
	int64_t token_ttl;          /* seconds a session lives (default 12 h) */
	int64_t login_max_failures; /* failures per username per window before 429 (default 5) */
	int64_t login_window;       /* seconds (default 15 min) */
	uint64_t pwhash_ops;        /* argon2id t (default 2) */
	size_t pwhash_mem;          /* argon2id memory in bytes (default 19 MiB) */
};

void svc_config_defaults(struct svc_config *c);

#define CAL_CACHE_YEARS 200 /* 1901..2100 */

/* The working-day table shared by all requests (svc/calendar.c); owns its lock. */
struct cal_cache {
	pthread_rwlock_t lock;
	struct wc_calendar cal;
	bool loaded[CAL_CACHE_YEARS];
};

/* Long-lived state shared by every request; read-only after svc_state_init except where noted. */
struct svc_state {
	struct svc_config cfg;
	char dummy_hash[160];     /* checked against when a username is unknown, to even out timing */
	struct cal_cache calendar; /* mutable, under its own lock */
};

/* Frees what svc_state_init allocated. */
void svc_state_release(struct svc_state *s);

/* Prepares the state: computes the dummy password hash. */
enum mc_err svc_state_init(struct svc_state *s, const struct svc_config *cfg);

/* The caller of a use case. user is NULL for an anonymous caller. */
struct svc_ctx {
	struct svc_state *state;
	struct db *db;
	struct arena *arena;
	struct problem *problem; /* field errors for MC_EINVAL */
	const struct user *user;
	int64_t now;      /* the domain's "now" (a test clock may set it) */
	int64_t real_now; /* the wall clock: sessions, throttling, logs */
	int64_t retry_after; /* set with MC_ETOOMANY: seconds until a retry can succeed */
};

#endif
