/* Backfilling the national portal (docs/portal.md "Backfill"): the creation of the dossiers the
 * portal never heard of, queued in batches through the outbox. A module of its own above
 * svc/portal and svc/outbox, which use each other's lower parts. */
#ifndef MC_SVC_PORTAL_BACKFILL_H
#define MC_SVC_PORTAL_BACKFILL_H

#include "svc/svc.h"

/* Queues a creation message (action "backfill", the dossier's current status) for up to limit
 * dossiers with id > after that the portal never heard of, oldest first, in one write
 * transaction; administrators only; MC_ECONFLICT when no portal is configured. next: the cursor
 * to pass as after for the following batch. */
struct portal_backfill {
	int64_t queued, next;
	bool more;
};
#define PORTAL_BACKFILL_MAX 2000
enum mc_err portal_backfill(struct svc_ctx *ctx, int64_t after, size_t limit,
			    struct portal_backfill *out);


#endif
