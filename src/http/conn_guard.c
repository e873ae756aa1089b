/* The connection guard (see conn_guard.h): a list of tracked connections and a table of
 * connections per peer under one lock, phases in atomics, and the watchdog thread. */
#include "base/base.h"

#include <pthread.h>
#include <stdatomic.h>
#include <sys/socket.h>
#include <time.h>

#include "base/log.h"
#include "http/conn_guard.h"

enum phase { PHASE_HEADERS, PHASE_BODY, PHASE_HANDLING };

struct guard_conn {
	struct guard_conn *prev, *next;
	struct conn_guard *guard;
	int fd;
	struct netaddr peer;
	bool killed;
	atomic_int phase;
	atomic_int_fast64_t since_ms; /* when the phase began */
	atomic_uint_fast64_t body_bytes, body_seq;
	/* The watchdog's own: the current body-rate window. */
	uint64_t mark_seq, mark_bytes;
	int64_t mark_ms;
};

#define PEER_BUCKETS 1024

struct peer_count {
	struct peer_count *next;
	struct netaddr addr;
	unsigned n;
};

struct conn_guard {
	struct guard_config cfg;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	pthread_t thread;
	bool stopping;
	struct guard_conn *head;
	size_t open, dying; /* dying: shut down, not yet closed by the daemon */
	struct peer_count *peers[PEER_BUCKETS];
	struct guard_stats stats;
};

static size_t peer_bucket(const struct netaddr *a)
{
	uint32_t h = 2166136261u ^ a->family;
	for (size_t i = 0; i < sizeof(a->b); i++)
		h = (h ^ a->b[i]) * 16777619u;
	return h % PEER_BUCKETS;
}

/* The count of a peer's connections; created when add. Lock held. */
static struct peer_count *peer_find(struct conn_guard *g, const struct netaddr *a, bool add)
{
	struct peer_count **p = &g->peers[peer_bucket(a)];
	for (; *p; p = &(*p)->next)
		if (memcmp(&(*p)->addr, a, sizeof(*a)) == 0)
			return *p;
	if (!add)
		return NULL;
	*p = xcalloc(1, sizeof(**p));
	(*p)->addr = *a;
	return *p;
}

static void peer_release(struct conn_guard *g, const struct netaddr *a)
{
	struct peer_count **p = &g->peers[peer_bucket(a)];
	for (; *p; p = &(*p)->next)
		if (memcmp(&(*p)->addr, a, sizeof(*a)) == 0) {
			if (--(*p)->n == 0) {
				struct peer_count *dead = *p;
				*p = dead->next;
				free(dead);
			}
			return;
		}
}

enum MHD_Result guard_accept(void *cls, const struct sockaddr *addr, socklen_t len)
{
	struct conn_guard *g = cls;
	struct netaddr a;
	MC_UNUSED(len);
	if (!g->cfg.per_ip_limit || !netaddr_from_sockaddr(addr, &a) ||
	    cidr_set_has(g->cfg.trusted, &a))
		return MHD_YES;
	pthread_mutex_lock(&g->lock);
	struct peer_count *pc = peer_find(g, &a, false);
	bool ok = !pc || pc->n < g->cfg.per_ip_limit;
	if (!ok)
		g->stats.refused_per_ip++;
	pthread_mutex_unlock(&g->lock);
	return ok ? MHD_YES : MHD_NO;
}

static void track(struct conn_guard *g, struct MHD_Connection *c, void **socket_context)
{
	struct guard_conn *t = xcalloc(1, sizeof(*t));
	const union MHD_ConnectionInfo *fd =
		MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	t->guard = g;
	t->fd = fd ? fd->connect_fd : -1;
	if (ci)
		netaddr_from_sockaddr(ci->client_addr, &t->peer);
	atomic_init(&t->phase, PHASE_HEADERS);
	atomic_init(&t->since_ms, mono_ms());
	atomic_init(&t->body_bytes, 0);
	atomic_init(&t->body_seq, 0);
	pthread_mutex_lock(&g->lock);
	t->next = g->head;
	if (g->head)
		g->head->prev = t;
	g->head = t;
	g->open++;
	peer_find(g, &t->peer, true)->n++;
	pthread_mutex_unlock(&g->lock);
	*socket_context = t;
}

static void forget(struct conn_guard *g, void **socket_context)
{
	struct guard_conn *t = *socket_context;
	if (!t)
		return;
	pthread_mutex_lock(&g->lock);
	if (t->prev)
		t->prev->next = t->next;
	else
		g->head = t->next;
	if (t->next)
		t->next->prev = t->prev;
	g->open--;
	if (t->killed)
		g->dying--;
	peer_release(g, &t->peer);
	pthread_mutex_unlock(&g->lock);
	free(t);
	*socket_context = NULL;
}

void guard_notify(struct conn_guard *g, struct MHD_Connection *c, void **socket_context,
		  enum MHD_ConnectionNotificationCode code)
{
	if (code == MHD_CONNECTION_NOTIFY_STARTED)
		track(g, c, socket_context);
	else
		forget(g, socket_context);
}

struct guard_conn *guard_conn_of(struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo *i =
		MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	return i ? i->socket_context : NULL;
}

void guard_body_begin(struct guard_conn *t)
{
	if (!t)
		return;
	atomic_store(&t->body_bytes, 0);
	atomic_store(&t->since_ms, mono_ms());
	atomic_fetch_add(&t->body_seq, 1);
	atomic_store(&t->phase, PHASE_BODY);
}

void guard_body_bytes(struct guard_conn *t, size_t n)
{
	if (t)
		atomic_fetch_add(&t->body_bytes, n);
}

