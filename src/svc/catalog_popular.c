/* The most used procedures, for the citizen home page: counted over the latest dossiers and kept
 * for a minute in memory, since the home page is the busiest public page and the count reads
 * thousands of rows. The cache is per process (several instances each keep their own: a minute's
 * difference in a "most used" list is harmless). */
#include "base/base.h"

#include <pthread.h>
#include <time.h>

#include "svc/catalog.h"
#include "store/procedure_store.h"

#define POPULAR_TTL 60 /* seconds of the wall clock */

static struct {
	pthread_mutex_t lock;
	int64_t at; /* 0 = never computed */
	size_t n;
	char codes[CATALOG_POPULAR_MAX][PROC_CODE_MAX];
} cache = {PTHREAD_MUTEX_INITIALIZER, 0, 0, {{0}}};

struct popular_out {
	size_t n;
	char (*codes)[PROC_CODE_MAX];
};

static void add_code(const char *code, int64_t dossiers, void *arg)
{
	(void)dossiers;
	struct popular_out *o = arg;
	if (o->n < CATALOG_POPULAR_MAX && strlen(code) < PROC_CODE_MAX)
		snprintf(o->codes[o->n++], PROC_CODE_MAX, "%s", code);
}

enum mc_err catalog_popular(struct svc_ctx *ctx, size_t limit,
			    void (*fn)(const struct procedure *p, void *arg), void *arg)
{
	char codes[CATALOG_POPULAR_MAX][PROC_CODE_MAX];
	size_t n;
	enum mc_err err = MC_OK;
	if (limit > CATALOG_POPULAR_MAX)
		limit = CATALOG_POPULAR_MAX;
	pthread_mutex_lock(&cache.lock);
	if (!cache.at || ctx->real_now - cache.at >= POPULAR_TTL || ctx->real_now < cache.at) {
		struct popular_out o = {0, cache.codes};
		err = procstore_popular(ctx->db, CATALOG_POPULAR_SCAN, CATALOG_POPULAR_MAX, add_code,
					&o);
		cache.n = err ? 0 : o.n;
		cache.at = err ? 0 : ctx->real_now;
	}
	n = cache.n < limit ? cache.n : limit;
	memcpy(codes, cache.codes, n * sizeof(codes[0]));
	pthread_mutex_unlock(&cache.lock);
	for (size_t i = 0; i < n && !err; i++) {
		struct procedure p;
		enum mc_err e = catalog_get(ctx, codes[i], 0, &p);
		if (e == MC_ENOTFOUND)
			continue; /* a code of old dossiers no longer in the catalog */
		if (e)
			err = e;
		else
			fn(&p, arg);
	}
	return err;
}
