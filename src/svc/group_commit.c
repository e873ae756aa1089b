/* The group-commit writer (see group_commit.h): a queue of jobs under one mutex, a thread that takes
 * them in batches, and a condition per job that its caller waits on. */
#include "base/base.h"

#include <errno.h>
#include <pthread.h>
#include <time.h>

#include "base/log.h"
#include "svc/group_commit.h"
#include "store/db.h"

struct gc_job {
	struct svc_ctx *ctx;
	enum mc_err (*fn)(struct svc_ctx *ctx, void *arg);
	void *arg;
	enum mc_err err;
	bool done;
	pthread_cond_t done_cond;
	/* group_commit_submit's: called once committed instead of signalling done_cond; the job was
	 * allocated by the submit and is freed after the call. */
	void (*on_done)(void *arg, enum mc_err err);
	void *on_done_arg;
	struct gc_job *next;
	unsigned long cycle; /* g->cycle when queued: the batches ended before it came */
};

struct group_commit {
	struct db_pool *pool;
	struct db *db;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t queued; /* a job was queued, or stop */
	struct gc_job *head, *tail;
	size_t coming; /* announced and not yet queued */
	bool stop;
	long commit_us; /* how long the last commit took (writer thread only) */
	unsigned long cycle; /* batches ended */
	size_t answered;     /* jobs the last batch answered */
};

static void deadline_after(struct timespec *ts, long us)
{
	clock_gettime(CLOCK_MONOTONIC, ts); /* g->queued's clock: a wall clock set back waits no longer */
	ts->tv_nsec += us * 1000;
	ts->tv_sec += ts->tv_nsec / 1000000000;
	ts->tv_nsec %= 1000000000;
}

static long elapsed_us(const struct timespec *t0)
{
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (long)((t1.tv_sec - t0->tv_sec) * 1000000 + (t1.tv_nsec - t0->tv_nsec) / 1000);
}

/* Runs one job on the writer's connection, in the open transaction. */
static enum mc_err run_fn(struct group_commit *g, struct gc_job *j)
{
	struct db *own = j->ctx->db;
	j->ctx->db = g->db;
	j->err = j->fn(j->ctx, j->arg);
	j->ctx->db = own;
	return j->err;
}

/* Runs one job in its savepoint of the open transaction. Returns an error when the savepoint
 * itself failed: the transaction may be gone then (SQLite rolls back the whole of it on some
 * errors), so nothing of the batch may commit. */
static enum mc_err run_job(struct group_commit *g, struct gc_job *j)
{
	enum mc_err tx = db_savepoint(g->db);
	if (tx) {
		j->err = tx;
		return tx;
	}
	run_fn(g, j);
	tx = j->err ? db_savepoint_rollback(g->db) : db_savepoint_release(g->db);
	if (tx && !j->err)
		j->err = tx;
	return tx;
}

struct batch {
	struct group_commit *g;
	struct gc_job **jobs;
	size_t n;
	/* The first pass runs the jobs straight in the transaction, with no savepoint: a savepoint
	 * copies every page a job writes first into SQLite's sub-journal and frees them at its
	 * release, for a rollback that almost never happens (the jobs validated their input before).
	 * When a job fails, that transaction rolls back and the careful pass runs every job again,
	 * each in its savepoint, so that the others still commit. */
	bool careful;
	bool ran;               /* every job (careful: every savepoint) held: commit */
	struct timespec ran_at; /* when the last job ended (CLOCK_MONOTONIC) */
	struct problem_mark marks[GROUP_COMMIT_MAX];
	/* Jobs queued while the batch runs join its transaction; while fewer than `expect` have
	 * joined, the writer waits for more until `until` (CLOCK_MONOTONIC). */
	size_t expect;
	struct timespec until;
};

/* Moves queued jobs to jobs[*n...] (GROUP_COMMIT_MAX in all at most), under g->lock. Returns how
 * many; *waited (when not NULL) counts those queued before the last batch ended. */
static size_t take_queued(struct group_commit *g, struct gc_job **jobs, size_t *n, size_t *waited)
{
	size_t took = 0;
	for (; g->head && *n < GROUP_COMMIT_MAX; took++) {
		if (waited)
			*waited += g->head->cycle < g->cycle;
		jobs[(*n)++] = g->head;
		g->head = g->head->next;
	}
	if (!g->head)
		g->tail = NULL;
	return took;
}

/* Marks what the problem of each job from `from` on held before the job ran (the careful pass
 * rewinds to it). */
