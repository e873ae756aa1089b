/* The password rules: long enough, not built from the account's own names, not one of the
 * passwords attackers try first, not a run of one pattern. Pure functions over the embedded list
 * data/common_passwords.txt (lowercase, sorted by bytes, one a line); thread-safe. */
#ifndef MC_PASSWORD_H
#define MC_PASSWORD_H

#include "base/base.h"

#define PASSWORD_MIN_CHARS 10
#define PASSWORD_MAX_CHARS 128

enum pw_verdict {
	PW_OK,
	PW_LENGTH,     /* fewer than PASSWORD_MIN_CHARS or more than PASSWORD_MAX_CHARS code points */
	PW_PERSONAL,   /* equal to, or containing, the username or the ID number (any case) */
	PW_COMMON,     /* a common password, alone or between digits, spaces and punctuation */
	PW_REPETITIVE, /* fewer than 4 different characters, one short part repeated, or a run such as
			  1234567890, abcdefghij or 9876543210 */
};

/* Judges a new password (valid UTF-8). personal lists the names the password must not contain
 * (NULL or empty entries are skipped; entries shorter than 3 bytes too). Checks in the order of the
 * enum and returns the first rule broken. */
enum pw_verdict password_judge(const char *password, const char *const personal[], size_t npersonal);
/* True when password, folded to lowercase (ASCII), is on the common list. */
bool password_is_common(const char *password);

#endif
