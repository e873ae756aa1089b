/* Administrators' management of accounts: the list with search and role filters, one account, and
 * changes to an account (full name, the set of roles, active or not, a new password). Creating an
 * account and logging in are svc/auth.h's. Every function here is for administrators only. */
#ifndef MC_USERS_H
#define MC_USERS_H

#include "svc/svc.h"

struct users_query {
	const char *q;     /* NULL = any; matches the username or the full name (users.c) */
	const char *role;  /* NULL = any */
	const char *unit;  /* NULL = any; with role, both on one binding */
	int active;        /* -1 = any, 0 = locked only, 1 = active only */
	const char *after; /* keyset cursor: the last username of the previous page */
	size_t limit;
};

/* Lists accounts by username; fn is called per account (no password hash). *more is true when
 * another page follows. MC_EINVAL naming "q", "role" or "unit" for a bad filter. */
enum mc_err users_list(struct svc_ctx *ctx, const struct users_query *q,
		       void (*fn)(const struct user *u, void *arg), void *arg, bool *more);

/* One account with its roles (no password hash); MC_ENOTFOUND when there is none. */
enum mc_err users_get(struct svc_ctx *ctx, const char *username, struct user *out);

struct users_change {
	const char *full_name; /* NULL = unchanged */
	const char *password;  /* NULL = unchanged */
	bool set_roles;        /* replace the roles by roles[0..nroles) */
	bool set_active;
	bool active;
	size_t nroles;
	struct user_role roles[USER_ROLES_MAX];
};

/* Changes an account in one transaction, one audit event per kind of change (update_user,
 * set_roles, deactivate_user, reactivate_user, reset_password on entity "user:<username>").
 * Deactivating ends the account's sessions; so does a new password for another account.
 * MC_ENOTFOUND for an unknown username; MC_EINVAL with field errors; MC_ECONFLICT (with a detail)
 * when the caller would deactivate their own account or drop their own admin role. The password,
 * when given, is hashed here: call from the slow pool. out gets the account as it now is. */
enum mc_err users_update(struct svc_ctx *ctx, const char *username, const struct users_change *in,
			 struct user *out);

/* Gives every account made before search keys existed its key (start-up, before serving), in
 * batches of one write transaction each on ctx->db (only ctx->db is used). */
enum mc_err users_fill_search_keys(struct svc_ctx *ctx, size_t *filled);

#endif
