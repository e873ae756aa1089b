/* Units and their parents over time (SQL only). A unit exists at an instant when one of its
 * parent intervals [valid_from, valid_to) covers it; a root unit has intervals with no parent. */
#ifndef MC_UNIT_STORE_H
#define MC_UNIT_STORE_H

#include "store/db.h"
#include "domain/unit.h"

struct unit_filter {
	const char *kind;       /* NULL = any */
	const char *subkind;    /* NULL = any */
	const char *parent;     /* NULL = any */
	const char *search_key; /* NULL = any; a substring of the name's search key */
	int64_t as_of;
	const char *after_code; /* keyset cursor: codes strictly after this one; NULL = from the start */
	size_t limit;
};

/* Inserts a unit with its first parent interval starting at valid_from. MC_ECONFLICT when the code
 * exists. */
enum mc_err unitstore_insert(struct db *db, const struct unit *u, const char *search_key,
			  int64_t valid_from, int64_t now);
/* Closes the unit's open parent interval at `at` and opens one under new_parent ("" = none). */
enum mc_err unitstore_move(struct db *db, const char *code, const char *new_parent, int64_t at);
/* The unit with its parent as of `as_of`; MC_ENOTFOUND when unknown or not existing then. */
enum mc_err unitstore_get(struct db *db, const char *code, int64_t as_of, struct unit *out);
/* Fills out[0..cap) with the unit's parent history, oldest first; *n gets the count. */
enum mc_err unitstore_parents(struct db *db, const char *code, struct unit_parent_span *out,
			   size_t cap, size_t *n);
/* The parent code as of `at` into out ("" when root); MC_ENOTFOUND when the unit did not exist. */
enum mc_err unitstore_parent_at(struct db *db, const char *code, int64_t at,
			     char out[UNIT_CODE_MAX]);
/* Lists units by code order; calls fn for each until it returns non-zero. *count gets how many. */
enum mc_err unitstore_list(struct db *db, const struct unit_filter *f,
			void (*fn)(const struct unit *u, void *ctx), void *ctx, size_t *count);
/* Every unit's code, parent ("" for none) and kind as of a time, by code order: the tree that
 * permission checks walk (a lighter unitstore_list without filters or names). *until: the first
 * instant after as_of at which the tree changes as the tables stand (a span ends or one begins;
 * INT64_MAX when none), so the same rows answer for every instant in [as_of, until). */
enum mc_err unitstore_tree(struct db *db, int64_t as_of,
			void (*fn)(const char *code, const char *parent, const char *kind, void *arg),
			void *arg, int64_t *until);
/* A stamp of the unit tables that changes with every unit created and every parent change (both
 * insert a unit_parents row; units and spans are never updated otherwise or deleted): caches of
 * unit lists keep their answers while it stays the same. */
enum mc_err unitstore_stamp(struct db *db, int64_t stamp[2]);
/* Number of units, for seeding checks. */
enum mc_err unitstore_count(struct db *db, int64_t *n);

#endif
