/* The one permission check that all of svc/ uses. A staff role binds to a unit and covers that
 * unit and every unit below it at the moment of the request (ctx->now), so coverage follows
 * reorganizations. `citizen` binds to no unit. */
#ifndef MC_PERM_H
#define MC_PERM_H

#include "svc/svc.h"

/* The roles, in API.md spelling. */
extern const char *const perm_roles[];
extern const size_t perm_nroles;
bool perm_role_valid(const char *role);

/* True when the user holds the role at all. */
bool perm_has_role(const struct user *u, const char *role);
/* MC_OK when the context's user holds `role` bound to `unit` or to an ancestor of it as of
 * ctx->now; MC_EAUTH without a user; MC_EFORBIDDEN otherwise; MC_EDB on failure. role NULL means
 * any staff role. */
enum mc_err perm_check(struct svc_ctx *ctx, const char *role, const char *unit);
/* MC_OK when the user is an administrator; MC_EAUTH / MC_EFORBIDDEN otherwise. */
enum mc_err perm_admin(struct svc_ctx *ctx);

#endif
