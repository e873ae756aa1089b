/* The service-quality indicators of Decision 766/QĐ-TTg that motcua's data supports, and our own
 * (docs/indicators.md): per period, over the dossiers the caller may see, optionally of one unit;
 * each with its numerator, denominator and formula. */
#ifndef MC_INDICATORS_H
#define MC_INDICATORS_H

#include "svc/svc.h"

struct indicator {
	const char *id;       /* stable, e.g. "processing_on_time" */
	const char *code_766; /* the indicator's number in Decision 766 as the portal applies it;
				 NULL for ours */
	const char *name;     /* Vietnamese */
	const char *formula;  /* Vietnamese, as printed beside the value */
	int64_t numerator, denominator;
};

#define INDICATORS_MAX 20

/* The indicators of [from, to]; unit (NULL: all the caller sees) limits to dossiers involving it.
 * MC_EAUTH without a user, MC_EFORBIDDEN for citizens or a unit outside the caller's scope. */
enum mc_err indicators_compute(struct svc_ctx *ctx, int64_t from, int64_t to, const char *unit,
			       struct indicator out[INDICATORS_MAX], size_t *n);

/* The caller's units as a JSON array in the arena (NULL for an administrator: all). MC_EAUTH
 * without a user, MC_EFORBIDDEN for citizens and when unit (not NULL) is outside them. */
enum mc_err report_scope(struct svc_ctx *ctx, const char *unit, const char **units_json);

#endif
