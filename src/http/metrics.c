/* A fixed table of (method, route, status) counters and one latency histogram, under a mutex. The
 * table is bounded: routes are a fixed set and statuses a few dozen. */
#include "base/base.h"

#include <pthread.h>

#include "http/metrics.h"

#define METRICS_SERIES 512

static const double buckets[] = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5,
				 1, 2.5, 5};
#define NBUCKETS (sizeof(buckets) / sizeof(buckets[0]))

struct series {
	const char *method, *route;
	int status;
	uint64_t count;
};

struct metrics {
	pthread_mutex_t lock;
	struct series series[METRICS_SERIES];
	size_t nseries;
	uint64_t overflow;
	uint64_t hist[NBUCKETS + 1];
	double sum;
	uint64_t count;
	int64_t open_conns;
};

struct metrics *metrics_new(void)
{
	struct metrics *m = xcalloc(1, sizeof(*m));
	pthread_mutex_init(&m->lock, NULL);
	return m;
}

void metrics_free(struct metrics *m)
{
	if (!m)
		return;
	pthread_mutex_destroy(&m->lock);
	free(m);
}

/* The series keep pointers: methods are interned to static strings (the request's own copy dies
 * with its arena); routes are the route table's static patterns. */
static const char *intern_method(const char *method)
{
	static const char *const known[] = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"};
	for (size_t i = 0; i < MC_ARRAY_LEN(known); i++)
		if (strcmp(known[i], method) == 0)
			return known[i];
	return "OTHER";
}

void metrics_observe(struct metrics *m, const char *method, const char *route, int status,
		     double seconds)
{
	method = intern_method(method);
	pthread_mutex_lock(&m->lock);
	size_t i;
	for (i = 0; i < m->nseries; i++) {
		struct series *s = &m->series[i];
		if (s->status == status && s->route == route && s->method == method)
			break;
	}
	if (i == m->nseries && m->nseries < METRICS_SERIES) {
		m->series[i] = (struct series){method, route, status, 0};
		m->nseries++;
	}
	if (i < m->nseries)
		m->series[i].count++;
	else
		m->overflow++;
	size_t b = 0;
	while (b < NBUCKETS && seconds > buckets[b])
		b++;
	m->hist[b]++;
	m->sum += seconds;
	m->count++;
	pthread_mutex_unlock(&m->lock);
}

void metrics_conn(struct metrics *m, int delta)
{
	pthread_mutex_lock(&m->lock);
	m->open_conns += delta;
	pthread_mutex_unlock(&m->lock);
}

enum mc_err metrics_render(struct metrics *m, struct buf *out)
{
	enum mc_err err = MC_OK;
	pthread_mutex_lock(&m->lock);
	err = buf_append_str(out, "# HELP motcua_http_requests_total HTTP requests answered.\n"
				  "# TYPE motcua_http_requests_total counter\n");
	for (size_t i = 0; !err && i < m->nseries; i++)
		err = buf_printf(out,
				 "motcua_http_requests_total{method=\"%s\",route=\"%s\",status=\"%d\"} "
				 "%llu\n",
				 m->series[i].method, m->series[i].route, m->series[i].status,
				 (unsigned long long)m->series[i].count);
	if (!err)
		err = buf_append_str(out, "# HELP motcua_http_request_duration_seconds Time to answer.\n"
					  "# TYPE motcua_http_request_duration_seconds histogram\n");
	uint64_t cum = 0;
	for (size_t b = 0; !err && b < NBUCKETS; b++) {
		cum += m->hist[b];
		err = buf_printf(out, "motcua_http_request_duration_seconds_bucket{le=\"%g\"} %llu\n",
				 buckets[b], (unsigned long long)cum);
	}
	if (!err)
		err = buf_printf(out,
				 "motcua_http_request_duration_seconds_bucket{le=\"+Inf\"} %llu\n"
				 "motcua_http_request_duration_seconds_sum %.6f\n"
				 "motcua_http_request_duration_seconds_count %llu\n"
				 "# HELP motcua_http_open_connections Connections open now.\n"
				 "# TYPE motcua_http_open_connections gauge\n"
				 "motcua_http_open_connections %lld\n",
				 (unsigned long long)m->count, m->sum, (unsigned long long)m->count,
				 (long long)m->open_conns);
	pthread_mutex_unlock(&m->lock);
	return err;
}
