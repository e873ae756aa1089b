/* SQL of notifications to citizens (migration 0021): the messages, their claims under a lease by
 * the notifications' worker (svc/notify_worker.c), and the SMS opt-outs. Texts read back live in
 * the caller's arena. */
#ifndef MC_NOTIFY_STORE_H
#define MC_NOTIFY_STORE_H

#include "base/arena.h"
#include "store/db.h"

struct notification {
	int64_t id;
	const char *delivery_id;
	const char *dossier_code, *event;
	const char *channel;    /* email | sms */
	const char *recipient;  /* the address or the phone number, in full */
	const char *subject;    /* NULL for SMS */
	const char *body;
	const char *attachment; /* NULL: none; "form04": Form 04 rendered at send time */
	int64_t created_at;
	int64_t attempts;
	int64_t next_attempt_ms;
	const char *state;      /* pending | sent | dead | skipped */
	const char *last_error; /* NULL: none */
	int64_t sent_at;        /* 0: not yet */
};

/* Inserts n (id, attempts and sent_at ignored; state pending or skipped). */
enum mc_err nstore_insert(struct db *db, const struct notification *n);
/* True in *yes when the dossier's applicant opted out of SMS. */
enum mc_err nstore_sms_opted_out(struct db *db, const char *code, bool *yes);
/* Records the opt-out of a dossier at `at` (again: nothing changes). */
enum mc_err nstore_sms_opt_out(struct db *db, const char *code, int64_t at);
/* Marks the pending messages of `code` and event as skipped with `why` (nothing when none). */
enum mc_err nstore_drop_pending(struct db *db, const char *code, const char *event,
				const char *why);
/* True in *due when a pending message is due at now_ms and not under a live lease. */
enum mc_err nstore_any_due(struct db *db, int64_t now_ms, bool *due);
/* Claims up to max due messages until now_ms + lease_ms, oldest first, into out[0..*n). In a
 * write transaction. */
enum mc_err nstore_claim(struct db *db, struct arena *a, int64_t now_ms, int64_t lease_ms,
			 size_t max, struct notification *out, size_t *n);
/* Records a delivery at `at` (seconds): sent, attempts + 1. */
enum mc_err nstore_sent(struct db *db, int64_t id, int64_t at);
/* Records a failed attempt of a pending message: attempts + 1, the error, and the next attempt,
 * or the state dead. */
enum mc_err nstore_failed(struct db *db, int64_t id, bool dead, int64_t next_ms,
			  const char *error);
/* A dossier's notifications, oldest first, each given to fn. */
enum mc_err nstore_list(struct db *db, struct arena *a, const char *code,
			void (*fn)(const struct notification *n, void *arg), void *arg);

#endif
