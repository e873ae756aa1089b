/* Housekeeping: what has expired is deleted once at start and then on a schedule, on a thread of
 * its own — sessions past their expiry, failed logins older than the throttling window (of any
 * username, known or not), idempotency keys older than DOSSIER_IDEM_TTL, pending logins of the
 * identity provider older than HOUSEKEEPING_OIDC_AGE (when their table exists) and temporary files
 * older than HOUSEKEEPING_TMP_AGE in <data>/tmp and <data>/blobs/tmp. */
#ifndef MC_HOUSEKEEPING_H
#define MC_HOUSEKEEPING_H

#include "svc/svc.h"

#define HOUSEKEEPING_TMP_AGE 3600  /* seconds */
#define HOUSEKEEPING_OIDC_AGE 3600 /* seconds; a pending login is taken within minutes */

struct housekeeping_report {
	int64_t sessions, login_failures, idempotency_keys, oidc_pending;
	size_t tmp_files;
};

/* One sweep at wall-clock time now: deletes in batches, one short write transaction each, and
 * counts what went into *out. Errors of the database are returned; a temporary directory that
 * cannot be read is logged and skipped. */
enum mc_err housekeeping_sweep(const struct svc_config *cfg, struct db *db, int64_t now,
			       struct housekeeping_report *out);

struct housekeeping;
/* Sweeps once at once (before the server takes its first request: expired sessions are gone once
 * it listens), then starts the thread that sweeps every cfg.sweep_interval seconds with a
 * connection of the pool (taken for the sweep only); an interval of 0 starts no thread
 * (*out = NULL). The first sweep's error is returned (and logged). */
enum mc_err housekeeping_start(const struct svc_config *cfg, struct db_pool *pool,
			       struct housekeeping **out);
/* Stops the thread (waiting for a sweep under way) and frees it; accepts NULL. */
void housekeeping_stop(struct housekeeping *h);

#endif
