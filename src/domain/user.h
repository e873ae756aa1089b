/* Accounts and their roles as the other layers see them: plain structs, no I/O. */
#ifndef MC_DOMAIN_USER_H
#define MC_DOMAIN_USER_H

#include "base/base.h"
#include "domain/unit.h"

#define USER_NAME_MAX 128
#define USER_FULLNAME_MAX 512
#define USER_ROLES_MAX 16
#define USER_ROLE_MAX 20
#define TOKEN_HASH_LEN 32

/* Limits of what an account is created or changed with, in characters. */
#define USER_USERNAME_CHARS 64  /* a staff account's username */
#define USER_PASSWORD_CHARS 128 /* a new password */
#define USER_FULLNAME_CHARS 200
#define USER_ID_NUMBER_CHARS 12 /* a citizen's personal identification number */
#define USER_PHONE_CHARS 20
#define USER_EMAIL_CHARS 254 /* the longest address RFC 5321 allows */

struct user_role {
	char role[USER_ROLE_MAX];
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
	int64_t created_at;
	/* Citizens only ("" for staff): the name they log in with (their ID number, shared by every
	 * account of that number), "unverified" or "verified", when and how verified, and the code an
	 * unverified holder shows an officer who checks their ID card. */
	char login[32];
	char identity[12];
	int64_t verified_at;
	char verified_via[12];
	char verify_code[16];
	size_t nroles;
	struct user_role roles[USER_ROLES_MAX];
};

#endif
