/* Deleting what has expired: sessions, failed logins, idempotency keys and pending logins of the
 * identity provider (SQL only). Each call deletes at most SWEEP_BATCH rows so that the write lock
 * is held briefly; callers repeat, one transaction a call, while *n == SWEEP_BATCH. */
#ifndef MC_SWEEP_STORE_H
#define MC_SWEEP_STORE_H

#include "store/db.h"

#define SWEEP_BATCH 2000

/* Sessions whose expires_at <= now. */
enum mc_err sweep_sessions(struct db *db, int64_t now, int64_t *n);
/* Failed logins at or before `before` (any username, any address). */
enum mc_err sweep_login_failures(struct db *db, int64_t before, int64_t *n);
/* Idempotency keys created at or before `before`. */
enum mc_err sweep_idempotency_keys(struct db *db, int64_t before, int64_t *n);
/* Pending logins of the identity provider (oidc_pending, migration 0014) created at or before
 * `before`, all at once (a small table). */
enum mc_err sweep_oidc_pending(struct db *db, int64_t before, int64_t *n);

/* Claims the run of job `name` at now unless it last started after `since` (job_runs, migration
 * 0018): *mine is true when this caller is to run it. Inside a write transaction, so that of
 * several instances asking at once one gets it. */
enum mc_err sweep_claim(struct db *db, const char *name, int64_t now, int64_t since, bool *mine);

#endif
