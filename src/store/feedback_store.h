/* Citizens' feedback and the per-dossier counters of unanswered feedback (SQL only). */
#ifndef MC_FEEDBACK_STORE_H
#define MC_FEEDBACK_STORE_H

#include "domain/feedback.h"
#include "store/db.h"

/* Counts one more unanswered feedback about a dossier while fewer than max are unanswered (a
 * conditional upsert of the dossier's counter row): MC_ECONFLICT when max are. */
enum mc_err fbstore_take_open(struct db *db, const char *dossier, int64_t max);
/* Counts one fewer (the feedback was answered). */
enum mc_err fbstore_free_open(struct db *db, const char *dossier);
/* Inserts a feedback (f->id set); MC_ECONFLICT when its code exists. */
enum mc_err fbstore_insert(struct db *db, struct feedback *f);
/* One feedback by code; content and answer in the arena. MC_ENOTFOUND when none. */
enum mc_err fbstore_get(struct db *db, struct arena *a, const char *code, struct feedback *out);
/* Moves an open feedback to another unit; MC_ECONFLICT when it is no longer open. */
enum mc_err fbstore_assign(struct db *db, int64_t id, const char *unit);
/* Records the answer of an open feedback; MC_ECONFLICT when it is no longer open. */
enum mc_err fbstore_answer(struct db *db, const struct feedback *f);
/* The feedback assigned to one of units_json (a JSON array of unit codes; NULL = all), status
 * "open", "answered" or NULL (both), soonest due first, at most limit; strings in the arena. */
enum mc_err fbstore_list(struct db *db, struct arena *a, const char *units_json,
			 const char *status, size_t limit,
			 void (*fn)(const struct feedback *f, void *arg), void *arg);
/* The published feedback (of one unit, or all when unit is NULL), latest answer first, skipping
 * offset rows, at most limit; strings in the arena. */
enum mc_err fbstore_published(struct db *db, struct arena *a, const char *unit, size_t offset,
			      size_t limit, void (*fn)(const struct feedback *f, void *arg),
			      void *arg);

#endif
