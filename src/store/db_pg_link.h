/* A libpq connection that finds its server again (internal to store/db_pg*.c): opened with
 * timeouts so that a silent host is given up, and reconnected after a loss, trying the hosts of a
 * multi-host URL (with target_session_attrs=read-write: the primary, even a newly promoted one)
 * starting at the one that answered last in its pool, one reconnection at a time per pool. */
#ifndef MC_DB_PG_LINK_H
#define MC_DB_PG_LINK_H

#include <stdbool.h>
#include <stdint.h>

#include <libpq-fe.h>

struct pg_pool;

#define PG_RETRY_MS 500 /* in a pool, between two reconnections that find no server */

struct pg_link {
	PGconn *conn;	       /* never NULL once opened; CONNECTION_BAD while lost */
	char *target;	       /* the URL (owned) */
	unsigned session;      /* counts reconnections: what a session held (prepared
				* statements, settings) is gone when it moves */
	struct pg_pool *pool;  /* shared with the other connections of its pool, or NULL */
	int first;	       /* without a pool: the host to try first at the next reconnection */
};

/* Opens the connection to the first host of `target` that qualifies and sets the session up
 * (UTC, UTF8). Returns false (and logs why) when none does; the link must still be closed. */
bool db__pg_link_open(struct pg_link *l, const char *target);
void db__pg_link_close(struct pg_link *l);

/* True when the connection is usable, reconnecting first if it was lost. In a pool, a connection
 * answers false at once while another of the pool reconnects to a database found unreachable, or
 * within PG_RETRY_MS of the last failure (db__pg_pool_begin): one thread at a time waits on
 * hosts that may not answer, the others' requests get their 503 without delay. Thread-safe
 * across the links of one pool. */
bool db__pg_link_check(struct pg_link *l);

/* What the links of one pool share (set each link's pool after making it); freed after the
 * pool's last use of its links. */
struct pg_pool *db__pg_pool_new(void);
void db__pg_pool_free(struct pg_pool *pool);

/* One reconnection of a link of a pool, as the pool sees it (db__pg_link_check; exposed for
 * tests). */
struct pg_attempt {
	int first;		/* the host to try first: the one found last */
	bool prober;		/* it began while the pool was down: the others wait for it */
	uint64_t found_before;	/* the pool's count of reconnections that found a server, then */
};
/* Whether a link may reconnect now: not while another probes a database found unreachable, nor
 * within PG_RETRY_MS of the last failure; fills *a. */
bool db__pg_pool_begin(struct pg_pool *pool, struct pg_attempt *a);
/* Records the outcome. Success: the pool is up, the host found is tried first next time. Failure:
 * the pool is down, unless another reconnection found a server after this one began (a failure
 * that waited connect_timeout on a lost host, while another link reached the promoted standby,
 * is stale: marking the pool down would turn its requests into 503s for PG_RETRY_MS). After a
 * failure the order stays: an attempt tries every host anyway, and one that waits on a silent
 * host first reaches the others within connect_timeout. */
void db__pg_pool_end(struct pg_pool *pool, const struct pg_attempt *a, bool ok, int found);

#endif
