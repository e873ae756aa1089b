/* Failures counted per key (a client address) in a fixed window, in a bounded table: an entry
 * lives from its key's first failure for one window; a key over max_failures in its window is
 * refused until the window ends. When the table is full, the entry whose window started first is
 * evicted if its window has passed; a live entry of another key is never reset, so a failure that
 * finds the table full of live entries is not counted (limiter_fail says so). Thread-safe. */
#ifndef MC_LIMITER_H
#define MC_LIMITER_H

#include "base/base.h"

#define LIMITER_KEY_MAX 48 /* bytes of a key, with its NUL; longer keys are cut */

struct limiter;

/* capacity: keys held at most (memory is touched only as keys arrive, ~90 bytes each). */
struct limiter *limiter_new(size_t capacity, int64_t max_failures, int64_t window);
void limiter_free(struct limiter *l);
/* MC_ETOOMANY with *retry_after (seconds, at least 1) while key has max_failures failures in its
 * window; MC_OK otherwise. Counts nothing. */
enum mc_err limiter_check(struct limiter *l, const char *key, int64_t now, int64_t *retry_after);
/* Counts one failure of key at now. False when the table is full of live entries of other keys
 * (then nothing is counted). */
bool limiter_fail(struct limiter *l, const char *key, int64_t now);
/* Keys held now (live or expired but not yet evicted). */
size_t limiter_size(struct limiter *l);
/* Failures not counted because the table was full of live entries, since the start. */
uint64_t limiter_uncounted(struct limiter *l);

#endif
