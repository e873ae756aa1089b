/* The HTTP server: libmicrohttpd with an internal thread pool and epoll, every limit set, the
 * connection guard against slow clients, our router, a request arena, one access-log line per
 * request, metrics, static files with the browser's security headers, the slow pool for password
 * hashing and documents, and a graceful stop. */
#ifndef MC_SERVER_H
#define MC_SERVER_H

#include "http/netaddr.h"
#include "svc/svc.h"

struct server_config {
	const char *listen_addr; /* "127.0.0.1" */
	uint16_t port;           /* 0 = any free port (printed at start) */
	unsigned threads;        /* worker threads */
	size_t body_max;         /* JSON bodies, bytes (default 1 MiB) */
	size_t request_memory;   /* a request's arena cap, bytes (default ARENA_MAX_DEFAULT) */
	unsigned conn_limit;     /* connections at once (default 1024) */
	unsigned per_ip_limit;   /* connections per TCP peer (default 64; trusted proxies exempt) */
	unsigned conn_timeout;   /* idle seconds before a connection is closed (default 30) */
	unsigned header_timeout; /* seconds for a request's headers (default 10; 0: none) */
	unsigned body_window;    /* seconds of a body-rate window (default 20) */
	size_t body_min_rate;    /* bytes per second a request body must keep up (default 500) */
	size_t conn_memory;      /* libmicrohttpd's memory per connection (default 96 KiB; at least
				    2 x (header_max + target_max) + 16 KiB, so that our limits
				    answer before its own) */
	size_t header_max;       /* bytes of a request's header block (default 32 KiB) */
	size_t target_max;       /* bytes of a request target (default 8 KiB) */
	unsigned slow_threads;   /* slow-pool threads (default 2: at most two argon2id at once) */
	size_t slow_queue;       /* slow jobs waiting at most (default 256) */
	unsigned write_threads;  /* write-pool threads: intakes in flight at once, so that a group
				    commit can take several (default 8) */
	unsigned stream_max;     /* live event streams at once (default 256) */
	unsigned stream_per_ip;  /* streams per client address, staff excepted (default 4; 0: none) */
	unsigned stream_reserved; /* of stream_max, kept for staff (boards; default 64) */
	struct cidr_set trusted_proxies; /* peers whose X-Forwarded-For is believed (default none) */
	struct cidr_set metrics_allow;   /* who may read /metrics (default 127.0.0.1/32 and ::1) */
	const char *metrics_token;       /* or with this bearer token (MOTCUA_METRICS_TOKEN) */
	bool secure_cookies;     /* session cookies with Secure */
	const char *web_dir;     /* static files */
	const char *version;
};

void server_config_defaults(struct server_config *c);

struct server;

/* Starts listening; *out gets the server. state (with its open pool: svc/setup.h) stays the
 * caller's and must outlive it; requests take their connections from it (svc_ctx_open). */
enum mc_err server_start(const struct server_config *cfg, struct svc_state *state,
			 struct server **out);
/* The port actually bound (useful with port 0). */
uint16_t server_port(struct server *s);
/* Stops accepting, waits up to grace_ms for requests in flight, then stops and frees. */
void server_stop(struct server *s, int grace_ms);

#endif
