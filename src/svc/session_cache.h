/* A bounded in-memory cache of who a session token's user is (what userstore_session_user reads:
 * the user without the password hash, the roles, the session's expiry and last use), keyed by the
 * token's hash, so that most authenticated requests need no database read for it (issue 22:
 * ~10 us of an intake's server CPU went to that read).
 *
 * Consistency: an entry is kept with the store's db_auth_epoch taken before its database read and
 * is used only while the epoch has not moved since. This process's every change of a session,
 * a user or a role moves it (store/db.h), so a logout, a password change, a deactivation or a
 * change of roles holds for the very next request. What another process changes in the same
 * database (the command line's user commands) holds within SESSION_CACHE_MS. The backend that
 * cannot tell (epoch 0: PostgreSQL, where instances share the tables) caches nothing. Expiry is
 * checked on every hit. Failed lookups are never kept. */
#ifndef MC_SESSION_CACHE_H
#define MC_SESSION_CACHE_H

#include "base/base.h"
#include "domain/user.h"

/* How long an entry serves at most, in milliseconds of the monotonic clock. */
#define SESSION_CACHE_MS 1000

struct session_cache;

/* A cache of at most `entries` sessions (rounded down to a power of two; below 16: none, NULL). */
struct session_cache *session_cache_new(size_t entries);
/* Frees c, its entries wiped first. NULL is fine. */
void session_cache_free(struct session_cache *c);

/* The session of hash as read with `epoch`, still current at `epoch` now, not expired at `now`
 * (seconds) and cached less than SESSION_CACHE_MS ago: fills out, expires_at and last_active and
 * returns true. False otherwise (and for a NULL cache or epoch 0). */
bool session_cache_get(struct session_cache *c, const unsigned char hash[TOKEN_HASH_LEN],
		       uint64_t epoch, int64_t now, struct user *out, int64_t *expires_at,
		       int64_t *last_active);
/* Offers what was read after taking `epoch` (u's password hash must be wiped already: it is not
 * kept). Replaces whatever held the slot. Nothing is kept for epoch 0. */
void session_cache_put(struct session_cache *c, const unsigned char hash[TOKEN_HASH_LEN],
		       uint64_t epoch, const struct user *u, int64_t expires_at, int64_t last_active);

#endif
