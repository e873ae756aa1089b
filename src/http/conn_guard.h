/* The connection guard: what libmicrohttpd's idle timeout cannot do against slow clients. Every
 * connection is tracked from accept to close in one of three phases:
 *   headers  — from accept, or from the end of the previous request on a kept-alive connection,
 *              until the request's headers are in: closed once older than header_timeout;
 *   body     — while a request body arrives: closed when a window of body_window seconds brings
 *              fewer than body_min_rate bytes per second;
 *   handling — the handler, the slow pool, the answer, a live stream: not the guard's concern.
 * Under pressure (open connections at 3/4 of conn_limit) the connections that have waited longest
 * in the headers phase (at least GUARD_PRESSURE_AGE_MS) are closed first, down to half the limit,
 * so that a slowloris never holds every slot while new clients wait to be accepted.
 * It also counts connections per TCP peer and refuses a peer over per_ip_limit at accept (trusted
 * proxies are exempt), replacing libmicrohttpd's own per-address limit, which cannot exempt them.
 * A watchdog thread closes connections with shutdown(2) under the guard's lock; libmicrohttpd
 * reports a connection closed before it closes the descriptor, so a descriptor shut down is
 * always still the connection's. Phase changes are lock-free (atomics). */
#ifndef MC_CONN_GUARD_H
#define MC_CONN_GUARD_H

#include <microhttpd.h>
#include <sys/socket.h>

#include "base/base.h"
#include "http/netaddr.h"

#define GUARD_TICK_MS 100
#define GUARD_PRESSURE_AGE_MS 500

struct guard_config {
	unsigned header_timeout; /* seconds for a request's headers (0: no deadline) */
	unsigned body_window;    /* seconds of each body-rate window (0: no rate) */
	size_t body_min_rate;    /* bytes per second a body must keep up (0: no rate) */
	unsigned conn_limit;     /* the daemon's connection limit */
	unsigned per_ip_limit;   /* connections per TCP peer (0: none) */
	const struct cidr_set *trusted; /* peers exempt from per_ip_limit (may be NULL) */
};

struct guard_stats {
	size_t open;                /* connections now */
	uint64_t header_timeouts;   /* closed: headers too slow */
	uint64_t slow_bodies;       /* closed: body under the minimum rate */
	uint64_t pressure;          /* closed: waiting longest for headers under pressure */
	uint64_t refused_per_ip;    /* refused at accept: the peer had per_ip_limit connections */
};

struct conn_guard;
struct guard_conn;

/* Starts the watchdog. The config is copied (trusted must outlive the guard). */
struct conn_guard *guard_new(const struct guard_config *cfg);
/* Stops the watchdog and frees the guard; call after the daemon has stopped. */
void guard_free(struct conn_guard *g);

/* libmicrohttpd's accept policy callback (cls: the guard). */
enum MHD_Result guard_accept(void *cls, const struct sockaddr *addr, socklen_t len);
/* From the daemon's connection notification: tracks (STARTED) and forgets (CLOSED). */
void guard_notify(struct conn_guard *g, struct MHD_Connection *c, void **socket_context,
		  enum MHD_ConnectionNotificationCode code);
/* The tracked record of a connection (NULL when untracked). */
struct guard_conn *guard_conn_of(struct MHD_Connection *c);

/* Phase changes, called by the access handler's thread. */
void guard_body_begin(struct guard_conn *t);          /* headers in, a body may follow */
void guard_body_bytes(struct guard_conn *t, size_t n); /* body bytes arrived */
void guard_handling(struct guard_conn *t);            /* the whole request is in */
void guard_request_done(struct guard_conn *t);        /* answered: the next headers' clock */

void guard_stats(struct conn_guard *g, struct guard_stats *out);

#endif
