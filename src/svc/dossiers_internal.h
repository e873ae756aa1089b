/* Helpers shared by the dossier modules only — dossiers.c, dossier_list.c, dossier_actions.c,
 * dossier_common.c, dossier_recompute.c — not a public API: other modules use svc/dossiers.h. */
#ifndef MC_DOSSIER_INTERNAL_H
#define MC_DOSSIER_INTERNAL_H

#include "svc/dossiers.h"
#include "svc/perm.h"

/* Whether the caller acts as a citizen (the citizen role), not as an officer. */
static inline bool dossier__is_citizen(const struct svc_ctx *ctx)
{
	return ctx->user && perm_has_role(ctx->user, "citizen");
}

/* The due time of a duration from an instant, with the effective calendar. */
enum mc_err dossier__due(struct svc_ctx *ctx, int64_t from, const struct proc_duration *dur,
			 int64_t *due);
/* Moves an instant later by a number of working seconds (pauses). */
enum mc_err dossier__shift(struct svc_ctx *ctx, int64_t due, int64_t working_seconds,
			   int64_t *out);
/* Working seconds between two instants. */
enum mc_err dossier__working_between(struct svc_ctx *ctx, int64_t a, int64_t b, int64_t *out);
/* Records the calendar versions of the years from..to in d->calendar_versions (arena). */
void dossier__calendar_versions(struct svc_ctx *ctx, struct dossier *d, int64_t from, int64_t to);
/* The actions the context's user may take on the dossier now, from the action table
 * (dossier_actions.c): bit 1u << a for each enum ds_action a. In the caller's transaction. */
unsigned dossier__allowed(struct svc_ctx *ctx, const struct dossier *d);

/* The return (dossier_return.c): online needs the deciding unit's signature on an approved
 * result (MC_ECONFLICT with the problem's detail); by post, the address and the tracking number
 * (field errors, MC_EINVAL). */
enum mc_err dossier__check_online_return(struct svc_ctx *ctx, const struct dossier *d,
					 const struct action_input *in);
enum mc_err dossier__apply_return(struct svc_ctx *ctx, struct dossier *d,
				  const struct action_input *in);

/* Workflow breadth (dossier_workflow.c, docs/decisions.md "Send back and opinions" and
 * "Delegation"). send-back's body rule (the reason: one line of at most WF_REASON_CHARS) and its
 * change: the current step is closed as a pass (with its own timeliness, dossier_sendbacks), the
 * steps after to_step are reset and to_step reopens with a new due time from its planned
 * duration; to_step not earlier than the current step is a field error (MC_EINVAL). */
void dossier__check_send_back(struct svc_ctx *ctx, const struct action_input *in);
enum mc_err dossier__send_back(struct svc_ctx *ctx, struct dossier *d, const struct action_input *in);
/* MC_ECONFLICT (problem detail set) while opinions asked by the current step wait. */
enum mc_err dossier__check_opinions(struct svc_ctx *ctx, const struct dossier *d);
/* A decision on a procedure under delegation: sets d->delegation_id to the one in force, or
 * MC_ECONFLICT naming the delegation that is not (lapsed, not yet valid, ended). No delegation
 * governs the procedure: MC_OK, d->delegation_id 0. */
enum mc_err dossier__check_delegation(struct svc_ctx *ctx, struct dossier *d);
/* Writes d->delegation_id on the dossier's row (after dstore_update). */
enum mc_err dossier__record_delegation(struct svc_ctx *ctx, const struct dossier *d);

#endif
