/* Queues at service points: a kiosk (run under a receiver's or point manager's account) issues
 * numbered tickets per point and day, priority tickets for the elderly, pregnant and disabled
 * are called first, and a counter calls the next ticket. The board (the list) is public and holds
 * no personal data. */
#ifndef MC_QUEUE_H
#define MC_QUEUE_H

#include "domain/queue.h"
#include "svc/svc.h"

#define QUEUE_DAILY_MAX 9999 /* tickets per point and day */

/* Issues a ticket. MC_ENOTFOUND for an unknown point, MC_EFORBIDDEN when the caller covers it
 * with neither receiver nor unit_manager, MC_EINVAL for a bad group or priority, MC_ETOOBIG after
 * QUEUE_DAILY_MAX tickets. */
enum mc_err queue_issue(struct svc_ctx *ctx, const char *point, const char *group,
			const char *priority, struct ticket *out, int64_t *waiting_ahead);
/* Calls the next ticket to a counter (receiver covering the point); the counter's previous ticket
 * is done. *found is false when nobody waits. */
enum mc_err queue_call_next(struct svc_ctx *ctx, const char *point, int64_t counter,
			    struct ticket *out, bool *found);
/* Lists today's tickets of a point by number after `after`. */
enum mc_err queue_list(struct svc_ctx *ctx, const char *point, int64_t after, size_t limit,
		       void (*fn)(const struct ticket *t, void *arg), void *arg, int64_t *waiting,
		       char day[16]);
/* Today's queues of all service points that issued tickets (public: counts only). */
enum mc_err queue_summary(struct svc_ctx *ctx, void (*fn)(const struct queue_summary *s, void *arg),
			  void *arg, char day[16]);

#endif
