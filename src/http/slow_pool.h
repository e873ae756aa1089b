/* The slow pool: a few threads for password hashing, PDF and XLSX work, and uploads (hashing,
 * fsync), so that the daemon's threads keep answering. A request handed to it is suspended in
 * libmicrohttpd and resumed once its handler has run. The queue is bounded. */
#ifndef MC_SLOW_POOL_H
#define MC_SLOW_POOL_H

#include <pthread.h>

#include "http/http.h"

typedef void (*slow_run_fn)(struct req *r);

struct slow_pool {
	pthread_mutex_t lock;
	pthread_cond_t ready;
	struct req **queue;
	size_t cap, head, len;
	bool stopping;
	pthread_t *threads;
	unsigned nthreads;
	slow_run_fn run;
	const char *name; /* its threads' (thread_name) */
};

/* Starts nthreads threads (at least 1) named name with a queue of cap requests (at least 1). */
void slow_pool_start(struct slow_pool *p, const char *name, unsigned nthreads, size_t cap,
		     slow_run_fn run);
/* Queues a request and suspends its connection; false when the queue is full or stopping. */
bool slow_pool_submit(struct slow_pool *p, struct req *r);
/* Runs what is queued, then joins the threads. */
void slow_pool_stop(struct slow_pool *p);

#endif
