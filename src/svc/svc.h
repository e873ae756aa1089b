/* The use-case layer's shared types: the service's configuration and state, and the context of
 * one call (who acts, on which connection, at what time, where errors go). svc/ never sees HTTP. */
#ifndef MC_SVC_H
#define MC_SVC_H

#include <pthread.h>

#include "base/arena.h"
#include "base/base.h"
#include "base/problem.h"
struct db; /* store/db.h: svc/ and store/ only */
struct db_listener;
struct svc_ctx;
#include "domain/workclock.h"
#include "domain/user.h"
#include "svc/cache_gen.h"

struct session_cache;
struct track_cache;
struct group_commit;
struct units_cache;
struct catalog_cache;
struct oidc_provider;
struct limiter;
struct upload_slots;
struct outbox;
struct notify_worker;
struct webhook_allow;

struct svc_config {
	int64_t token_ttl;          /* seconds a session lives (default 12 h) */
	int64_t login_max_failures; /* failures per username per window before 429 (default 5) */
	int64_t login_window;       /* seconds (default 15 min) */
	int64_t login_ip_max;       /* failures per client address per window, any usernames (20) */
	int64_t sweep_interval;     /* seconds between housekeeping sweeps (600; 0: only at start) */
	uint64_t disk_min_free;     /* bytes free in the data directory below which health degrades */
	int64_t guess_max_failures; /* wrong tracking secrets per client address per window (20) */
	int64_t guess_window;       /* seconds (default 300) */
	int64_t booking_rate_max;   /* public appointment requests per client address per window (60) */
	int64_t booking_rate_window; /* seconds (default 600) */
	int64_t feedback_rate_max;    /* public feedback requests per client address per window (30) */
	int64_t feedback_rate_window; /* seconds (default 600) */
	int64_t feedback_days;        /* working days to answer a feedback (10; docs/feedback.md) */
	int64_t kiosk_rate_max;     /* tickets issued anonymously per client address per window (30) */
	int64_t kiosk_rate_window;  /* seconds (default 600) */
	const char *data_dir;       /* document blobs live under <data_dir>/blobs */
	const char *database;       /* a postgresql:// URL, or NULL: SQLite in data_dir */
	const char *public_url;     /* base of links printed in QR codes, no trailing slash */
	size_t upload_max;          /* document upload limit in bytes (default 20 MiB) */
	uint64_t pwhash_ops;        /* argon2id t (default 2) */
	size_t track_cache;         /* dossiers kept for public tracking (default 131072; 0: none) */
	size_t session_cache;       /* sessions kept (svc/session_cache.h; default 4096; 0: none) */
	size_t pwhash_mem;          /* argon2id memory in bytes (default 19 MiB) */
	/* The national identity provider (svc/oidc.h); no issuer: none. */
	const char *oidc_issuer, *oidc_client_id, *oidc_client_secret;
	const char *oidc_id_claim, *oidc_name_claim, *oidc_scope;
	int64_t oidc_jwks_refresh; /* least seconds between two fetches of its keys (default 60) */
	int64_t oidc_pending_max;  /* logins waiting for its answer at most (default 10000) */
	size_t upload_per_account;  /* uploads in progress per account (default 4; 0: no maximum) */
	size_t upload_per_ip;       /* uploads in progress per client address (default 16; 0: none) */
	int64_t staff_idle;         /* seconds a staff session may go unused (default 1800; 0: none) */
	/* Webhooks (docs/webhooks.md): where deliveries may go (CIDRs, comma-separated; NULL or "":
	 * nowhere), and the retry schedule: base and cap of the backoff, attempts before a message
	 * is dead. */
	const char *webhook_allow;
	int64_t webhook_retry_base_ms; /* default 5000 */
	int64_t webhook_retry_cap_ms;  /* default 3600000 */
	int64_t webhook_attempts;      /* default 12 */
	int64_t webhook_lease_ms;      /* a claim's life (default 60000; svc/outbox.h) */
	/* MOTCUA_KEY_SECRET: what the sealing key of agency signing keys is derived from (svc/
	 * signing.h); NULL: keys can be neither imported nor used. From the environment only. */
	const char *key_secret;
	/* Notifications to citizens (docs/notifications.md): the SMTP server (smtp:// or smtps://;
	 * NULL: no e-mail), its credentials, the From address and whether STARTTLS is required; the
	 * SMS gateway (NULL: no SMS) and its bearer token; the retry schedule. */
	const char *smtp_url, *smtp_user, *smtp_password, *smtp_from;
	bool smtp_starttls;
	const char *sms_url, *sms_token;
	int64_t notify_retry_base_ms; /* default 30000 */
	int64_t notify_retry_cap_ms;  /* default 3600000 */
	int64_t notify_attempts;      /* default 10 */
	/* The national portal sync (docs/portal.md): the portal's receiving URL (NULL: no sync), our
	 * agency code there, and its bearer token (MOTCUA_PORTAL_TOKEN, the environment only; NULL:
	 * no Authorization header). Deliveries follow the webhooks' allow-list and retry schedule. */
	const char *portal_url, *portal_agency, *portal_token;
	/* Online payment (docs/fees.md): the gateway's payment URL and our merchant code there
	 * (NULL: no online payment), and the HMAC-SHA512 secret, from MOTCUA_PAYMENT_SECRET only. */
	const char *pay_gateway_url, *pay_merchant, *pay_secret;
};

