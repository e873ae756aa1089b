/* The notifications' delivery worker (docs/notifications.md): a thread of its own, never a
 * request thread, that claims due notifications under a lease (cfg.webhook_lease_ms; with several
 * instances on one database each is sent by one of them), sends e-mails through svc/mailer.c
 * (the extension's with Form 04 rendered now and attached) and SMS by a JSON POST to the gateway,
 * and records each outcome: sent, or retried with backoff until cfg.notify_attempts failures make
 * it dead. */
#ifndef MC_NOTIFY_WORKER_H
#define MC_NOTIFY_WORKER_H

#include "svc/svc.h"

#define NOTIFY_BATCH 8       /* notifications claimed at once */
#define NOTIFY_POLL_MS 500   /* looks for due notifications at least this often */
#define NOTIFY_ANSWER_MAX 4096

/* Tells the worker there may be work, once ctx's transaction ends. */
void notify_worker_wake_after(struct svc_ctx *ctx);

/* Starts the thread; s->notifier is set. s must outlive it. */
enum mc_err notify_worker_start(struct svc_state *s);
/* Stops the thread (a send under way finishes first) and frees it; nothing when none runs. */
void notify_worker_stop(struct svc_state *s);

#endif
