/* Administrators' webhooks (docs/webhooks.md): subscriptions (create, list, get, pause or resume,
 * delete, ping) and the outbox's messages (list by state, replay a dead letter). Every call needs
 * an administrator (MC_EAUTH / MC_EFORBIDDEN). Field errors go to ctx->problem with MC_EINVAL. */
#ifndef MC_WEBHOOKS_H
#define MC_WEBHOOKS_H

#include "store/outbox_store.h"
#include "svc/svc.h"

struct webhook_new {
	const char *url;
	const char *const *events; /* nevents names */
	size_t nevents;
	const char *unit;   /* NULL: every unit */
	const char *secret; /* NULL: generated (then returned once in out->secret) */
};

/* Creates a subscription after checking url against the allow-list (422 naming url when refused),
 * the events against the known names, the unit, the secret's format and the count
 * (WEBHOOK_SUBS_MAX; 409 past it). *out is the new subscription, secret included. */
enum mc_err webhooks_create(struct svc_ctx *ctx, const struct webhook_new *in,
			    struct subscription *out);
enum mc_err webhooks_list(struct svc_ctx *ctx, int64_t after, size_t limit,
			  void (*fn)(const struct subscription *s, void *arg), void *arg,
			  bool *more);
enum mc_err webhooks_get(struct svc_ctx *ctx, int64_t id, struct subscription *out);
/* Pauses or resumes; *out is the subscription after. */
enum mc_err webhooks_pause(struct svc_ctx *ctx, int64_t id, bool paused,
			   struct subscription *out);
enum mc_err webhooks_delete(struct svc_ctx *ctx, int64_t id);
/* Enqueues a ping message to that subscription. */
enum mc_err webhooks_ping(struct svc_ctx *ctx, int64_t id);
/* Messages by state (NULL: any), after an id. */
enum mc_err webhooks_messages(struct svc_ctx *ctx, const char *state, int64_t after, size_t limit,
			      void (*fn)(const struct outbox_msg *m, void *arg), void *arg,
			      bool *more);
/* A dead letter back to pending with its attempts reset (409 unless it is dead). */
enum mc_err webhooks_replay(struct svc_ctx *ctx, int64_t id);

#endif
