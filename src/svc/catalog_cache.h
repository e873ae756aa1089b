/* An in-memory cache of procedure versions as catalog_get reads them (components, steps and the
 * decoded fee rules included), keyed by code and asked version (0: the latest), so that an intake
 * and a procedure's page need no catalog read. A version's content never changes once published;
 * what "the latest" names does, and only catalog_publish changes it: it begins a change in its
 * write transaction and ends it after (svc/cache_gen.h), and other instances on the same
 * PostgreSQL database say so through SVC_CHANNEL ("c:"), so every entry read before is dropped.
 * Within the notification's delay (milliseconds) another instance may still give the version
 * that was the latest. A NULL cache caches nothing. Thread-safe (a reader-writer lock). */
#ifndef MC_CATALOG_CACHE_H
#define MC_CATALOG_CACHE_H

#include "base/arena.h"
#include "base/base.h"
#include "domain/procedure.h"

#define CATALOG_CACHE_SLOTS 512 /* procedure versions kept at most (direct-mapped) */

struct catalog_cache;

struct catalog_cache *catalog_cache_new(void);
void catalog_cache_free(struct catalog_cache *c);

/* The stamp to take before reading a procedure from the database, for catalog_cache_put; 0 while
 * a change is in flight. */
uint64_t catalog_cache_stamp(struct catalog_cache *c);
/* Copies the procedure code (version; 0: the latest) kept under the current stamp into out, its
 * texts and arrays in a; false when not kept. */
bool catalog_cache_get(struct catalog_cache *c, const char *code, int64_t version,
		       struct arena *a, struct procedure *out);
/* Offers p, read as code's version `version` (0: the latest) after `stamp` was taken; kept (a
 * copy) only when nothing changed since. */
void catalog_cache_put(struct catalog_cache *c, uint64_t stamp, const char *code, int64_t version,
		       const struct procedure *p);

/* A change of the catalog begins in the caller's write transaction: nothing is given or kept
 * until catalog_cache_changed. */
void catalog_cache_change(struct catalog_cache *c);
/* n changes begun with catalog_cache_change have ended (committed or rolled back). */
void catalog_cache_changed(struct catalog_cache *c, int n);
/* Another instance on the same database changed the catalog (or notifications were lost). */
void catalog_cache_changed_elsewhere(struct catalog_cache *c);

#endif
