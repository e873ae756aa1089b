/* SQL of webhooks (migrations 0020 and 0023): subscriptions, and the outbox of messages the delivery worker
 * sends (svc/outbox.c). Texts read back live in the caller's arena. */
#ifndef MC_OUTBOX_STORE_H
#define MC_OUTBOX_STORE_H

#include "base/arena.h"
#include "store/db.h"

struct subscription {
	int64_t id;
	const char *url;
	const char *events; /* a JSON array of event names, as stored */
	const char *unit;   /* NULL: every unit */
	const char *secret;
	bool paused;
	int64_t created_at;
	const char *created_by;
};

struct outbox_msg {
	int64_t id;
	const char *delivery_id;
	int64_t subscription_id;
	const char *event, *stream, *dossier_code; /* dossier_code NULL when none */
	const char *payload;                        /* the "data" object's JSON text */
	int64_t created_at;
	int64_t attempts;
	int64_t next_attempt_ms;
	const char *state; /* pending | delivered | dead */
	const char *last_error; /* NULL: none */
	int64_t delivered_at;   /* 0: not yet */
	/* With ostore_claim and ostore_list: the destination's kind, "webhook" or "portal" (docs/
	 * portal.md); with ostore_claim only: the subscription's address and secret. */
	const char *kind;
	const char *url, *secret;
};

enum mc_err ostore_sub_count(struct db *db, int64_t *n);
/* Inserts s (its id ignored) and sets s->id. */
enum mc_err ostore_sub_insert(struct db *db, struct subscription *s);
/* MC_ENOTFOUND when there is no such subscription. */
enum mc_err ostore_sub_get(struct db *db, struct arena *a, int64_t id, struct subscription *out);
/* Subscriptions with id > after, by id, at most limit; *more when there are others. */
enum mc_err ostore_sub_list(struct db *db, struct arena *a, int64_t after, size_t limit,
			    void (*fn)(const struct subscription *s, void *arg), void *arg,
			    bool *more);
/* MC_ENOTFOUND when there is no such subscription. */
enum mc_err ostore_sub_set_paused(struct db *db, int64_t id, bool paused);
/* Deletes a subscription and its messages; MC_ENOTFOUND when there is none. */
enum mc_err ostore_sub_delete(struct db *db, int64_t id);

/* What one change announces: the same message for every matching subscription. */
struct outbox_event {
	const char *uid; /* random; a message's delivery id is "msg_<uid>_<subscription id>" */
	const char *event, *stream, *dossier_code;
	const char *payload;
	int64_t created_at, now_ms;
	const char *unit1, *unit2; /* a subscription with a unit gets it when its unit is one of these */
};
/* Enqueues e for every subscription not paused whose events hold e->event and whose unit is NULL
 * or unit1 or unit2; *n says how many. */
enum mc_err ostore_enqueue(struct db *db, const struct outbox_event *e, int64_t *n);
/* Enqueues e for subscription sub alone (a ping), whatever its events; delivery id
 * "msg_<uid>_<sub>". */
enum mc_err ostore_enqueue_to(struct db *db, const struct outbox_event *e, int64_t sub);

/* Claims up to max due messages (pending, next_attempt_ms <= now_ms, not claimed by a live lease,
 * subscription not paused, and the oldest pending of their subscription and stream) until
 * now_ms + lease_ms, oldest first; fills out[0..*n). In a write transaction. */
enum mc_err ostore_claim(struct db *db, struct arena *a, int64_t now_ms, int64_t lease_ms,
			 size_t max, struct outbox_msg *out, size_t *n);
/* Records a 2xx answer: delivered at `at` (seconds), attempts + 1. */
enum mc_err ostore_delivered(struct db *db, int64_t id, int64_t at);
/* Records a failed attempt: attempts + 1, the error, and either the next attempt or, when dead,
 * the state dead. */
enum mc_err ostore_failed(struct db *db, int64_t id, bool dead, int64_t next_ms,
			  const char *error);
/* Messages in state (NULL: any), id > after, by id, at most limit. */
enum mc_err ostore_list(struct db *db, struct arena *a, const char *state, int64_t after,
			size_t limit, void (*fn)(const struct outbox_msg *m, void *arg), void *arg,
			bool *more);
/* A dead message back to pending, attempts 0, due at now_ms. MC_ENOTFOUND when there is none,
 * MC_ECONFLICT when it is not dead. */
enum mc_err ostore_replay(struct db *db, int64_t id, int64_t now_ms);
/* When the worker should next claim: the earliest time a pending message due by now_ms (of a
 * subscription not paused) is free of its lease; INT64_MAX when none. A read, so that an idle
 * worker never takes the write lock. */
enum mc_err ostore_next_due(struct db *db, int64_t now_ms, int64_t *ms);

#endif
