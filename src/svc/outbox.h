/* The transactional outbox of webhooks (docs/webhooks.md): changes write their messages in their
 * own transaction (outbox_dossier_event, outbox_handover_event), and a delivery worker, a thread
 * of its own that never runs on request threads, sends them with Standard Webhooks headers: at
 * least once, in order per subscription and stream (a dossier, a handover), with exponential
 * backoff and jitter, and to the dead letters after cfg.webhook_attempts failures. With several
 * instances on one database, each message is claimed under a lease (cfg.webhook_lease_ms) by one
 * of them; a round stops sending its claimed messages once half the lease has passed, so that
 * another instance sends a message again only after the one that claimed it died or hung. */
#ifndef MC_OUTBOX_H
#define MC_OUTBOX_H

#include "svc/svc.h"

struct dossier;

#define OUTBOX_BATCH 16           /* messages claimed at once */
#define OUTBOX_POLL_MS 500        /* looks for due messages at least this often */
#define OUTBOX_ANSWER_MAX 4096    /* bytes of a receiver's answer read (and dropped) */

/* Enqueues the event a dossier history record stands for (domain/webhook.h's
 * webhook_event_of; nothing for the others) for each matching subscription, on ctx->db inside
 * the caller's write transaction; wakes the worker once that transaction commits. The national
 * portal, when configured, gets creations and status changes too, and d->sync says so
 * (svc/portal.h). */
enum mc_err outbox_dossier_event(struct svc_ctx *ctx, struct dossier *d, const char *action,
				 const char *unit, const char *from, const char *to);
/* The same for a handover: event is one of handover.items_confirmed, handover.signed,
 * handover.completed; data_json is the rest of the data object's members ("" for none). */
enum mc_err outbox_handover_event(struct svc_ctx *ctx, const char *event, int64_t handover,
				  const char *unit, const char *data_json);
/* Enqueues, for the national portal alone (subscription sub), a dossier.created message standing
 * for a dossier that existed before the portal was configured: its current status, no previous
 * one, action "backfill" (svc/portal.h portal_backfill). */
enum mc_err outbox_portal_backfill(struct svc_ctx *ctx, int64_t sub, const char *code,
				   const char *status, const char *receiving_unit,
				   const char *resolver_unit);
/* Enqueues a ping to subscription sub alone (svc/webhooks.c). */
enum mc_err outbox_ping(struct svc_ctx *ctx, int64_t sub);
/* Tells the worker there may be work. Accepts a state without a worker. */
void outbox_wake(struct svc_state *s);
/* The same once ctx's transaction ends (a message enqueued, resumed or replayed). */
void outbox_wake_after(struct svc_ctx *ctx);

struct outbox;
/* Starts the delivery thread on a connection of s's pool taken per round; s->outbox is set. s
 * must outlive it. */
enum mc_err outbox_start(struct svc_state *s);
/* Stops the thread (a send under way finishes first) and frees it; nothing when none runs. */
void outbox_stop(struct svc_state *s);

#endif
