/* Reorganizations (SQL only): decisions, one handover per moved unit, the items of each handover's
 * snapshot (staff, dossiers, records, assets) with their confirmation, and the signatures. */
#ifndef MC_REORG_STORE_H
#define MC_REORG_STORE_H

#include "store/db.h"
#include "domain/reorg.h"
#include "store/register_store.h"
#include "store/unit_store.h"

/* A dossier item as verification needs it. */
struct handover_dossier {
	const char *code;
	const unsigned char *digest; /* REORG_HASH_LEN bytes */
	int64_t events, last_event;
};

enum mc_err reorgstore_insert(struct db *db, struct reorg *r);
enum mc_err reorgstore_set_checksum(struct db *db, const struct reorg *r);
enum mc_err reorgstore_get(struct db *db, int64_t id, struct reorg *out);
/* Decisions with id < before (0: all), newest first, at most cap rows read; fn gets each with its
 * number of handovers and of complete ones (the checksum is not read) and returns false to stop. */
enum mc_err reorgstore_list(struct db *db, int64_t before, size_t cap,
			bool (*fn)(const struct reorg *r, int64_t handovers, int64_t complete,
				   void *arg),
			void *arg);

enum mc_err reorgstore_insert_handover(struct db *db, struct handover *h);
/* Copies the staff, records and assets placed at h->unit at `at` into items; adds to the counts. */
enum mc_err reorgstore_snapshot_registers(struct db *db, struct handover *h, int64_t at);
enum mc_err reorgstore_insert_item(struct db *db, int64_t handover_id, const char *kind,
			       const char *ref, const char *label, const unsigned char *digest,
			       int64_t events, int64_t last_event);
enum mc_err reorgstore_set_counts(struct db *db, const struct handover *h);
enum mc_err reorgstore_get_handover(struct db *db, int64_t id, struct handover *out);
enum mc_err reorgstore_handovers(struct db *db, int64_t reorg_id,
			     void (*fn)(const struct handover *h, void *arg), void *arg);
/* Items of a handover by id, at most `cap` of them. */
enum mc_err reorgstore_items(struct db *db, int64_t handover_id, size_t cap,
			 void (*fn)(const struct handover_item *it, void *arg), void *arg);
enum mc_err reorgstore_pending(struct db *db, int64_t handover_id, int64_t *n);
/* Sets an item's status and note; MC_ENOTFOUND when the item is not in this handover. */
enum mc_err reorgstore_confirm(struct db *db, int64_t handover_id, int64_t item_id,
			   const char *status, const char *note, const char *by, int64_t at);
/* Records a side's signature ("giver" or "receiver"). */
enum mc_err reorgstore_sign(struct db *db, int64_t handover_id, bool giver, const char *by,
			int64_t at);
enum mc_err reorgstore_complete(struct db *db, int64_t handover_id, int64_t at);

/* Dossiers received at a unit (by receiving unit), by code. */
struct unit_dossier {
	int64_t id;
	const char *code, *status, *procedure_name;
	int64_t submitted_at, received_at, due_at;
};
enum mc_err reorgstore_unit_dossiers(struct db *db, const char *unit,
				 void (*fn)(const struct unit_dossier *d, void *arg), void *arg);
/* One dossier's id and dates by code (its texts are NULL); MC_ENOTFOUND when gone. */
enum mc_err reorgstore_dossier_by_code(struct db *db, const char *code, struct unit_dossier *out);
/* A dossier's events with id ≤ last_event (all when last_event is INT64_MAX), oldest first: fn gets
 * the event id and its fields in a fixed order (at, action, actor, unit, from, to, detail). */
struct event_fields {
	int64_t id, at;
	const char *text[6]; /* action, actor, unit, from_status, to_status, detail; NULL = null */
};
enum mc_err reorgstore_dossier_events(struct db *db, int64_t dossier_id, int64_t last_event,
				  void (*fn)(const struct event_fields *e, void *arg), void *arg);
/* The moved dossiers of a decision, by code. */
enum mc_err reorgstore_dossier_items(struct db *db, int64_t reorg_id,
				 void (*fn)(const struct handover_dossier *d, void *arg), void *arg);
/* The start of a unit's parent interval in force (valid_to NULL); MC_ENOTFOUND when none. */
enum mc_err reorgstore_open_parent_since(struct db *db, const char *unit, int64_t *since);

#endif
