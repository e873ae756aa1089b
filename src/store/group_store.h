/* Procedure groups of service points and the places booked per group and slot (SQL only). */
#ifndef MC_GROUP_STORE_H
#define MC_GROUP_STORE_H

#include "base/arena.h"
#include "domain/service_group.h"
#include "store/db.h"

/* The point's groups by position, their texts and lists in arena a (n = 0: none declared). */
enum mc_err gstore_load(struct db *db, struct arena *a, const char *point, struct sgroups *out);
/* Replaces the point's groups with gs (none: the point has no groups), in the caller's write
 * transaction. */
enum mc_err gstore_replace(struct db *db, const char *point, const struct sgroups *gs, int64_t at,
			   const char *by);
/* The catalog's spelling of the field whose search key is key (into out); MC_ENOTFOUND when no
 * procedure has it. */
enum mc_err gstore_field(struct db *db, const char *key, char *out, size_t size);

/* Places taken per slot of a group in [from, to), by start. */
enum mc_err gstore_slot_counts(struct db *db, const char *point, const char *group, int64_t from,
			       int64_t to, void (*fn)(int64_t start, int64_t booked, void *arg),
			       void *arg);
/* Places taken per slot summed over the point's groups in [from, to), by start. */
enum mc_err gstore_slot_totals(struct db *db, const char *point, int64_t from, int64_t to,
			       void (*fn)(int64_t start, int64_t booked, void *arg), void *arg);
/* Takes a place of a group's slot while fewer than capacity are taken (MC_ECONFLICT: full), one
 * conditional upsert of the group's row; frees one. */
enum mc_err gstore_take_place(struct db *db, const char *point, const char *group, int64_t start,
			      int64_t capacity);
enum mc_err gstore_free_place(struct db *db, const char *point, const char *group, int64_t start);

#endif
