/* A small cache of unit list pages (GET /units is public and asked often): a page is kept under its
 * query (filters, cursor, limit and as-of time, as one key text) with the stamp of the unit tables
 * it was read at (unitstore_stamp), and given again only while the stamp is the same, so a unit
 * created or moved by any path shows at once. A NULL cache caches nothing.
 *
 * Beside the pages, units by code for the reads every intake repeats (svc/units.h units_at): a
 * unit's row, which never changes once created, with its whole parent history, so that the answer
 * for any instant is computed as unitstore_get would give it (reorganizations move units at a
 * future instant too). Those entries are kept under a generation (svc/cache_gen.h) that every
 * creation and move of a unit changes in its transaction (units_cache_change / _changed), and
 * another instance's through SVC_CHANNEL ("u:"). */
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

#define UNITS_CACHE_SLOTS 4096 /* units by code at most (direct-mapped) */
#define UNITS_CACHE_SPANS 16   /* a unit with a longer parent history is not kept */

/* The stamp to take before reading a unit from the database, for units_cache_keep; 0 while a
 * change of the units is in flight. */
uint64_t units_cache_stamp(struct units_cache *c);
/* The unit code as of as_of, as unitstore_get gives it, when its history is kept under the
 * current stamp: true and *found (false: the unit did not exist then, MC_ENOTFOUND's case), or
 * false when not kept. */
bool units_cache_unit(struct units_cache *c, const char *code, int64_t as_of, struct unit *out,
		      bool *found);
/* Offers a unit's row (its parent field ignored) and whole parent history (spans, oldest first),
 * read after stamp was taken; kept only when nothing changed since. */
void units_cache_keep(struct units_cache *c, uint64_t stamp, const struct unit *row,
		      const struct unit_parent_span *spans, size_t n);

/* The whole tree that permission checks walk (svc/scope.c), as unitstore_tree gives it: one
 * row per unit in code order. One tree is kept, under the generation, with the instants it answers
 * for: [as_of, until). */
struct units_tree_row {
	char code[UNIT_CODE_MAX], parent[UNIT_CODE_MAX], kind[UNIT_KIND_MAX];
};
/* The tree as of an instant, copied into a, when one kept under the current stamp answers for it. */
bool units_cache_tree(struct units_cache *c, int64_t as_of, struct arena *a,
		      struct units_tree_row **rows, size_t *n);
/* Offers the tree read after stamp was taken, valid for [as_of, until); kept only when nothing
 * changed since. */
void units_cache_tree_keep(struct units_cache *c, uint64_t stamp, int64_t as_of, int64_t until,
			   const struct units_tree_row *rows, size_t n);

/* A creation or move of a unit begins in the caller's write transaction (before it writes):
 * nothing is given or kept until units_cache_changed. */
void units_cache_change(struct units_cache *c);
/* n changes begun with units_cache_change have ended (committed or rolled back). */
void units_cache_changed(struct units_cache *c, int n);
/* Another instance on the same database created or moved units (or notifications were lost). */
void units_cache_changed_elsewhere(struct units_cache *c);

#endif
