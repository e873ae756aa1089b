/* Connections to PostgreSQL that find their server again (db_pg_link.h): the parameters motcua
 * adds to a URL, the order in which a reconnection tries the hosts of a multi-host URL, and the
 * pool's rule of one reconnection at a time while the database is unreachable. What runs on a
 * connection (statements, transactions) is db_pg.c's. */
#include "base/base.h"

#include <pthread.h>
#include <time.h>

#include "base/log.h"
#include "store/db_pg_link.h"

struct pg_pool {
	pthread_mutex_t lock;
	bool down;	   /* the last reconnection found no server that qualifies */
	bool probing;	   /* while down: a connection is trying again */
	int64_t failed_ms; /* when it last found none (CLOCK_MONOTONIC) */
	int first;	   /* the host to try first: the one found last */
	uint64_t found;	   /* reconnections that found a server, so far */
};

/* Notices (a table already there, a NOTICE of a migration) are not logged. */
static void on_notice(void *arg, const char *message)
{
	MC_UNUSED(arg);
	MC_UNUSED(message);
}

/* The `i`th item of a comma-separated list (a copy), or NULL past its end. */
static char *list_item(const char *list, int i)
{
	for (; i > 0 && list; i--) {
		list = strchr(list, ',');
		if (list)
			list++;
	}
	if (!list)
		return NULL;
	size_t n = strcspn(list, ",");
	char *out = xmalloc(n + 1);
	memcpy(out, list, n);
	out[n] = '\0';
	return out;
}

static int list_len(const char *list)
{
	int n = list && *list ? 1 : 0;
	for (const char *p = list ? strchr(list, ',') : NULL; p; p = strchr(p + 1, ','))
		n++;
	return n;
}

/* The list with its items from `first` on moved to the front; a list of another length than the
 * hosts' (one port for every host) is kept as it is. */
static char *rotate(const char *list, int first, int nhosts)
{
	if (list_len(list) != nhosts || first == 0)
		return xstrdup(list);
	size_t cap = strlen(list) + 2, len = 0;
	char *out = xmalloc(cap);
	for (int k = 0; k < nhosts; k++) {
		char *item = list_item(list, (first + k) % nhosts);
		len += (size_t)snprintf(out + len, cap - len, "%s%s", k ? "," : "", item);
		free(item);
	}
	return out;
}

/* The position among `hosts` and `ports` of the host the connection reached (0 when unknown). */
static int host_index(PGconn *conn, const char *hosts, const char *ports, int nhosts)
{
	const char *host = PQhost(conn), *port = PQport(conn);
	for (int i = 0; host && i < nhosts; i++) {
		char *h = list_item(hosts, i);
		char *p = list_len(ports) == nhosts ? list_item(ports, i) : NULL;
		bool same = h && !strcmp(h, host) && (!p || (port && !strcmp(p, port)));
		free(h);
		free(p);
		if (same)
			return i;
	}
	return 0;
}

/* Connects with motcua's defaults before the URL's own parameters (the later wins): a host that
 * neither refuses nor answers (a lost machine, a hung server) is given up after connect_timeout
 * seconds and the next host tried; a connection whose server vanished is found dead by TCP
 * keepalives when idle and by tcp_user_timeout when data waits unacknowledged. Without them a
 * request, or a reconnection, waits the kernel's minutes before its 503. PGCONNECT_TIMEOUT, when
 * set, is left to libpq. The hosts are tried from the `first`th on, in a circle; *found gets the
 * position of the one reached, *nhosts their number. */
static PGconn *connect_from(const char *target, int first, int *found, int *nhosts)
{
	static const char *const defaults[][2] = {
		{"connect_timeout", "5"},  {"keepalives_idle", "30"}, {"keepalives_interval", "10"},
		{"keepalives_count", "3"}, {"tcp_user_timeout", "30000"},
	};
	const size_t ndef = sizeof(defaults) / sizeof(defaults[0]);
	char *err = NULL;
	PQconninfoOption *opts = PQconninfoParse(target, &err);
	size_t nopts = 0;
	for (PQconninfoOption *o = opts; o && o->keyword; o++)
		nopts++;
	const char **keys = xcalloc(ndef + nopts + 2, sizeof(*keys));
	const char **values = xcalloc(ndef + nopts + 2, sizeof(*values));
	char *rotated[3] = {NULL, NULL, NULL}; /* host, hostaddr, port */
	size_t k = 0;
	for (size_t i = 0; i < ndef; i++, k++) {
		keys[k] = defaults[i][0];
		values[k] = i == 0 && getenv("PGCONNECT_TIMEOUT") ? "" : defaults[i][1];
	}
	const char *hosts = NULL, *addrs = NULL, *ports = NULL;
	for (PQconninfoOption *o = opts; o && o->keyword; o++) {
		hosts = !strcmp(o->keyword, "host") ? o->val : hosts;
		addrs = !strcmp(o->keyword, "hostaddr") ? o->val : addrs;
		ports = !strcmp(o->keyword, "port") ? o->val : ports;
	}
	*nhosts = list_len(hosts && *hosts ? hosts : addrs);
	first = *nhosts > 0 ? first % *nhosts : 0;
	for (PQconninfoOption *o = opts; o && o->keyword; o++) {
		if (!o->val)
			continue;
		int r = !strcmp(o->keyword, "host")	  ? 0
			: !strcmp(o->keyword, "hostaddr") ? 1
			: !strcmp(o->keyword, "port")	  ? 2
							  : -1;
		keys[k] = o->keyword;
		values[k++] = r < 0 ? o->val : (rotated[r] = rotate(o->val, first, *nhosts));
	}
	if (!opts) { /* not a valid URL: libpq says why */
		keys[k] = "dbname";
		values[k++] = target;
	}
	PGconn *conn = PQconnectdbParams(keys, values, !opts);
	*found = 0;
	if (conn && PQstatus(conn) == CONNECTION_OK && *nhosts > 1)
		*found = (first + host_index(conn, rotated[0] ? rotated[0] : rotated[1],
					     rotated[2], *nhosts)) % *nhosts;
	for (size_t i = 0; i < 3; i++)
		free(rotated[i]);
	free(keys);
	free(values);
	PQconninfoFree(opts);
	PQfreemem(err);
	return conn;
}

