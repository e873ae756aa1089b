/* Accounts, their roles, sessions (token hashes only) and failed logins (SQL only). */
#ifndef MC_USER_STORE_H
#define MC_USER_STORE_H

#include "store/db.h"
#include "domain/user.h"
#include "store/unit_store.h"

/* Inserts a user (roles not included) with its search key and sets u->id and u->created_at.
 * MC_ECONFLICT when the username exists. */
enum mc_err userstore_insert(struct db *db, struct user *u, const char *search_key, int64_t now);
/* The live accounts that log in as `login` (a staff username, or a citizen's ID number), the
 * verified one first, then the newest; at most cap, *n gets how many. Password hashes included. */
enum mc_err userstore_login_candidates(struct db *db, const char *login, struct user *out, size_t cap,
				     size_t *n);
/* The live verified account of an ID number; MC_ENOTFOUND when none. */
enum mc_err userstore_verified_of(struct db *db, const char *id_number, struct user *out);
/* Ids of the live unverified accounts of an ID number, oldest first; at most cap. */
enum mc_err userstore_unverified_of(struct db *db, const char *id_number, int64_t *ids, size_t cap,
				  size_t *n);
/* The live unverified account of an ID number holding a verification code; MC_ENOTFOUND. */
enum mc_err userstore_by_verify_code(struct db *db, const char *id_number, const char *code,
				   struct user *out);
struct user_verification {
	const char *via;     /* "vneid" | "counter" */
	const char *by;      /* the officer (counter), or NULL */
	const char *unit;    /* where (counter), or NULL */
	const char *paper;   /* the paper checked (counter), or NULL */
	const char *subject; /* the provider's subject (vneid), or NULL */
	int64_t at;
};
/* Marks an account verified (and forgets its verification code). MC_ECONFLICT when the number
 * already has a live verified account (the unique index). */
enum mc_err userstore_set_verified(struct db *db, int64_t user_id, const struct user_verification *v);
/* Closes an account for good: it may not log in, and its verification code is forgotten. */
enum mc_err userstore_close(struct db *db, int64_t user_id);
enum mc_err userstore_add_role(struct db *db, int64_t user_id, const struct user_role *r);
/* Removes every role of a user (before userstore_add_role writes the new set). */
enum mc_err userstore_clear_roles(struct db *db, int64_t user_id);
/* Sets the full name with its search key, and whether the account may log in. */
enum mc_err userstore_update(struct db *db, int64_t user_id, const char *full_name,
			   const char *search_key, bool active);
enum mc_err userstore_set_password(struct db *db, int64_t user_id, const char *password_hash);

struct user_filter {
	const char *search_key;     /* NULL = any; a substring of the account's search key */
	const char *role;           /* NULL = any; the account holds a binding with this role */
	const char *unit;           /* NULL = any; ... bound to this unit (with role, the same binding) */
	int active;                 /* -1 = any, 0 = locked accounts only, 1 = active ones only */
	const char *after_username; /* keyset cursor: usernames strictly after this one */
	size_t limit;
};

/* Lists accounts (with roles, without password hashes) by username; calls fn for each. */
enum mc_err userstore_list(struct db *db, const struct user_filter *f,
			 void (*fn)(const struct user *u, void *arg), void *arg);
/* Accounts whose search key is empty (made before it existed), at most cap of them: ids, usernames
 * and full names. *n gets how many. */
enum mc_err userstore_without_key(struct db *db, struct user *out, size_t cap, size_t *n);
enum mc_err userstore_set_key(struct db *db, int64_t user_id, const char *search_key);
/* Loads a user with roles by username or by id; MC_ENOTFOUND when absent. */
enum mc_err userstore_by_name(struct db *db, const char *username, struct user *out);
enum mc_err userstore_by_id(struct db *db, int64_t id, struct user *out);

enum mc_err userstore_session_insert(struct db *db, const unsigned char hash[TOKEN_HASH_LEN],
				   int64_t user_id, int64_t now, int64_t expires_at);
/* The user (with roles) of a live session, when it expires and when it was last used, in one
 * statement: the session, its user and the user's roles joined (a staff request on PostgreSQL
 * read them in three round trips before each page). MC_ENOTFOUND when there is no live session
 * or its user is gone; the caller checks out->active. */
enum mc_err userstore_session_user(struct db *db, const unsigned char hash[TOKEN_HASH_LEN],
				 int64_t now, struct user *out, int64_t *expires_at,
				 int64_t *last_active);
/* Records that a session was used at now. */
enum mc_err userstore_session_touch(struct db *db, const unsigned char hash[TOKEN_HASH_LEN],
				  int64_t now);
enum mc_err userstore_session_delete(struct db *db, const unsigned char hash[TOKEN_HASH_LEN]);
/* Ends every session of a user; *ended gets how many there were. */
enum mc_err userstore_sessions_end(struct db *db, int64_t user_id, int64_t *ended);

/* A failed login: who was tried, from where (NULL: unknown), when; rows of that username or
 * address at or before `since` are deleted first, and the row is not added when the username has
 * user_cap rows after `since` or the address addr_cap. */
struct login_failure {
	const char *username, *addr;
	int64_t at, since;
	int64_t user_cap, addr_cap;
};
enum mc_err userstore_failure_add(struct db *db, const struct login_failure *f);
/* Number of failures of a username (of an address) after `since`, and the oldest of them (for
 * Retry-After). */
enum mc_err userstore_failures(struct db *db, const char *username, int64_t since, int64_t *count,
			     int64_t *oldest);
enum mc_err userstore_addr_failures(struct db *db, const char *addr, int64_t since, int64_t *count,
				  int64_t *oldest);
/* Forgets the failures of a username (after a successful login). */
enum mc_err userstore_failures_clear(struct db *db, const char *username);

#endif
