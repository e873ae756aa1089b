/* Role and unit-scope checks. Ancestors are read as of ctx->now on every call: no cache can go
 * stale when a reorganization takes effect. */
#include "base/base.h"

#include "store/unit_store.h"
#include "svc/perm.h"

const char *const perm_roles[] = {"admin",     "center_manager", "unit_manager", "receiver",
				  "processor", "approver",       "citizen"};
const size_t perm_nroles = MC_ARRAY_LEN(perm_roles);

#define MAX_DEPTH 16

bool perm_role_valid(const char *role)
{
	for (size_t i = 0; i < perm_nroles; i++)
		if (strcmp(perm_roles[i], role) == 0)
			return true;
	return false;
}

bool perm_has_role(const struct user *u, const char *role)
{
	if (!u)
		return false;
	for (size_t i = 0; i < u->nroles; i++)
		if (strcmp(u->roles[i].role, role) == 0)
			return true;
	return false;
}

static bool holds(const struct user *u, const char *role, const char *unit)
{
	for (size_t i = 0; i < u->nroles; i++) {
		const struct user_role *r = &u->roles[i];
		if (strcmp(r->role, "citizen") == 0)
			continue;
		if ((!role || strcmp(r->role, role) == 0) && strcmp(r->unit, unit) == 0)
			return true;
	}
	return false;
}

enum mc_err perm_check(struct svc_ctx *ctx, const char *role, const char *unit)
{
	char cur[UNIT_CODE_MAX];
	char parent[UNIT_CODE_MAX];
	if (!ctx->user)
		return MC_EAUTH;
	if (!unit || !*unit)
		return MC_EFORBIDDEN;
	snprintf(cur, sizeof(cur), "%s", unit);
	for (int depth = 0; depth < MAX_DEPTH && cur[0]; depth++) {
		if (holds(ctx->user, role, cur))
			return MC_OK;
		enum mc_err err = unitstore_parent_at(ctx->db, cur, ctx->now, parent);
		if (err == MC_ENOTFOUND)
			break;
		if (err)
			return err;
		memcpy(cur, parent, sizeof(cur));
	}
	return MC_EFORBIDDEN;
}

enum mc_err perm_admin(struct svc_ctx *ctx)
{
	if (!ctx->user)
		return MC_EAUTH;
	return perm_has_role(ctx->user, "admin") ? MC_OK : MC_EFORBIDDEN;
}
