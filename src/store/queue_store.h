/* Queue tickets of service points (SQL only). */
#ifndef MC_QUEUE_STORE_H
#define MC_QUEUE_STORE_H

#include "store/db.h"
#include "domain/queue.h"
#include "store/unit_store.h"

/* Inserts a waiting ticket with the next number of its point and day; sets t->id, t->number. */
enum mc_err qstore_issue(struct db *db, struct ticket *t);
/* Marks the ticket a counter called earlier as done. */
enum mc_err qstore_finish_counter(struct db *db, const char *point, const char *day,
				  int64_t counter);
/* The next waiting ticket (priority first, then by number); MC_ENOTFOUND when none. */
enum mc_err qstore_next_waiting(struct db *db, const char *point, const char *day,
				struct ticket *out);
enum mc_err qstore_mark_called(struct db *db, int64_t id, int64_t counter, int64_t at,
			       const char *by);
/* Tickets of a point and day by number after `after`, at most limit. */
enum mc_err qstore_list(struct db *db, const char *point, const char *day, int64_t after,
			size_t limit, void (*fn)(const struct ticket *t, void *arg), void *arg);
enum mc_err qstore_count_waiting(struct db *db, const char *point, const char *day, int64_t *n);

/* The points that issued tickets on `day`, by code, with their counts. */
enum mc_err qstore_summary(struct db *db, const char *day,
			   void (*fn)(const struct queue_summary *s, void *arg), void *arg);

#endif
