/* Units: listing with filters as of any instant, one unit with its parent history, creation of a
 * branch or department by an administrator, and the Hanoi seed of `motcua init`. */
#ifndef MC_UNITS_H
#define MC_UNITS_H

#include "domain/unit.h"
#include "svc/svc.h"

#define UNITS_HISTORY_MAX 64

struct units_query {
	const char *kind, *subkind, *parent, *q; /* NULL = any */
	int64_t as_of;
	const char *after_code;
	size_t limit;
};

/* Lists units; fn is called per unit. *more is true when another page follows. MC_EINVAL for a
 * bad kind or subkind (named in ctx->problem). Open to anyone. */
enum mc_err units_list(struct svc_ctx *ctx, const struct units_query *q,
		       void (*fn)(const struct unit *u, void *arg), void *arg, bool *more);

/* The cache key of a list query (in ctx->arena): every member, the cursor and as-of time included,
 * so that two queries share a key only when they are equal. */
char *units_list_key(struct svc_ctx *ctx, const struct units_query *q);

struct units_detail {
	struct unit unit;
	size_t nparents;
	struct unit_parent_span parents[UNITS_HISTORY_MAX];
};

enum mc_err units_get(struct svc_ctx *ctx, const char *code, int64_t as_of,
		      struct units_detail *out);

/* The unit code with its parent as of as_of, exactly as unitstore_get gives it (MC_ENOTFOUND when
 * unknown or not existing then), from the cache of units by code when kept there
 * (svc/units_cache.h): the reads every intake repeats. Thread-safe. */
enum mc_err units_at(struct svc_ctx *ctx, const char *code, int64_t as_of, struct unit *out);

/* Inside a write transaction that creates or moves units, before it writes: the cache of units by
 * code keeps nothing until the transaction ends, and the other instances on the same database
 * forget theirs once it commits. MC_EDB when the notification could not be queued. */
enum mc_err units_change(struct svc_ctx *ctx);

/* Creates a unit under a parent (admin). Kinds allowed: branch, department, service_point,
 * commune_pc; the code must have the national identifier shape ("NNN.NN.NN.H26"). */
enum mc_err units_create(struct svc_ctx *ctx, const struct unit *in);

/* True when s is a unit code shape: three groups of 3, 2, 2 letters or digits and a level-1 group
 * of a capital letter and two digits, dot separated. */
bool units_code_valid(const char *s);
bool units_kind_valid(const char *kind);

/* Loads Hanoi's units from the embedded data (inside the caller's write transaction). */
enum mc_err units_seed_hanoi(struct db *db, int64_t now, int64_t *created);

#endif
