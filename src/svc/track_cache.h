/* A bounded in-memory cache of what public tracking shows of a dossier (the fields
 * dstore_get_public reads, the tracking secret included), keyed by code, so that most lookups need
 * no database read. The secret check and the guess limiter stay with the caller and run on every
 * lookup, cached or not.
 *
 * Consistency: every change of a dossier calls track_cache_change inside its write transaction
 * (svc: dossier_record) and track_cache_changed once the transaction has ended. A lookup that
 * missed takes a stamp before its database read and offers what it read with that stamp; the cache
 * takes it only when no change is in flight and none ended since the stamp, so an answer read
 * before a change committed is never kept after it. A NULL cache (size 0) caches nothing. */
#ifndef MC_TRACK_CACHE_H
#define MC_TRACK_CACHE_H

#include "base/arena.h"
#include "base/base.h"
#include "domain/dossier.h"

struct track_cache;

/* A cache of at most `entries` dossiers (rounded down to a power of two; below 16: none, NULL). */
struct track_cache *track_cache_new(size_t entries);
void track_cache_free(struct track_cache *c);

/* Fills the public fields of out as dstore_get_public does (texts in a, or shared and immutable);
 * false when the code is not cached. */
bool track_cache_get(struct track_cache *c, struct arena *a, const char *code,
		     struct dossier *out);
/* The stamp to take before reading a dossier from the database, for track_cache_put. */
uint64_t track_cache_stamp(struct track_cache *c);
/* Offers what dstore_get_public read after `stamp` was taken; kept only when nothing changed. */
void track_cache_put(struct track_cache *c, uint64_t stamp, const struct dossier *d);

/* A change of the dossier `code` begins (in its write transaction): its entry goes and nothing is
 * cached until the matching track_cache_changed. */
void track_cache_change(struct track_cache *c, const char *code);
/* n changes begun with track_cache_change have ended (committed or rolled back). */
void track_cache_changed(struct track_cache *c, int n);
/* Another instance on the same database committed a change of the dossier code (NULL: of any
 * dossier, after notifications were lost): its entry goes, and a read that began before is not
 * kept. Within the notification's delay (milliseconds) this instance may still answer what it had. */
void track_cache_changed_elsewhere(struct track_cache *c, const char *code);

#endif