static void mark_problems(struct batch *b, size_t from)
{
	for (size_t i = from; i < b->n; i++)
		problem_mark(b->jobs[i]->ctx->problem, &b->marks[i]);
}

/* Takes the jobs queued since the batch began into its open transaction (optimistic pass only):
 * those there now, else, while the batch has fewer than it expects or an announced job is on its
 * way (group_commit_expect), the next to come before its deadline. Returns how many it took. */
static size_t join_more(struct batch *b)
{
	struct group_commit *g = b->g;
	size_t took = 0, from = b->n;
	pthread_mutex_lock(&g->lock);
	for (;;) {
		took += take_queued(g, b->jobs, &b->n, NULL);
		if (took || (b->n >= b->expect && g->coming == 0) || b->n == GROUP_COMMIT_MAX ||
		    g->stop)
			break;
		if (pthread_cond_timedwait(&g->queued, &g->lock, &b->until) == ETIMEDOUT && !g->head)
			break;
	}
	pthread_mutex_unlock(&g->lock);
	mark_problems(b, from);
	return took;
}

/* The batch's transaction. Optimistic: the jobs in turn; the first error ends it (rolled back).
 * Careful: each job in its savepoint; after a savepoint failed, the jobs left get its error
 * without running. */
static enum mc_err batch_tx(struct svc_ctx *writer, void *arg)
{
	struct batch *b = arg;
	enum mc_err err = MC_OK;
	MC_UNUSED(writer); /* its connection is g->db */
	for (size_t i = 0; i < b->n || (!b->careful && join_more(b)); i++) {
		struct gc_job *j = b->jobs[i];
		if (!b->careful) {
			if (run_fn(b->g, j))
				return j->err;
			continue;
		}
		problem_rewind(j->ctx->problem, &b->marks[i]);
		if (err)
			j->err = err;
		else
			err = run_job(b->g, j);
	}
	b->ran = !err;
	clock_gettime(CLOCK_MONOTONIC, &b->ran_at);
	return err;
}

/* Takes the queue, runs it in one transaction with the jobs that join it (join_more), commits
 * and wakes each caller. */
static void run_batch(struct group_commit *g)
{
	struct gc_job *batch[GROUP_COMMIT_MAX];
	size_t n = 0, waited = 0; /* waited: queued before the last batch ended */
	pthread_mutex_lock(&g->lock);
	while (!g->head && !g->stop)
		pthread_cond_wait(&g->queued, &g->lock);
	take_queued(g, batch, &n, &waited);
	pthread_mutex_unlock(&g->lock);
	if (n == 0)
		return;
	struct batch b = {.g = g, .jobs = batch, .n = n};
	/* The callers the last batch answered are expected back (a client sends its next intake
	 * when answered), besides those of this batch that were queued while it ran; and announced
	 * jobs are on their way. Waiting for them, one commit's time at most, makes one commit of
	 * what would otherwise be two groups taking turns at the writer, each arriving while the
	 * other commits. A disk that syncs fast leaves little to share, and little wait. */
	size_t expect = g->answered + waited;
	b.expect = expect < GROUP_COMMIT_MAX ? expect : GROUP_COMMIT_MAX;
	deadline_after(&b.until, g->commit_us < GROUP_COMMIT_WAIT_US ? g->commit_us
								 : GROUP_COMMIT_WAIT_US);
	mark_problems(&b, 0);
	struct svc_ctx writer = {.db = g->db};
	enum mc_err err = svc_write(&writer, batch_tx, &b);
	n = b.n; /* with the jobs that joined */
	if (!b.ran && n > 1) { /* a job failed in the optimistic pass: everything again, carefully */
		log_info("group commit: a job of a batch of %zu failed (%s); the batch runs again, each "
			 "job in a savepoint",
			 n, mc_err_name(err));
		b.careful = true;
		for (size_t i = 0; i < n; i++)
			batch[i]->err = MC_OK;
		err = svc_write(&writer, batch_tx, &b);
	}
	if (b.ran)
		g->commit_us = elapsed_us(&b.ran_at); /* the commit's time alone */
	struct gc_job *later[GROUP_COMMIT_MAX];
	size_t nlater = 0;
	pthread_mutex_lock(&g->lock);
	g->cycle++;
	g->answered = n;
	for (size_t i = 0; i < n; i++) {
		if (!batch[i]->err && err)
			batch[i]->err = err;
		if (batch[i]->on_done) {
			later[nlater++] = batch[i];
			continue;
		}
		batch[i]->done = true;
		pthread_cond_signal(&batch[i]->done_cond);
	}
	pthread_mutex_unlock(&g->lock);
	/* Submitted jobs: their callers' callbacks, outside the queue's lock. */
	for (size_t i = 0; i < nlater; i++) {
		later[i]->on_done(later[i]->on_done_arg, later[i]->err);
		free(later[i]);
	}
}

