/* Queue tickets of service points (SQL only). */
#ifndef MC_QUEUE_STORE_H
#define MC_QUEUE_STORE_H

#include "store/db.h"
#include "domain/queue.h"
#include "store/unit_store.h"

/* Inserts a waiting ticket with the next number of its point and day; sets t->id, t->number. */
enum mc_err qstore_issue(struct db *db, struct ticket *t);
/* Marks the ticket a counter called earlier as done at `at`. */
enum mc_err qstore_finish_counter(struct db *db, const char *point, const char *day,
				  int64_t counter, int64_t at);
/* The oldest waiting ticket of a line (QUEUE_PICK_DIRECTED: transferred to `counter`; _PRIORITY
 * or _ORDINARY: not transferred to a counter); MC_ENOTFOUND when none. */
enum mc_err qstore_head(struct db *db, const char *point, const char *day, int64_t counter,
			enum queue_pick line, struct ticket *out);
/* A ticket by point, day and number; MC_ENOTFOUND when none. */
enum mc_err qstore_get(struct db *db, const char *point, const char *day, int64_t number,
		       struct ticket *out);
/* The changes of a ticket called at `counter` (MC_ECONFLICT when it is not): one more recall;
 * the end of its service (status "done" or "skipped" at `at`); back to waiting, for counter
 * `target` (0 = any) and service group `group`. */
enum mc_err qstore_recall(struct db *db, int64_t id, int64_t counter);
enum mc_err qstore_end(struct db *db, int64_t id, int64_t counter, const char *status, int64_t at);
enum mc_err qstore_transfer(struct db *db, int64_t id, int64_t counter, int64_t target,
			    const char *group);
/* The ticket a counter is serving (called there); MC_ENOTFOUND when none. */
enum mc_err qstore_counter_ticket(struct db *db, const char *point, const char *day,
				  int64_t counter, struct ticket *out);
/* The ticket each counter is serving, by counter (one per counter: its latest call). */
enum mc_err qstore_serving(struct db *db, const char *point, const char *day,
			   void (*fn)(const struct ticket *t, void *arg), void *arg);
/* *stored: 1 when the point has a stored rule setting, else 0. */
enum mc_err qstore_settings_stored(struct db *db, const char *point, int *stored);
/* Locks the point's row of the day (creating it) and reads the rule's streak; sets it. */
enum mc_err qstore_day_lock(struct db *db, const char *point, const char *day, int64_t *streak);
enum mc_err qstore_day_set(struct db *db, const char *point, const char *day, int64_t streak);
/* The point's rule setting (QUEUE_ORDINARY_EVERY when none is stored); replaces it. */
enum mc_err qstore_settings_get(struct db *db, const char *point, int *every);
enum mc_err qstore_settings_put(struct db *db, const char *point, int every, int64_t at,
				const char *by);
/* Records that a dossier was received from ticket `number` of the point and day, which must have
 * been called (MC_ENOTFOUND otherwise); the ticket of a dossier (MC_ENOTFOUND when none). */
enum mc_err qstore_link_dossier(struct db *db, int64_t dossier_id, const char *point,
				const char *day, int64_t number);
enum mc_err qstore_dossier_ticket(struct db *db, int64_t dossier_id, struct ticket *out);

/* Sums of served and skipped tickets of a point's days from..to (YYYY-MM-DD), by = 0: one row
 * for the point; 1: per counter; 2: per officer. Texts valid during the callback. */
enum mc_err qstore_stats(struct db *db, const char *point, const char *from, const char *to,
			 int by, void (*fn)(const struct queue_stat *s, void *arg), void *arg);
enum mc_err qstore_mark_called(struct db *db, int64_t id, int64_t counter, int64_t at,
			       const char *by);
/* Tickets of a point and day by number after `after`, at most limit. */
enum mc_err qstore_list(struct db *db, const char *point, const char *day, int64_t after,
			size_t limit, void (*fn)(const struct ticket *t, void *arg), void *arg);
/* Tickets of days before `day` (YYYY-MM-DD) still waiting or called become 'expired', at most
 * limit of them; *n how many. */
enum mc_err qstore_expire(struct db *db, const char *day, int64_t limit, int64_t *n);
enum mc_err qstore_count_waiting(struct db *db, const char *point, const char *day, int64_t *n);

/* The points that issued tickets on `day`, by code, with their counts. */
enum mc_err qstore_summary(struct db *db, const char *day,
			   void (*fn)(const struct queue_summary *s, void *arg), void *arg);

#endif