void svc_config_defaults(struct svc_config *c);

#define CAL_CACHE_YEARS 200 /* 1901..2100 */

/* The working-day table shared by all requests (svc/calendar_days.c); owns its lock. A year is
 * current while the generation it was loaded under (kept_at, 0: not kept) is the cache's
 * (svc/cache_gen.h): every change of the calendar moves it, here and on the other instances. */
struct cal_cache {
	pthread_rwlock_t lock;
	struct wc_calendar cal;
	struct cache_gen gen;
	uint64_t kept_at[CAL_CACHE_YEARS];
	int64_t version[CAL_CACHE_YEARS]; /* calendar_years.version the kept year was read at */
};

/* The domain's clock: the wall clock, or a test clock that only moves forward (--test-clock). */
struct svc_clock {
	pthread_mutex_t lock;
	bool test;
	int64_t now; /* the test clock's time */
};

/* Client addresses whose wrong tracking secrets are counted at once (svc/limiter.h). */
#define GUESS_TABLE_MAX 65536

/* Long-lived state shared by every request; read-only after svc_state_init except where noted. */
struct svc_state {
	struct svc_config cfg;
	char dummy_hash[160];     /* checked against when a username is unknown, to even out timing */
	struct cal_cache calendar; /* mutable, under its own lock */
	struct svc_clock clock;    /* mutable, under its own lock */
	struct limiter *guesses;   /* wrong tracking secrets per client address; owns its lock */
	struct limiter *bookings_limit; /* public appointment requests per address (svc/bookings.h) */
	struct limiter *feedback_limit; /* public feedback requests per address (svc/feedback.h) */
	struct limiter *kiosk_limit;    /* tickets issued at public kiosks per address (svc/queue.h) */
	unsigned char receipt_pk[32], receipt_sk[64]; /* Ed25519, see svc/receipts.c */
	char public_url[256]; /* under clock.lock: set once the port is known */
	bool receipts_ready;
	struct track_cache *tracking; /* public tracking answers (svc/track_cache.h); may be NULL */
	struct session_cache *sessions; /* token to user (svc/session_cache.h); may be NULL */
	struct group_commit *writer;  /* intake's group commit (svc/group_commit.h); NULL: none */
	struct units_cache *units;    /* unit list pages and units by code (svc/units_cache.h) */
	struct catalog_cache *catalog; /* procedure versions (svc/catalog_cache.h) */
	struct oidc_provider *oidc;   /* the national identity provider (svc/oidc.h); NULL: none */
	struct upload_slots *uploads; /* uploads in progress (svc/uploads.h); owns its lock */
	struct db_pool *pool;         /* the database's connections (svc/setup.h); thread-safe */
	struct db_listener *listener; /* changes made by other instances (PostgreSQL); may be NULL */
	struct webhook_allow *webhook_allow; /* cfg.webhook_allow parsed (svc/webhook_net.h) */
	struct outbox *outbox;               /* the webhooks' delivery worker; NULL: none */
	struct notify_worker *notifier;      /* the notifications' worker; NULL: none */
	int64_t portal_sub; /* the portal's row of subscriptions (svc/portal.h); 0: no portal sync */
	char instance[17]; /* this process among the instances: random hex (svc_state_init) */
	/* Delivers an event to this instance's live streams (the edge's stream_publish, set by
	 * main.c); NULL: none. Called from the listener's thread too. */
	void (*publish)(const char *topic, const char *event, const char *data);
};

/* The notification channel between instances on one database (svc/setup.c): "t:<code>" a dossier
 * changed (public tracking's cache), "s:<topic>\n<event>\n<data>" a stream event,
 * "g:<instance>:<address>" a wrong tracking secret counted by that instance (guess_fail),
 * "c:" a procedure version published (svc/catalog_cache.h), "u:" units created or moved
 * (svc/units_cache.h), "k:<year>" a year of the calendar changed (struct cal_cache). */