void guard_handling(struct guard_conn *t)
{
	if (t)
		atomic_store(&t->phase, PHASE_HANDLING);
}

void guard_request_done(struct guard_conn *t)
{
	if (!t)
		return;
	atomic_store(&t->since_ms, mono_ms());
	atomic_store(&t->phase, PHASE_HEADERS);
}

/* Shuts a connection down: the daemon sees the end of its stream and closes it. Lock held. */
static void kill_conn(struct conn_guard *g, struct guard_conn *t, uint64_t *counter,
		      const char *why)
{
	char addr[NETADDR_TEXT_MAX];
	if (t->killed || t->fd < 0)
		return;
	t->killed = true;
	g->dying++;
	(*counter)++;
	shutdown(t->fd, SHUT_RDWR);
	netaddr_format(&t->peer, addr);
	log_debug("closed a connection of \"%s\": %s", addr, why);
}

/* A body's rate over its current window; true when it fell short. Lock held. */
static bool body_too_slow(struct conn_guard *g, struct guard_conn *t, int64_t now)
{
	uint64_t seq = atomic_load(&t->body_seq), bytes = atomic_load(&t->body_bytes);
	if (t->mark_seq != seq) {
		t->mark_seq = seq;
		t->mark_ms = atomic_load(&t->since_ms);
		t->mark_bytes = 0;
	}
	int64_t window_ms = (int64_t)g->cfg.body_window * 1000;
	if (now - t->mark_ms < window_ms)
		return false;
	if (bytes - t->mark_bytes < (uint64_t)g->cfg.body_min_rate * g->cfg.body_window)
		return true;
	t->mark_ms = now;
	t->mark_bytes = bytes;
	return false;
}

static int by_age(const void *a, const void *b)
{
	int64_t x = atomic_load(&(*(struct guard_conn *const *)a)->since_ms);
	int64_t y = atomic_load(&(*(struct guard_conn *const *)b)->since_ms);
	return x < y ? -1 : x > y;
}

/* Under pressure: the connections waiting longest for headers go first. Lock held. */
static void relieve(struct conn_guard *g, int64_t now)
{
	size_t limit = g->cfg.conn_limit, live = g->open - g->dying;
	if (live * 4 < limit * 3)
		return;
	struct guard_conn **v = xcalloc(live, sizeof(*v));
	size_t n = 0;
	for (struct guard_conn *t = g->head; t && n < live; t = t->next)
		if (!t->killed && atomic_load(&t->phase) == PHASE_HEADERS &&
		    now - atomic_load(&t->since_ms) >= GUARD_PRESSURE_AGE_MS)
			v[n++] = t;
	qsort(v, n, sizeof(*v), by_age);
	for (size_t i = 0; i < n && g->open - g->dying > limit / 2; i++)
		kill_conn(g, v[i], &g->stats.pressure, "waited longest for headers under pressure");
	free(v);
}

static void sweep(struct conn_guard *g)
{
	int64_t now = mono_ms();
	int64_t header_ms = (int64_t)g->cfg.header_timeout * 1000;
	bool rate = g->cfg.body_window && g->cfg.body_min_rate;
	for (struct guard_conn *t = g->head; t; t = t->next) {
		if (t->killed)
			continue;
		int phase = atomic_load(&t->phase);
		if (phase == PHASE_HEADERS && header_ms &&
		    now - atomic_load(&t->since_ms) >= header_ms)
			kill_conn(g, t, &g->stats.header_timeouts, "headers not complete in time");
		else if (phase == PHASE_BODY && rate && body_too_slow(g, t, now))
			kill_conn(g, t, &g->stats.slow_bodies, "body below the minimum rate");
	}
	relieve(g, now);
}

static void *watchdog(void *arg)
{
	thread_name("mc-watchdog");
	struct conn_guard *g = arg;
	pthread_mutex_lock(&g->lock);
	while (!g->stopping) {
		struct timespec until;
		clock_gettime(CLOCK_MONOTONIC, &until);
		until.tv_nsec += GUARD_TICK_MS * 1000000L;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&g->wake, &g->lock, &until);
		if (!g->stopping)
			sweep(g);
	}
	pthread_mutex_unlock(&g->lock);
	return NULL;
}

struct conn_guard *guard_new(const struct guard_config *cfg)
{
	struct conn_guard *g = xcalloc(1, sizeof(*g));
	pthread_condattr_t ca;
	g->cfg = *cfg;
	pthread_mutex_init(&g->lock, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&g->wake, &ca);
	pthread_condattr_destroy(&ca);
	if (pthread_create(&g->thread, NULL, watchdog, g) != 0) {
		log_error("cannot start the connection watchdog");
		abort();
	}
	return g;
}

void guard_free(struct conn_guard *g)
{
	if (!g)
		return;
	pthread_mutex_lock(&g->lock);
	g->stopping = true;
	pthread_cond_signal(&g->wake);
	pthread_mutex_unlock(&g->lock);
	pthread_join(g->thread, NULL);
	for (size_t i = 0; i < PEER_BUCKETS; i++)
		while (g->peers[i]) {
			struct peer_count *p = g->peers[i];
			g->peers[i] = p->next;
			free(p);
		}
	while (g->head) { /* none once the daemon has stopped */
		struct guard_conn *t = g->head;
		g->head = t->next;
		free(t);
	}
	pthread_cond_destroy(&g->wake);
	pthread_mutex_destroy(&g->lock);
	free(g);
}

void guard_stats(struct conn_guard *g, struct guard_stats *out)
{
	pthread_mutex_lock(&g->lock);
	*out = g->stats;
	out->open = g->open;
	pthread_mutex_unlock(&g->lock);
}
