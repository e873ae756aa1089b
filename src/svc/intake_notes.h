/* Counter work that creates no dossier (svc/intake_notes.c): Form 02 guidance (papers missing, no
 * code used) and Form 03 refusals (a request outside the Center's scope), each numbered per
 * receiving point and day. The edge reaches intake notes only through this header. */
#ifndef MC_INTAKE_NOTES_H
#define MC_INTAKE_NOTES_H

#include "domain/dossier.h"
#include "svc/dossiers.h"

/* Form 02 at the counter: papers missing, no dossier and no code used. in->components lists the
 * missing ids (ncomponents); in->receiving_unit as for intake. out's strings live in ctx->arena.
 * One write transaction. */
enum mc_err intake_guidance(struct svc_ctx *ctx, const struct intake *in, const char *note,
			    struct intake_note *out);
/* Form 03 at the counter: a request outside the Center's scope. in->procedure is what was asked
 * for (free text: it may not be in the catalog). One write transaction. */
enum mc_err intake_refusal(struct svc_ctx *ctx, const struct intake *in, const char *reason,
			   struct intake_note *out);

#endif