/* Settings of every session, made again after each reconnection (a new session has none). JIT off:
 * the stores' statements are short and prepared once; their generic plans carry cost estimates in
 * the millions (the optional filters' "$n IS NULL OR ..." are unknown to the planner), above
 * jit_above_cost, so PostgreSQL compiled the inbox's statement on every execution: 750 ms of
 * LLVM for a 1 ms query at 2,000,000 dossiers (bench/README.md "The summary's parts").
 * No parallel workers: each is a new process that maps the shared buffers page by page and loads
 * its caches before it reads a row. The city-wide summary at 10,000,000 dossiers took 230-560 ms
 * as a Gather of two workers per part and 97-101 ms without (bench/README.md "PostgreSQL at
 * 10,000,000, 2026-12-03 (night)"); the administrator's first page, 5 ms of worker start for a
 * 0.1 ms read. */
static bool session_setup(struct pg_link *l)
{
	PQsetNoticeProcessor(l->conn, on_notice, NULL);
	PGresult *r =
		PQexec(l->conn, "SET TIME ZONE 'UTC'; SET client_encoding = 'UTF8'; SET jit = off; "
			  "SET max_parallel_workers_per_gather = 0");
	bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
	PQclear(r);
	return ok;
}

bool db__pg_link_open(struct pg_link *l, const char *target)
{
	int found, n;
	l->target = xstrdup(target);
	l->conn = connect_from(target, 0, &found, &n);
	if (!l->conn)
		abort(); /* libpq could not allocate */
	if (PQstatus(l->conn) != CONNECTION_OK) {
		log_error("cannot connect to PostgreSQL: %s", PQerrorMessage(l->conn));
		return false;
	}
	return session_setup(l);
}

void db__pg_link_close(struct pg_link *l)
{
	PQfinish(l->conn);
	l->conn = NULL;
	free(l->target);
	l->target = NULL;
}

bool db__pg_pool_begin(struct pg_pool *p, struct pg_attempt *a)
{
	pthread_mutex_lock(&p->lock);
	bool go = !p->down || (!p->probing && mono_ms() - p->failed_ms >= PG_RETRY_MS);
	a->prober = go && p->down;
	if (a->prober)
		p->probing = true;
	a->found_before = p->found;
	a->first = p->first;
	pthread_mutex_unlock(&p->lock);
	return go;
}

void db__pg_pool_end(struct pg_pool *p, const struct pg_attempt *a, bool ok, int found)
{
	pthread_mutex_lock(&p->lock);
	if (a->prober)
		p->probing = false;
	if (ok) {
		p->down = false;
		p->failed_ms = 0;
		p->first = found;
		p->found++;
	} else if (p->found == a->found_before) {
		/* none found since this attempt began (db_pg_link.h) */
		p->down = true;
		p->failed_ms = mono_ms();
	}
	pthread_mutex_unlock(&p->lock);
}

bool db__pg_link_check(struct pg_link *l)
{
	if (PQstatus(l->conn) == CONNECTION_OK)
		return true;
	int found, nhosts;
	struct pg_attempt a = {.first = l->first};
	if (l->pool && !db__pg_pool_begin(l->pool, &a))
		return false;
	PQfinish(l->conn);
	l->session++;
	l->conn = connect_from(l->target, a.first, &found, &nhosts);
	if (!l->conn)
		abort(); /* libpq could not allocate */
	bool ok = PQstatus(l->conn) == CONNECTION_OK && session_setup(l);
	if (l->pool)
		db__pg_pool_end(l->pool, &a, ok, found);
	else if (ok) /* after a failure the order stays (db__pg_pool_end) */
		l->first = found;
	if (ok)
		log_info("reconnected to PostgreSQL at \"%s:%s\"", PQhost(l->conn), PQport(l->conn));
	else /* at most one a pool each PG_RETRY_MS while the database is unreachable */
		log_warn("cannot reconnect to PostgreSQL: %s", PQerrorMessage(l->conn));
	return ok;
}

struct pg_pool *db__pg_pool_new(void)
{
	struct pg_pool *p = xcalloc(1, sizeof(*p));
	pthread_mutex_init(&p->lock, NULL);
	return p;
}

void db__pg_pool_free(struct pg_pool *p)
{
	if (!p)
		return;
	pthread_mutex_destroy(&p->lock);
	free(p);
}
