/* Workflow breadth as use cases (issue 20 items 6 and 7; docs/decisions.md "Delegation" and "Send
 * back and opinions"): administrators record, list and end delegations (svc/delegations.c); a step
 * asks other units for their opinions in parallel, an asked unit answers, and asked units list what
 * waits for them (svc/dossier_opinions.c). Send-back is a dossier action (svc/dossiers.h). */
#ifndef MC_SVC_WORKFLOW_H
#define MC_SVC_WORKFLOW_H

#include "domain/dossier.h"
#include "domain/workflow.h"
#include "svc/svc.h"

struct delegation_new {
	const char *procedure;       /* required: a procedure of the catalogue */
	const char *unit;            /* the deciding unit it is for; NULL = any */
	const char *delegating_unit; /* the delegating agency as a unit code, or NULL */
	const char *delegating_name; /* or by name (required without delegating_unit) */
	const char *decision_number; /* required */
	const char *decision_date;   /* required, YYYY-MM-DD */
	int64_t valid_from;          /* required */
	int64_t valid_to;            /* 0 = until ended */
};

/* Administrators only (MC_EFORBIDDEN). Field errors to ctx->problem (MC_EINVAL). */
enum mc_err delegations_create(struct svc_ctx *ctx, const struct delegation_new *in,
			       struct delegation *out);
enum mc_err delegations_list(struct svc_ctx *ctx, const char *procedure, int64_t before,
			     size_t limit, void (*fn)(const struct delegation *g, void *arg),
			     void *arg);
enum mc_err delegations_get(struct svc_ctx *ctx, int64_t id, struct delegation *out);
/* Ends it now: MC_ENOTFOUND, or MC_ECONFLICT when it was already ended. */
enum mc_err delegations_end(struct svc_ctx *ctx, int64_t id, struct delegation *out);

struct opinion_ask {
	size_t n;
	const char *units[WF_OPINION_UNITS_MAX];
	int64_t due_days[WF_OPINION_UNITS_MAX]; /* working days, 1..WF_OPINION_DAYS_MAX */
	const char *question;                   /* NULL = none */
};

/* The current step (its role covering its unit) asks the units, each with its own due time in
 * working days from now: MC_ENOTFOUND (cannot see), MC_EFORBIDDEN (not the step's), MC_EINVAL
 * (fields: unknown unit, a unit twice, the step's own unit, days out of range), MC_ECONFLICT (not
 * in processing, or a unit already asked and waiting). *out is the dossier after it. */
enum mc_err opinions_ask(struct svc_ctx *ctx, const char *code, const struct opinion_ask *in,
			 struct dossier *out);
/* A member of the asked unit answers: MC_ENOTFOUND (no such opinion of a dossier the caller may
 * see), MC_EFORBIDDEN (not of the asked unit), MC_ECONFLICT (answered already, or the dossier
 * closed or decided). The answer's timeliness: "on_time" by its due time, else "late". */
enum mc_err opinions_answer(struct svc_ctx *ctx, const char *code, int64_t id, bool agree,
			    const char *text, struct dossier *out);
/* The opinions waiting for the units the caller covers (an administrator: every unit), oldest
 * first. */
enum mc_err opinions_inbox(struct svc_ctx *ctx, size_t limit,
			   void (*fn)(const char *code, const struct dossier_opinion *o, void *arg),
			   void *arg);

#endif
