/* Housekeeping (housekeeping.h): the sweep and its thread. The thread sleeps on a monotonic clock
 * so that stopping it is immediate and a change of the wall clock does not stall it. */
#include "base/base.h"

#include <pthread.h>
#include <time.h>

#include "base/log.h"
#include "store/blob_store.h"
#include "store/sweep_store.h"
#include "svc/dossiers.h"
#include "svc/housekeeping.h"
#include "store/db.h"

typedef enum mc_err (*sweep_fn)(struct db *db, int64_t bound, int64_t *n);

/* Repeats a batch, each in its own write transaction, until one deletes less than a batch. */
static enum mc_err sweep_all(struct db *db, sweep_fn fn, int64_t bound, int64_t *total)
{
	int64_t n = SWEEP_BATCH;
	enum mc_err err = MC_OK;
	*total = 0;
	while (!err && n == SWEEP_BATCH) {
		err = db_begin_write(db);
		if (!err)
			err = fn(db, bound, &n);
		if (!err)
			err = db_commit(db);
		db_rollback(db);
		if (!err)
			*total += n;
	}
	return err;
}

static void sweep_dir(const char *data_dir, const char *sub, int64_t before, size_t *removed)
{
	char dir[1024];
	size_t n = 0;
	snprintf(dir, sizeof(dir), "%s/%s", data_dir, sub);
	if (blob_sweep_tmp(dir, before, &n) != MC_OK)
		log_warn("housekeeping cannot read \"%s\"", dir);
	*removed += n;
}

enum mc_err housekeeping_sweep(const struct svc_config *cfg, struct db *db, int64_t now,
			       struct housekeeping_report *out)
{
	memset(out, 0, sizeof(*out));
	enum mc_err err = sweep_all(db, sweep_sessions, now, &out->sessions);
	if (!err)
		err = sweep_all(db, sweep_login_failures, now - cfg->login_window,
				&out->login_failures);
	if (!err)
		err = sweep_all(db, sweep_idempotency_keys, now - DOSSIER_IDEM_TTL,
				&out->idempotency_keys);
	if (!err)
		err = sweep_all(db, sweep_oidc_pending, now - HOUSEKEEPING_OIDC_AGE, &out->oidc_pending);
	sweep_dir(cfg->data_dir, "tmp", now - HOUSEKEEPING_TMP_AGE, &out->tmp_files);
	sweep_dir(cfg->data_dir, "blobs/tmp", now - HOUSEKEEPING_TMP_AGE, &out->tmp_files);
	if (out->sessions || out->login_failures || out->idempotency_keys || out->oidc_pending ||
	    out->tmp_files)
		log_info("housekeeping deleted %lld expired sessions, %lld failed logins, %lld "
			 "idempotency keys, %lld pending identity-provider logins, %zu temporary files",
			 (long long)out->sessions, (long long)out->login_failures,
			 (long long)out->idempotency_keys, (long long)out->oidc_pending, out->tmp_files);
	return err;
}

struct housekeeping {
	struct svc_config cfg;
	struct db_pool *pool;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	bool stop;
};

static void *housekeeping_main(void *arg)
{
	struct housekeeping *h = arg;
	struct timespec at;
	for (;;) {
		pthread_mutex_lock(&h->lock);
		clock_gettime(CLOCK_MONOTONIC, &at);
		at.tv_sec += (time_t)h->cfg.sweep_interval;
		while (!h->stop && pthread_cond_timedwait(&h->wake, &h->lock, &at) == 0)
			;
		bool stop = h->stop;
		pthread_mutex_unlock(&h->lock);
		if (stop)
			return NULL;
		struct housekeeping_report rep;
		struct db *db = db_pool_acquire(h->pool);
		enum mc_err err = housekeeping_sweep(&h->cfg, db, (int64_t)time(NULL), &rep);
		db_pool_release(h->pool, db);
		if (err)
			log_error("housekeeping sweep failed: %s", mc_err_name(err));
	}
}

enum mc_err housekeeping_start(const struct svc_config *cfg, struct db_pool *pool,
			       struct housekeeping **out)
{
	struct housekeeping_report rep;
	*out = NULL;
	struct db *db = db_pool_acquire(pool);
	enum mc_err err = housekeeping_sweep(cfg, db, (int64_t)time(NULL), &rep);
	db_pool_release(pool, db);
	if (err) {
		log_error("housekeeping at start failed: %s", mc_err_name(err));
		return err;
	}
	if (cfg->sweep_interval <= 0)
		return MC_OK;
	struct housekeeping *h = xcalloc(1, sizeof(*h));
	pthread_condattr_t attr;
	h->cfg = *cfg;
	h->pool = pool;
	pthread_mutex_init(&h->lock, NULL);
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&h->wake, &attr);
	pthread_condattr_destroy(&attr);
	if (pthread_create(&h->thread, NULL, housekeeping_main, h) != 0) {
		log_error("cannot start the housekeeping thread");
		pthread_mutex_destroy(&h->lock);
		pthread_cond_destroy(&h->wake);
		free(h);
		return MC_EINTERNAL;
	}
	*out = h;
	return MC_OK;
}

void housekeeping_stop(struct housekeeping *h)
{
	if (!h)
		return;
	pthread_mutex_lock(&h->lock);
	h->stop = true;
	pthread_cond_signal(&h->wake);
	pthread_mutex_unlock(&h->lock);
	pthread_join(h->thread, NULL);
	pthread_mutex_destroy(&h->lock);
	pthread_cond_destroy(&h->wake);
	free(h);
}
