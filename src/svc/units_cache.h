/* A small cache of unit list pages (GET /units is public and asked often): a page is kept under its
 * query (filters, cursor, limit and as-of time, as one key text) with the stamp of the unit tables
 * it was read at (unitstore_stamp), and given again only while the stamp is the same, so a unit
 * created or moved by any path shows at once. A NULL cache caches nothing. */
#ifndef MC_UNITS_CACHE_H
#define MC_UNITS_CACHE_H

#include "base/arena.h"
#include "base/base.h"
#include "domain/unit.h"

#define UNITS_CACHE_PAGES 16

struct units_cache;

struct units_cache *units_cache_new(void);
void units_cache_free(struct units_cache *c);
/* The page of key read at stamp, copied into a; false when not cached. */
bool units_cache_get(struct units_cache *c, const char *key, const int64_t stamp[2],
		     struct arena *a, struct unit **units, size_t *n, bool *more);
/* Keeps a page (replacing the least recently used). */
void units_cache_put(struct units_cache *c, const char *key, const int64_t stamp[2],
		     const struct unit *units, size_t n, bool more);

#endif