#define SVC_CHANNEL "motcua_changes"
#define SVC_EVENT_MAX 7000 /* bytes of a stream event's payload (PostgreSQL's NOTIFY takes 8000) */

/* Sends a live-stream event to every instance's subscribers of topic: through the database's
 * notifications when instances share it (PostgreSQL), else to this instance's streams. After the
 * change it reports has committed. */
void svc_publish(struct svc_ctx *ctx, const char *topic, const char *event, const char *data);

/* The domain's "now": the test clock when set, else the wall clock. */
int64_t svc_now(struct svc_state *s);
/* Switches to a test clock set at t (start-up only). */
void svc_clock_set_test(struct svc_state *s, int64_t t);
/* Moves the test clock forward: MC_ENOTFOUND without a test clock, MC_ECONFLICT backward. */
enum mc_err svc_clock_move(struct svc_state *s, int64_t t);
bool svc_clock_is_test(struct svc_state *s);
/* The public base URL (QR links), and setting it once the listening port is known. */
void svc_public_url(struct svc_state *s, char out[256]);
void svc_set_public_url(struct svc_state *s, const char *url);

/* Wrong tracking secrets per client address (the exact address key the edge gives, see
 * http/netaddr.h): guess_check answers MC_ETOOMANY (retry_after set) while the address is over
 * its limit and counts nothing; guess_fail counts one at ctx->real_now and, with instances sharing
 * a database (PostgreSQL), tells the others, which count it too (guess_counted_elsewhere), so
 * that spreading guesses over the instances behind a balancer gains nothing. ctx->db must not be
 * in a transaction: the notice goes at once, whatever becomes of the caller's work. */
enum mc_err guess_check(struct svc_state *s, const char *addr, int64_t now, int64_t *retry_after);
struct svc_ctx;
void guess_fail(struct svc_ctx *ctx, const char *addr);
/* A "g:" notice of another instance (svc/setup.c's listener): payload "<instance>:<address>". */
void guess_counted_elsewhere(struct svc_state *s, const char *payload, int64_t now);

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
	const char *client_addr; /* the caller's address (http/ fills it), for per-address limits;
				    NULL when there is none (commands) */
	/* Inside svc_tx: the stamps of the catalog, units and calendar caches taken before the transaction
	 * began, hence before its snapshot (SQLite's deferred BEGIN, PostgreSQL's REPEATABLE READ):
	 * what the transaction reads is kept under these, never under a later stamp that a change
	 * committed after the snapshot would have moved past (svc/cache_gen.h). */
	bool in_tx;
	uint64_t tx_catalog_stamp, tx_units_stamp, tx_calendar_stamp;
};

/* Opens the context of one call for the edge or a command: a connection taken from s->pool (this
 * waits while all are in use), the given domain time (svc_now(s), or a command's --test-clock),
 * the wall clock in real_now, no user and no client address (the caller sets them). arena and
 * problem may be NULL for work that needs neither (housekeeping). */
void svc_ctx_open(struct svc_ctx *ctx, struct svc_state *s, int64_t now, struct arena *arena,
		  struct problem *problem);
/* Gives the connection back to the pool; the context may be opened again. */
void svc_ctx_close(struct svc_ctx *ctx);
/* A connection from the pool again for a context whose svc_ctx_close gave its own back (a request
 * that waited for its commit with none); nothing else of the context changes. */
void svc_ctx_reacquire(struct svc_ctx *ctx);

/* Transactions. Every use case runs its reads and writes through svc_tx: it begins a write
 * (BEGIN IMMEDIATE) or read transaction on ctx->db, calls fn(ctx, arg), commits when fn returned
 * MC_OK and rolls back otherwise. The answer is fn's error, or the commit's. Slow work (password
 * hashing, PDF drawing) belongs before or after, never inside a write. */
enum svc_tx_mode { SVC_TX_READ, SVC_TX_WRITE };
typedef enum mc_err (*svc_tx_fn)(struct svc_ctx *ctx, void *arg);
enum mc_err svc_tx(struct svc_ctx *ctx, enum svc_tx_mode mode, svc_tx_fn fn, void *arg);
static inline enum mc_err svc_read(struct svc_ctx *ctx, svc_tx_fn fn, void *arg)
{
	return svc_tx(ctx, SVC_TX_READ, fn, arg);
}
static inline enum mc_err svc_write(struct svc_ctx *ctx, svc_tx_fn fn, void *arg)
{
	return svc_tx(ctx, SVC_TX_WRITE, fn, arg);
}

#endif
