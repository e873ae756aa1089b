/* SQL of the national portal sync (migration 0023, docs/portal.md): the portal's row among the
 * outbox's destinations (subscriptions with kind 'portal') and each dossier's sync state
 * (portal_sync), derived from the dossier's portal messages. Texts read back live in the
 * caller's arena. */
#ifndef MC_PORTAL_STORE_H
#define MC_PORTAL_STORE_H

#include "base/arena.h"
#include "domain/dossier.h"
#include "store/db.h"

/* The portal's destination row: made or updated to url (events: creation and status changes),
 * not paused; *id gets its id. */
enum mc_err psync_portal_enable(struct db *db, const char *url, int64_t at, int64_t *id);
/* Pauses the portal's row, if there is one (no portal configured: its messages wait). */
enum mc_err psync_portal_pause(struct db *db);

/* A dossier's sync state; out->state "" when it has none. */
enum mc_err psync_get(struct db *db, struct arena *a, const char *code, struct dossier_sync *out);
/* For a message just written to the portal: the dossier's row made pending (or kept failed, when
 * it has a dead message), at `at`; out gets the row. */
enum mc_err psync_enqueued(struct db *db, struct arena *a, const char *code, int64_t at,
			   struct dossier_sync *out);
/* Derives the dossier's state from its messages to destination sub: failed when one is dead,
 * else pending when one is pending, else acknowledged; error from the message that decides it;
 * receipt replaced when not NULL; at as the time. Then, out (NULL: not wanted) gets the row. */
enum mc_err psync_refresh(struct db *db, struct arena *a, const char *code, int64_t sub,
			  int64_t at, const char *receipt, struct dossier_sync *out);
/* The dossier (stream) and destination of message id when it is a portal message; MC_ENOTFOUND
 * otherwise. */
enum mc_err psync_message(struct db *db, struct arena *a, int64_t id, const char **code,
			  int64_t *sub);
/* How many dossiers are pending, acknowledged and failed (counts[0..2]), among those with a unit
 * in units_json (a JSON array of codes) or all when it is NULL. */
/* A dossier that has no portal_sync row (nothing ever written for the portal), for the backfill. */
struct psync_unsent {
	int64_t id;
	const char *code, *status, *receiving_unit, *resolver_unit;
};
/* Up to limit such dossiers with id > after, by id, into out[0..*n) (arena-owned); *more says
 * whether another follows. */
enum mc_err psync_unsent(struct db *db, struct arena *a, int64_t after, size_t limit,
			 struct psync_unsent *out, size_t *n, bool *more);
enum mc_err psync_counts(struct db *db, const char *units_json, int64_t counts[3]);

#endif
