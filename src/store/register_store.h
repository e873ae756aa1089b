/* Registers with history (SQL only): staff with their assignments to units and counters and their
 * appointments as head or deputy, assets with their owner unit, archive records with their holder
 * unit. Where an entry belongs is a span [from, to) in register_spans, so that "where was it at t"
 * has one answer for any t. */
#ifndef MC_REGISTER_STORE_H
#define MC_REGISTER_STORE_H

#include "store/db.h"
#include "domain/register.h"
#include "store/unit_store.h"

/* A page of a register: entries at `unit` (NULL = anywhere) as of `at`, ids after after_id. */
struct reg_filter {
	const char *unit;
	int64_t at;
	int64_t after_id;
	size_t limit;
};

/* The entries of a kind; e is its struct (struct reg_staff, reg_asset, reg_record). Inserts set
 * the id and version; MC_ECONFLICT for a duplicate ID number or inventory code. */
enum mc_err regstore_insert(struct db *db, const struct reg_kind *k, void *e);
/* Updates the fields an update may change (not the fixed ones) and bumps the version (not the
 * place). MC_ENOTFOUND, and MC_ECONFLICT for a duplicate inventory code. */
enum mc_err regstore_update(struct db *db, const struct reg_kind *k, void *e);
/* One entry with its place as of `at`; MC_ENOTFOUND when the id is unknown. */
enum mc_err regstore_get(struct db *db, const struct reg_kind *k, int64_t id, int64_t at, void *out);
/* Pages of entries by id; fn is called for each, with the kind's struct. */
enum mc_err regstore_list(struct db *db, const struct reg_kind *k, const struct reg_filter *f,
			  void (*fn)(const void *e, void *arg), void *arg);
/* True when an entry of the kind has this value of its unique field (k->unique). */
enum mc_err regstore_used(struct db *db, const struct reg_kind *k, const char *value, bool *used);

/* The same for callers that know their kind. */
enum mc_err regstore_staff_insert(struct db *db, struct reg_staff *s);
enum mc_err regstore_asset_insert(struct db *db, struct reg_asset *a);
enum mc_err regstore_record_insert(struct db *db, struct reg_record *r);
enum mc_err regstore_staff_update(struct db *db, struct reg_staff *s);
enum mc_err regstore_asset_update(struct db *db, struct reg_asset *a);
enum mc_err regstore_record_update(struct db *db, struct reg_record *r);
enum mc_err regstore_staff_get(struct db *db, int64_t id, int64_t at, struct reg_staff *out);
enum mc_err regstore_asset_get(struct db *db, int64_t id, int64_t at, struct reg_asset *out);
enum mc_err regstore_record_get(struct db *db, int64_t id, int64_t at, struct reg_record *out);
enum mc_err regstore_staff_list(struct db *db, const struct reg_filter *f,
				void (*fn)(const struct reg_staff *s, void *arg), void *arg);
enum mc_err regstore_asset_list(struct db *db, const struct reg_filter *f,
				void (*fn)(const struct reg_asset *a, void *arg), void *arg);
enum mc_err regstore_record_list(struct db *db, const struct reg_filter *f,
				 void (*fn)(const struct reg_record *r, void *arg), void *arg);
/* True when an asset has this inventory code; when a staff member has this ID number. */
enum mc_err regstore_inventory_code_used(struct db *db, const char *code, bool *used);
enum mc_err regstore_id_number_used(struct db *db, const char *id_number, bool *used);

/* Closes the entry's open span at `at` (when there is one) and opens one at unit/counter. */
enum mc_err regstore_place(struct db *db, const char *kind, int64_t ref, const char *unit,
			   int64_t counter, int64_t at);
/* The entry's spans, oldest first, into out[0..cap); *n gets the count. */
enum mc_err regstore_spans(struct db *db, const char *kind, int64_t ref, struct reg_span *out,
			   size_t cap, size_t *n);
/* The start of the entry's open span, or 0 when none. */
enum mc_err regstore_open_since(struct db *db, const char *kind, int64_t ref, int64_t *since);

/* Appoints a staff member head or deputy of a unit from `from`. A new head ends the unit's current
 * head's appointment at `from`; deputies are many. */
enum mc_err regstore_appoint(struct db *db, int64_t staff_id, const char *unit,
			     const char *position, int64_t from);
enum mc_err regstore_appointments(struct db *db, int64_t staff_id, struct reg_appointment *out,
				  size_t cap, size_t *n);

#endif
