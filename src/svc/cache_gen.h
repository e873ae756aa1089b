/* The generation of data that an in-memory cache keeps and that rarely changes (procedure versions,
 * units): a counter that every change moves, in the same code path as the change, so that a cached
 * answer is given only while nothing changed since it was read. Header only: a few atomics.
 *
 * Protocol (as svc/track_cache.h's for dossiers, for a whole table at once):
 * - a change calls cache_gen_begin inside its write transaction, before it writes, and
 *   cache_gen_end once the transaction has ended (db_on_tx_end: committed or rolled back);
 *   another instance's change (PostgreSQL, svc.h SVC_CHANNEL) calls cache_gen_elsewhere;
 * - a reader takes cache_gen_stamp before its database read and keeps what it read under that
 *   stamp; inside a transaction, the stamp taken before the transaction began (svc_ctx's
 *   tx_*_stamp, svc_tx), since its reads see the snapshot of its first read, which may predate
 *   a change that ended after that read and before a later stamp; a kept answer is given while cache_gen_stamp still equals its stamp. While a change is in
 *   flight the stamp is 0: nothing is given or kept, so the changing transaction itself (and any
 *   other) reads the database. */
#ifndef MC_CACHE_GEN_H
#define MC_CACHE_GEN_H

#include "base/base.h"

#include <stdatomic.h>

struct cache_gen {
	_Atomic uint64_t gen; /* starts at 1: 0 is "keep nothing" */
	_Atomic int changing; /* changes begun and not ended */
};

static inline void cache_gen_init(struct cache_gen *g)
{
	atomic_init(&g->gen, 1);
	atomic_init(&g->changing, 0);
}

/* The current generation, or 0 while a change is in flight. Thread-safe. */
static inline uint64_t cache_gen_stamp(struct cache_gen *g)
{
	/* gen first: a change that begins after this read moves gen past it. */
	uint64_t gen = atomic_load(&g->gen);
	return atomic_load(&g->changing) ? 0 : gen;
}

static inline void cache_gen_begin(struct cache_gen *g)
{
	atomic_fetch_add(&g->changing, 1);
	atomic_fetch_add(&g->gen, 1);
}

/* n changes begun with cache_gen_begin ended. */
static inline void cache_gen_end(struct cache_gen *g, int n)
{
	atomic_fetch_add(&g->gen, 1);
	atomic_fetch_sub(&g->changing, n);
}

static inline void cache_gen_elsewhere(struct cache_gen *g)
{
	atomic_fetch_add(&g->gen, 1);
}

#endif
