/* Reorganizations as use cases: a decision moves units under a target unit at its effective time
 * (their parent intervals are written at creation, so `?as_of=` and permissions follow on their
 * own), and takes a snapshot per unit of what must be handed over. Handovers are confirmed item by
 * item by the receiving side, signed by both sides, complete when nothing is pending, overdue
 * after the deadline. Verification proves that the moved dossiers kept their codes, dates and
 * history. */
#ifndef MC_REORG_H
#define MC_REORG_H

#include "base/buf.h"
#include "domain/reorg.h"
#include "svc/svc.h"

#define REORG_UNITS_MAX 500
#define REORG_ITEMS_MAX 50000
#define REORG_DIFF_MAX 100

struct reorg_in {
	const char *decision_number, *signed_on, *effective_at, *target_unit;
	const char **units;
	size_t nunits;
	int64_t handover_days;
	bool days_set;
};

/* The decision with its handovers (arena). */
struct reorg_view {
	struct reorg r;
	size_t nh;
	struct handover *h;
};

/* Creates a decision (administrators): checks every field (MC_EINVAL naming units[i] and the
 * others), then in one transaction schedules each unit's new parent from effective_at, snapshots
 * its handover and the dossiers' checksums, and appends audit events. *id gets the decision. */
enum mc_err reorg_create(struct svc_ctx *ctx, const struct reorg_in *in, int64_t *id);
/* The decision with its handovers: administrators and staff covering the target unit see all of
 * them; the giving side (reorg_is_giver) sees the decision with its own handovers only. */
enum mc_err reorg_get(struct svc_ctx *ctx, int64_t id, struct reorg_view *out);
#define REORG_LIST_SCAN 10000 /* decisions read at most for one page of the list */

struct reorg_summary {
	struct reorg r;
	int64_t handovers, complete, overdue;
};
/* One page of the decisions the caller may read (as reorg_get), newest first, with id < before
 * (0: from the newest); at most limit + 1 items so that the caller knows whether more follow. */
enum mc_err reorg_list(struct svc_ctx *ctx, int64_t before, size_t limit,
		       struct reorg_summary **out, size_t *n);
/* The giving side of a handover: administrators and unit managers covering its old parent. */
bool reorg_is_giver(struct svc_ctx *ctx, const struct handover *h);
/* True while a handover is not complete from 00:00 (UTC+7) of the day after the deadline. */
bool reorg_overdue(const struct reorg *r, const struct handover *h, int64_t now);

struct reorg_verdict {
	int64_t dossiers_then, events_then, dossiers_now, events_now;
	unsigned char then[REORG_HASH_LEN], now[REORG_HASH_LEN];
	bool equal;
	size_t ndiff;
	const char *diff[REORG_DIFF_MAX]; /* codes of dossiers that changed or are gone (arena) */
};
/* Recomputes the moved dossiers' checksum and compares it with the one stored at creation, in one
 * read transaction. The _unchecked variant has no permission check (the `motcua reorg verify`
 * command); the diff's codes live in ctx->arena. */
enum mc_err reorg_verify(struct svc_ctx *ctx, int64_t id, struct reorg_verdict *out);
enum mc_err reorg_verify_unchecked(struct svc_ctx *ctx, int64_t id, struct reorg_verdict *out);

/* One handover with its decision, unit names and items (arena, at most REORG_ITEMS_MAX). */
struct handover_view {
	struct handover h;
	struct reorg r;
	char unit_name[UNIT_NAME_MAX], old_parent_name[UNIT_NAME_MAX], target_name[UNIT_NAME_MAX];
	size_t nitems;
	struct handover_item *items;
};

/* Reads a handover: administrators, staff covering the target unit, unit managers covering the
 * old parent; MC_ENOTFOUND for others. */
enum mc_err handover_get(struct svc_ctx *ctx, int64_t id, struct handover_view *out);

struct item_confirm {
	int64_t id;
	const char *status; /* received | missing | damaged */
	const char *note;   /* NULL = "" */
};
/* Confirms items (the receiving side: a Center manager covering the target, or an administrator).
 * MC_ECONFLICT once complete; MC_EINVAL naming items[i] for an unknown item or status. */
enum mc_err handover_confirm(struct svc_ctx *ctx, int64_t id, const struct item_confirm *items,
			     size_t n);
/* Signs one side: "giver" (a unit manager covering the old parent, or an administrator) or
 * "receiver" (a Center manager covering the target, or an administrator). MC_ECONFLICT while an
 * item is pending, when this side has signed, or once complete. Both signatures complete it. */
enum mc_err handover_sign(struct svc_ctx *ctx, int64_t id, const char *side);
/* The handover record (biên bản bàn giao) as a PDF appended to out. */
enum mc_err handover_pdf(struct svc_ctx *ctx, int64_t id, struct buf *out);

#endif
