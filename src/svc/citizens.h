/* Citizens' accounts and how well their holders were identified (docs/identity.md).
 *
 * A self-registered account is *unverified*: registering claims nothing exclusively (an ID number
 * may have several such accounts, CITIZEN_UNVERIFIED_MAX at most, the oldest closed by one more),
 * and it covers only the dossiers it submitted itself and the documents it uploaded itself. A
 * *verified* account — logged in through the national identity provider (VNeID), or verified by a
 * receiver who checked the ID card at a counter — covers the dossiers and documents of its ID
 * number; an ID number has at most one. When an account becomes or logs in as the verified holder,
 * the number's unverified accounts are closed, their sessions ended, and the dossiers they
 * submitted pass to it (they were filed in that person's name). No answer tells whether an ID
 * number has an account or dossiers. */
#ifndef MC_CITIZENS_H
#define MC_CITIZENS_H

#include "svc/auth.h"

#define CITIZEN_CODE_LEN 8 /* the verification code an unverified holder shows at a counter */

/* Registers an unverified citizen account (login: the ID number). Field errors (id_number,
 * full_name, password, phone, email) go to ctx->problem. Never MC_ECONFLICT. */
enum mc_err citizens_register(struct svc_ctx *ctx, const struct auth_new_user *in, struct user *out);

/* Logs in the holder of an ID number verified by the national identity provider: finds or
 * creates the verified citizen account of that number (full name from the provider), ends the
 * sessions of the number's unverified accounts and merges what they submitted, opens a session.
 * via: "vneid"; subject: the provider's `sub`. MC_EINVAL (field "id_number" / "full_name") when the
 * provider's claims are not a valid ID number and name. */
enum mc_err citizens_login_verified(struct svc_ctx *ctx, const char *id_number,
				    const char *full_name, const char *via, const char *subject,
				    struct auth_session *out);

struct citizen_check {
	const char *id_number; /* from the path */
	const char *code;      /* the code the holder shows (GET /me's verification_code) */
	const char *paper;     /* the paper checked: "cccd", "cmnd", "passport" */
	const char *unit;      /* the counter's unit; NULL: the receiver's only unit */
};

/* A receiver checked the holder's ID card at a counter: the account with that code becomes the
 * verified account of its number (audited with who, where and which paper) and absorbs the
 * number's other unverified accounts. MC_EFORBIDDEN for a non-receiver or a unit the caller does
 * not cover; MC_EINVAL for bad fields or a code that matches no unverified account of the number;
 * MC_ECONFLICT when the number already has a verified account. *out gets the account. */
enum mc_err citizens_verify(struct svc_ctx *ctx, const struct citizen_check *in, struct user *out);

/* True for a citizen account whose holder was identified (VNeID or a counter). */
bool citizens_verified(const struct user *u);

#endif
