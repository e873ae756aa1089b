/* Dossier visibility (see dossier_access.h). It calls only downward (permissions, citizens'
 * accounts, the dossier store), so that documents and forms can ask it without depending on the
 * dossier use cases, which depend on them. */
#include "base/base.h"

#include "store/dossier_store.h"
#include "svc/citizens.h"
#include "svc/dossier_access.h"
#include "svc/perm.h"

bool dossier_citizen_covers(const struct user *u, const struct dossier *d)
{
	if (!u || !perm_has_role(u, "citizen"))
		return false;
	if (d->submitter_id && d->submitter_id == u->id)
		return true;
	if (!citizens_verified(u) || !u->id_number[0])
		return false;
	return strcmp(u->id_number, d->applicant_id) == 0 ||
	       (d->rep_name && strcmp(u->id_number, d->rep_id_number) == 0);
}

bool dossier_visible(struct svc_ctx *ctx, const struct dossier *d)
{
	if (!ctx->user)
		return false;
	if (perm_has_role(ctx->user, "admin"))
		return true;
	if (dossier_citizen_covers(ctx->user, d))
		return true;
	const char *units[] = {d->receiving_unit, d->served_unit, d->resolver_unit, d->return_unit};
	for (size_t i = 0; i < MC_ARRAY_LEN(units); i++)
		if (perm_check(ctx, NULL, units[i]) == MC_OK)
			return true;
	for (size_t i = 0; i < d->nsteps; i++)
		if (perm_check(ctx, NULL, d->steps[i].unit) == MC_OK)
			return true;
	for (size_t i = 0; i < d->nopinions; i++) /* a unit asked for its opinion */
		if (perm_check(ctx, NULL, d->opinions[i].unit) == MC_OK)
			return true;
	return false;
}

enum mc_err dossier_get(struct svc_ctx *ctx, const char *code, struct dossier *out)
{
	enum mc_err err = dstore_get(ctx->db, ctx->arena, code, out);
	if (err)
		return err;
	return dossier_visible(ctx, out) ? MC_OK : MC_ENOTFOUND;
}
