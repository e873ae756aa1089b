/* Accounts and sessions: login with throttling, bearer tokens stored only as hashes, logout,
 * citizen self-registration and account creation by an administrator. Password hashing is
 * argon2id (libsodium) at OWASP's minimum cost or more; callers run these functions where a slow
 * call cannot stall other requests (http/ offloads them to a pool of two threads). */
#ifndef MC_AUTH_H
#define MC_AUTH_H

#include "svc/svc.h"

#define AUTH_TOKEN_LEN 43 /* 32 random bytes, base64url without padding */
/* Live unverified citizen accounts an ID number may have; one more registration closes the
 * oldest (docs/identity.md). */
#define CITIZEN_UNVERIFIED_MAX 2
/* Password hashes checked by a login that looks like an ID number: the verified account and the
 * unverified ones, padded with a dummy hash so that the time tells nothing. */
#define AUTH_LOGIN_CANDIDATES (CITIZEN_UNVERIFIED_MAX + 1)

struct auth_session {
	char token[AUTH_TOKEN_LEN + 1];
	int64_t expires_at;
	struct user user;
};

/* Checks the credentials; on success creates a session. MC_EAUTH for a wrong username or
 * password (the same answer and similar time either way), MC_ETOOMANY while the username, or the
 * client address (ctx->client_addr) across usernames, is throttled (ctx->retry_after set). */
enum mc_err auth_login(struct svc_ctx *ctx, const char *username, const char *password,
		       struct auth_session *out);
/* Opens a session for out->user (a new token, stored as its hash; the login audited). */
enum mc_err auth_open_session(struct svc_ctx *ctx, struct auth_session *out);
/* Finds the live session of a bearer token and loads its user into *out. MC_EAUTH when none, or
 * when a staff session went unused for cfg.staff_idle seconds (it is ended then). */
enum mc_err auth_resolve(struct svc_ctx *ctx, const char *token, size_t len, struct user *out,
			 int64_t *expires_at);
/* The CSRF token of a cookie session: base64url of BLAKE2b-128 keyed by the session token, so it
 * needs no storage and changes with the session. out gets at least 24 characters. */
void auth_csrf(const char *token, size_t len, char out[32]);
/* Ends the session of a token. */
enum mc_err auth_logout(struct svc_ctx *ctx, const char *token, size_t len);

struct auth_new_user {
	const char *username;
	const char *password;
	const char *full_name;
	const char *id_number; /* citizens */
	const char *phone;
	const char *email;
	size_t nroles;
	struct user_role roles[USER_ROLES_MAX];
};

/* Creates a staff account (admin only): validates username, password, name and every role's unit
 * (admin binds to the city PC, center_manager to the Center). Field errors go to ctx->problem. */
enum mc_err auth_create_user(struct svc_ctx *ctx, const struct auth_new_user *in, struct user *out);
/* Hashes a password (argon2id) into out; used by init too. */
enum mc_err auth_hash_password(const struct svc_config *cfg, const char *password,
			       char out[160]);
/* The rule a new password breaks (domain/password.h: 10 to 128 characters, not containing the
 * username or the ID number, not a common password, not repetitive) as an English message, with
 * the Vietnamese one in *message_vi; NULL when it keeps them all. username and id_number may be
 * NULL. */
const char *auth_password_rule(const char *password, const char *username, const char *id_number,
			       const char **message_vi);
/* The same as a field error: adds it for `field` and returns false when a rule is broken. */
bool auth_password_ok(struct problem *p, const char *field, const char *password,
		      const char *username, const char *id_number);
/* Checks phone and e-mail when given; adds errors for "phone" / "email". */
void auth_check_contact(struct problem *p, const struct auth_new_user *in);
/* Checks the full name (1–200 characters); adds an error for "full_name" when broken. */
void auth_check_name(struct problem *p, const char *full_name);
/* Checks a set of staff role bindings as POST /users does: at least one; each a staff role (not
 * citizen) bound to an existing unit, admin to the city PC, center_manager to the Center; no
 * binding twice. Errors go to ctx->problem under "roles[i].role" / "roles[i].unit". MC_EDB on a
 * failure to read; MC_OK otherwise (look at ctx->problem->n). */
enum mc_err auth_check_roles(struct svc_ctx *ctx, const struct user_role *roles, size_t n);
/* The search key of an account (malloc'd): the full name and the username, each folded without
 * diacritics, case, spaces or punctuation (text_compact_key), separated by one space. */
enum mc_err auth_user_key(const char *username, const char *full_name, char **out);
/* Inserts an account (username, names, contact and password hash in *u) with its search key,
 * inside the caller's write transaction; sets u->id. MC_ECONFLICT when the username exists. */
enum mc_err auth_insert_account(struct db *db, struct user *u, int64_t now);

#endif
