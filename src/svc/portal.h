/* The national portal sync (docs/portal.md): the portal is a built-in destination of the outbox
 * (svc/outbox.c): each dossier's creation and status changes are written for it in the change's
 * transaction and delivered by the outbox's worker, in order per dossier, with its retries, dead
 * letters and replay. This module holds what is the portal's own: the configuration, the
 * message's body, the acknowledgement, and each dossier's sync state. */
#ifndef MC_SVC_PORTAL_H
#define MC_SVC_PORTAL_H

#include "svc/svc.h"

struct dossier;
struct outbox_msg;

/* What is wrong with the portal's configuration (English, for the command line), or NULL: no
 * portal (no URL and no agency), or a URL (http or https, no user or password, at most 2,048
 * bytes) with an agency code (domain/portal.h). */
const char *portal_config_problem(const struct svc_config *c);
/* At startup, before the outbox's worker: makes (or updates) the portal's destination row when a
 * portal is configured, and sets s->portal_sub; pauses it otherwise (its messages wait). */
enum mc_err portal_setup(struct svc_state *s);

/* In the change's write transaction: writes the portal's message for the dossier's event (when a
 * portal is configured and the event is one the portal gets; *queued says so: the caller wakes the
 * worker) and sets d->sync to the result. e is the outbox's event (store/outbox_store.h), with its
 * payload complete. */
struct outbox_event;
enum mc_err portal_enqueue(struct svc_ctx *ctx, struct dossier *d, struct outbox_event *e,
			   bool *queued);

/* The worker's delivery of one portal message (no database connection held): *error says why
 * it failed (NULL: acknowledged, *receipt the portal's id of it, in a). */
void portal_send(struct svc_state *s, struct arena *a, const struct outbox_msg *m,
		 const char **error, const char **receipt);
/* In the worker's outcome transaction (or a replay's): the dossier of message m derives its
 * state again; receipt (NULL: none) is kept. */
enum mc_err portal_record(struct svc_ctx *ctx, const char *code, int64_t sub,
			  const char *receipt);
/* After an administrator's replay of message id, in its transaction: the dossier's state again
 * when it is a portal message; nothing otherwise. */
enum mc_err portal_after_replay(struct svc_ctx *ctx, int64_t id);

/* The dossiers the caller may see by sync state (a read transaction of its own): staff only
 * (MC_EFORBIDDEN for citizens); administrators count every dossier. */
struct portal_summary {
	bool configured;
	int64_t pending, acknowledged, failed;
};
enum mc_err portal_summary(struct svc_ctx *ctx, struct portal_summary *out);

#endif
