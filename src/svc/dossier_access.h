/* Who may see a dossier, and reading one the caller may see: the rule the dossier use cases and
 * the modules below them (documents, forms) share. svc/dossiers.h includes this header. */
#ifndef MC_DOSSIER_ACCESS_H
#define MC_DOSSIER_ACCESS_H

#include "domain/dossier.h"
#include "svc/svc.h"

/* True when the context's user may see the dossier: an administrator; the applicant's citizen
 * account (dossier_citizen_covers); staff whose roles cover its receiving, served, resolver or
 * return unit or a step's unit (as of ctx->now). Reads the units in the caller's transaction. */
bool dossier_visible(struct svc_ctx *ctx, const struct dossier *d);
/* A citizen account's own dossier: one it submitted, or — verified accounts only — one whose
 * applicant or representative is its ID number. Pure. */
bool dossier_citizen_covers(const struct user *u, const struct dossier *d);
/* Reads a dossier the caller may see, in the caller's transaction (other use cases call it inside
 * theirs); MC_ENOTFOUND for an unknown code or one the caller may not see (alike). */
enum mc_err dossier_get(struct svc_ctx *ctx, const char *code, struct dossier *out);

#endif