static void *writer_main(void *arg)
{
	thread_name("mc-writer");
	struct group_commit *g = arg;
	for (;;) {
		pthread_mutex_lock(&g->lock);
		bool over = g->stop && !g->head;
		pthread_mutex_unlock(&g->lock);
		if (over)
			return NULL;
		run_batch(g);
	}
}

enum mc_err group_commit_start(struct svc_state *s, struct group_commit **out)
{
	struct group_commit *g = xcalloc(1, sizeof(*g));
	g->pool = s->pool;
	g->db = db_pool_acquire(g->pool);
	pthread_mutex_init(&g->lock, NULL);
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&g->queued, &ca);
	pthread_condattr_destroy(&ca);
	if (pthread_create(&g->thread, NULL, writer_main, g) != 0) {
		log_error("cannot start the group-commit writer");
		db_pool_release(g->pool, g->db);
		pthread_mutex_destroy(&g->lock);
		pthread_cond_destroy(&g->queued);
		free(g);
		return MC_EINTERNAL;
	}
	*out = g;
	return MC_OK;
}

void group_commit_stop(struct group_commit *g)
{
	if (!g)
		return;
	pthread_mutex_lock(&g->lock);
	g->stop = true;
	pthread_cond_signal(&g->queued);
	pthread_mutex_unlock(&g->lock);
	pthread_join(g->thread, NULL);
	db_pool_release(g->pool, g->db);
	pthread_mutex_destroy(&g->lock);
	pthread_cond_destroy(&g->queued);
	free(g);
}

void group_commit_expect(struct group_commit *g)
{
	if (!g)
		return;
	pthread_mutex_lock(&g->lock);
	g->coming++;
	pthread_mutex_unlock(&g->lock);
}

void group_commit_unexpect(struct group_commit *g)
{
	if (!g)
		return;
	pthread_mutex_lock(&g->lock);
	if (g->coming > 0)
		g->coming--;
	pthread_mutex_unlock(&g->lock);
	pthread_cond_signal(&g->queued); /* the writer may stop waiting for it */
}

/* Queues j for the writer, under g->lock; an expected job is no longer coming. The caller wakes
 * the writer once it has let go of the lock: woken while the lock is still held, the writer would
 * only block on it again, two wake-ups for one job (issue 22). It re-checks the queue under the
 * lock before any wait, so a wake-up after the unlock is never lost. */
static void enqueue(struct group_commit *g, struct gc_job *j, bool expected)
{
	j->cycle = g->cycle;
	if (expected && g->coming > 0)
		g->coming--;
	if (g->tail)
		g->tail->next = j;
	else
		g->head = j;
	g->tail = j;
}

enum mc_err group_commit_run(struct group_commit *g, struct svc_ctx *ctx, bool expected,
			     enum mc_err (*fn)(struct svc_ctx *ctx, void *arg), void *arg)
{
	if (!g)
		return svc_write(ctx, fn, arg);
	struct gc_job j = {.ctx = ctx, .fn = fn, .arg = arg};
	pthread_cond_init(&j.done_cond, NULL);
	pthread_mutex_lock(&g->lock);
	enqueue(g, &j, expected);
	pthread_mutex_unlock(&g->lock);
	pthread_cond_signal(&g->queued);
	pthread_mutex_lock(&g->lock);
	while (!j.done)
		pthread_cond_wait(&j.done_cond, &g->lock);
	pthread_mutex_unlock(&g->lock);
	pthread_cond_destroy(&j.done_cond);
	return j.err;
}

void group_commit_submit(struct group_commit *g, struct svc_ctx *ctx, bool expected,
			 enum mc_err (*fn)(struct svc_ctx *ctx, void *arg), void *arg,
			 void (*on_done)(void *arg, enum mc_err err), void *on_done_arg)
{
	struct gc_job *j = xcalloc(1, sizeof(*j));
	*j = (struct gc_job){.ctx = ctx, .fn = fn, .arg = arg, .on_done = on_done,
			     .on_done_arg = on_done_arg};
	pthread_mutex_lock(&g->lock);
	enqueue(g, j, expected);
	pthread_mutex_unlock(&g->lock);
	pthread_cond_signal(&g->queued); /* j may be done and freed by now: not read again */
}
