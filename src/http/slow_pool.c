/* The slow pool's queue and threads (see slow_pool.h). */
#include "base/base.h"

#include <microhttpd.h>

#include "http/slow_pool.h"

static void *slow_main(void *arg)
{
	struct slow_pool *p = arg;
	thread_name(p->name);
	for (;;) {
		pthread_mutex_lock(&p->lock);
		while (p->len == 0 && !p->stopping)
			pthread_cond_wait(&p->ready, &p->lock);
		if (p->len == 0 && p->stopping) {
			pthread_mutex_unlock(&p->lock);
			return NULL;
		}
		struct req *r = p->queue[p->head];
		p->head = (p->head + 1) % p->cap;
		p->len--;
		pthread_mutex_unlock(&p->lock);
		p->run(r);
		r->suspended = false;
		MHD_resume_connection(r->conn);
	}
}

bool slow_pool_submit(struct slow_pool *p, struct req *r)
{
	pthread_mutex_lock(&p->lock);
	bool ok = p->len < p->cap && !p->stopping;
	if (ok) {
		r->suspended = true;
		MHD_suspend_connection(r->conn);
		p->queue[(p->head + p->len) % p->cap] = r;
		p->len++;
		pthread_cond_signal(&p->ready);
	}
	pthread_mutex_unlock(&p->lock);
	return ok;
}

void slow_pool_start(struct slow_pool *p, const char *name, unsigned nthreads, size_t cap,
		     slow_run_fn run)
{
	p->name = name;
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->ready, NULL);
	p->run = run;
	p->cap = cap ? cap : 1;
	p->queue = xcalloc(p->cap, sizeof(*p->queue));
	p->nthreads = nthreads ? nthreads : 1;
	p->threads = xcalloc(p->nthreads, sizeof(*p->threads));
	for (unsigned i = 0; i < p->nthreads; i++)
		pthread_create(&p->threads[i], NULL, slow_main, p);
}

void slow_pool_stop(struct slow_pool *p)
{
	pthread_mutex_lock(&p->lock);
	p->stopping = true;
	pthread_cond_broadcast(&p->ready);
	pthread_mutex_unlock(&p->lock);
	for (unsigned i = 0; i < p->nthreads; i++)
		pthread_join(p->threads[i], NULL);
	free(p->threads);
	free(p->queue);
	pthread_mutex_destroy(&p->lock);
	pthread_cond_destroy(&p->ready);
}
