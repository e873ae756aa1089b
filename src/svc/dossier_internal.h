/* Helpers shared by svc/dossiers.c, svc/dossier_actions.c and svc/tracking.c (not a public API). */
#ifndef MC_DOSSIER_INTERNAL_H
#define MC_DOSSIER_INTERNAL_H

#include "svc/dossiers.h"

/* The units (as of ctx->now) covered by the user's roles (role NULL: any staff role), optionally
 * only of one kind; an arena array of codes. */
enum mc_err dossier__covered(struct svc_ctx *ctx, const char *role, const char *kind,
			     char (**codes)[UNIT_CODE_MAX], size_t *n);
/* The only service point the receiver covers: MC_EFORBIDDEN when none, MC_EINVAL (field
 * receiving_unit) when several. */
enum mc_err dossier__single_point(struct svc_ctx *ctx, char out[UNIT_CODE_MAX]);
/* Appends a history event and the matching audit event, in the caller's transaction. */
enum mc_err dossier__record(struct svc_ctx *ctx, const struct dossier *d, const char *action,
			    const char *unit, const char *from, const char *to, const char *detail);
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

/* Checks the applicant fields of an intake (errors under "applicant."). */
void dossier__check_applicant(struct svc_ctx *ctx, const struct intake *in);
/* The receiving point of a counter intake: the one given (the receiver must cover it), or the
 * single point the receiver covers. */
enum mc_err dossier__receiving_point(struct svc_ctx *ctx, const char *given,
				     char out[UNIT_CODE_MAX]);

#endif
