/* Helpers shared by the dossier modules only — dossiers.c, dossier_actions.c, dossier_common.c,
 * dossier_recompute.c — not a public API: other modules use svc/dossiers.h. */
#ifndef MC_DOSSIER_INTERNAL_H
#define MC_DOSSIER_INTERNAL_H

#include "svc/dossiers.h"

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

#endif
