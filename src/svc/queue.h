/* Queues at service points (docs/queue.md): tickets numbered per point and day, issued by staff
 * (a receiver or point manager), at a public kiosk (rate-limited per client address) or at the
 * check-in of an appointment; counters call the next ticket by the point's rule (domain/queue.h),
 * recall, skip, transfer and finish it; a dossier received from a ticket records it, so waiting
 * and serving times are known per dossier, counter, officer and point. The board (the list) is
 * public and holds no personal data. */
#ifndef MC_QUEUE_H
#define MC_QUEUE_H

#include "domain/queue.h"
#include "svc/svc.h"

#define QUEUE_DAILY_MAX 9999 /* tickets per point and day */
#define QUEUE_STATS_DAYS 366 /* longest period of the statistics */

/* Issues a ticket. MC_ENOTFOUND for an unknown point, MC_EFORBIDDEN when the caller covers it
 * with neither receiver nor unit_manager, MC_EINVAL for a bad group or priority ("appointment"
 * comes from a check-in only), MC_ETOOBIG after QUEUE_DAILY_MAX tickets. */
enum mc_err queue_issue(struct svc_ctx *ctx, const char *point, const char *group,
			const char *priority, struct ticket *out, int64_t *waiting_ahead);
/* The same at a public kiosk: anyone, counted per client address (MC_ETOOMANY with
 * ctx->retry_after past --kiosk-rate; staff are not counted). */
enum mc_err queue_kiosk_issue(struct svc_ctx *ctx, const char *point, const char *group,
			      const char *priority, struct ticket *out, int64_t *waiting_ahead);
/* Issues the "appointment" ticket of a booking checked in, inside the caller's write transaction. */
enum mc_err queue_issue_for_booking(struct svc_ctx *ctx, const char *point, const char *group,
				    const char *booking, struct ticket *out, int64_t *waiting_ahead);

/* Calls the next ticket to a counter (receiver covering the point) by the point's rule; the
 * counter's previous ticket is done. *found is false when nobody waits. With `current` (the
 * number the counter believes it serves, 0: none) a retry is recognised: when the counter serves
 * another ticket, or none, already, nothing changes, *repeated is set and *out is that ticket. */
enum mc_err queue_call_next(struct svc_ctx *ctx, const char *point, int64_t counter,
			    const int64_t *current, struct ticket *out, bool *found, bool *repeated);

enum queue_op { QUEUE_RECALL, QUEUE_SKIP, QUEUE_FINISH, QUEUE_TRANSFER };
struct queue_op_in {
	int64_t number;        /* today's ticket the counter acts on */
	int64_t to_counter;    /* transfer: 0 = any counter */
	const char *to_group;  /* transfer: NULL = the ticket's own group */
};
/* A counter's action on the ticket it called (receiver covering the point): recall (announced
 * again), skip (no-show; then the next ticket is called into *next), finish, transfer (back to
 * waiting for another counter and/or service group). Repeating a skip, finish or transfer that
 * was done changes nothing (*repeated; *next is then the counter's ticket now, if any).
 * MC_ENOTFOUND for an unknown ticket, MC_ECONFLICT when the ticket is in another state or at
 * another counter, MC_EINVAL naming bad fields. */
enum mc_err queue_act(struct svc_ctx *ctx, const char *point, int64_t counter, enum queue_op op,
		      const struct queue_op_in *in, struct ticket *out, struct ticket *next,
		      bool *found_next, bool *repeated);

/* Lists today's tickets of a point by number after `after`. */
enum mc_err queue_list(struct svc_ctx *ctx, const char *point, int64_t after, size_t limit,
		       void (*fn)(const struct ticket *t, void *arg), void *arg, int64_t *waiting,
		       char day[16]);
/* The ticket each counter of a point is serving now, by counter (public: the board). */
enum mc_err queue_serving(struct svc_ctx *ctx, const char *point,
			  void (*fn)(const struct ticket *t, void *arg), void *arg);
/* The public board of a point in one read transaction: the number waiting today, then the ticket
 * each counter serves (serving, by counter), then today's tickets by number after `after` (item,
 * at most limit). */
enum mc_err queue_board(struct svc_ctx *ctx, const char *point, int64_t after, size_t limit,
			void (*serving)(const struct ticket *t, void *arg),
			void (*item)(const struct ticket *t, void *arg), void *arg, int64_t *waiting,
			char day[16]);
/* Today's queues of all service points that issued tickets (public: counts only). */
enum mc_err queue_summary(struct svc_ctx *ctx, void (*fn)(const struct queue_summary *s, void *arg),
			  void *arg, char day[16]);

/* A point's rule setting N (an ordinary ticket at least every N calls); *stored false for the
 * default. Setting it: administrator or unit manager covering the point; MC_EINVAL naming
 * "ordinary_every" outside QUEUE_ORDINARY_EVERY_MIN..MAX. */
enum mc_err queue_settings(struct svc_ctx *ctx, const char *point, int *every, bool *stored);
enum mc_err queue_set_settings(struct svc_ctx *ctx, const char *point, int every);

/* Records, in the intake's write transaction, that dossier `dossier_id` is received at `point`
 * from today's ticket `number`; MC_EINVAL naming "ticket" when no ticket of that number was
 * called there today. */
enum mc_err queue_link_dossier(struct svc_ctx *ctx, const char *point, int64_t number,
			       int64_t dossier_id);
/* The ticket a dossier was received from, for those who may see the dossier (MC_ENOTFOUND when
 * it has none or the caller may not see it). */
enum mc_err queue_dossier_ticket(struct svc_ctx *ctx, const char *code, struct ticket *out);

/* Waiting and serving times of a point's served tickets of the days from..to (day numbers),
 * for the point (by 0), per counter (1) and per officer (2): staff covering the point (receiver,
 * unit manager), centre managers and administrators. MC_EINVAL naming "from" or "to". */
enum mc_err queue_stats(struct svc_ctx *ctx, const char *point, int64_t from, int64_t to,
			void (*fn)(int by, const struct queue_stat *s, void *arg), void *arg);

/* Closes the tickets of earlier days (local day of ctx->now) still waiting or called: status
 * "expired", in batches of QUEUE_EXPIRE_BATCH, each its own write transaction (housekeeping).
 * *total: how many. Call-next never offers them anyway: it reads today's tickets only. */
#define QUEUE_EXPIRE_BATCH 2000
enum mc_err queue_expire(struct svc_ctx *ctx, int64_t *total);

#endif
