/* Accounts, their roles, sessions (token hashes only) and failed logins (SQL only). */
#ifndef MC_USER_STORE_H
#define MC_USER_STORE_H

#include "store/db.h"
#include "store/unit_store.h"

#define USER_NAME_MAX 128
#define USER_FULLNAME_MAX 512
#define USER_ROLES_MAX 16
#define TOKEN_HASH_LEN 32

struct user_role {
	char role[20];
	char unit[UNIT_CODE_MAX]; /* "" for citizen */
};

struct user {
	int64_t id;
	char username[USER_NAME_MAX];
	char full_name[USER_FULLNAME_MAX];
	char id_number[32]; /* "" when none */
	char phone[32];
	char email[256];
	char password_hash[160];
	bool active;
	size_t nroles;
	struct user_role roles[USER_ROLES_MAX];
};

/* Inserts a user (roles not included) and sets u->id. MC_ECONFLICT when the username exists. */
enum mc_err usstore_insert(struct db *db, struct user *u, int64_t now);
enum mc_err usstore_add_role(struct db *db, int64_t user_id, const struct user_role *r);
/* Loads a user with roles by username or by id; MC_ENOTFOUND when absent. */
enum mc_err usstore_by_name(struct db *db, const char *username, struct user *out);
enum mc_err usstore_by_id(struct db *db, int64_t id, struct user *out);

enum mc_err usstore_session_insert(struct db *db, const unsigned char hash[TOKEN_HASH_LEN],
				   int64_t user_id, int64_t now, int64_t expires_at);
/* The user id of a live session (expires_at > now); MC_ENOTFOUND otherwise. */
enum mc_err usstore_session_find(struct db *db, const unsigned char hash[TOKEN_HASH_LEN],
				 int64_t now, int64_t *user_id, int64_t *expires_at);
enum mc_err usstore_session_delete(struct db *db, const unsigned char hash[TOKEN_HASH_LEN]);

enum mc_err usstore_failure_add(struct db *db, const char *username, int64_t at);
/* Number of failures since `since` and the oldest of them (for Retry-After). */
enum mc_err usstore_failures(struct db *db, const char *username, int64_t since, int64_t *count,
			     int64_t *oldest);
enum mc_err usstore_failures_clear(struct db *db, const char *username);

#endif
