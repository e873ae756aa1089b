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
	int64_t expired_tickets; /* queue tickets of earlier days closed (svc/queue.h) */
};

/* One sweep at the wall-clock time ctx->real_now (the queue's days at the domain clock
 * ctx->now), with ctx->state's configuration: deletes in batches, one short write transaction each on ctx->db, and counts what went into *out. Errors of
 * the database are returned; a temporary directory that cannot be read is logged and skipped. */
enum mc_err housekeeping_sweep(struct svc_ctx *ctx, struct housekeeping_report *out);

struct housekeeping;
/* Sweeps once at once (before the server takes its first request: expired sessions are gone once
 * it listens), then starts the thread that sweeps every cfg.sweep_interval seconds with a
 * connection of s's pool (taken for the sweep only); an interval of 0 starts no thread
 * (*out = NULL). The first sweep's error is returned (and logged). s must outlive the thread. */
enum mc_err housekeeping_start(struct svc_state *s, struct housekeeping **out);
/* Stops the thread (waiting for a sweep under way) and frees it; accepts NULL. */
void housekeeping_stop(struct housekeeping *h);

#endif
