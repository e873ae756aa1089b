/* Webhooks' pure rules: the event names a subscription may ask for, the event a dossier's history
 * record becomes, the limits of a subscription, and the retry schedule of a delivery
 * (docs/webhooks.md). No I/O. */
#ifndef MC_WEBHOOK_H
#define MC_WEBHOOK_H

#include "base/base.h"

#define WEBHOOK_SUBS_MAX 100     /* subscriptions at once */
#define WEBHOOK_URL_MAX 2048     /* bytes of a URL */
#define WEBHOOK_EVENTS_MAX 16    /* names in one subscription */
#define WEBHOOK_EVENT_CHARS 40   /* the longest event name, with room */
#define WEBHOOK_SECRET_MAX 128   /* bytes of a secret's text: "whsec_" + base64 of 24..64 bytes */
#define WEBHOOK_EVENTS_TEXT 1024 /* bytes of the stored JSON array of names */

/* The names subscriptions may list, NULL-terminated, in documentation order. */
extern const char *const webhook_event_names[];

/* True when name is one of webhook_event_names ("ping" is not: every subscription gets its own
 * pings). */
bool webhook_event_known(const char *name);

/* The event a dossier history record stands for: action and the statuses before and after (from
 * is NULL for a new dossier). NULL when the record is not announced (recompute_due: the service's
 * own bookkeeping). */
const char *webhook_event_of(const char *action, const char *from, const char *to);

/* Milliseconds to wait before attempt attempts+1, after `attempts` failed ones (>= 1): the
 * exponential delay min(cap_ms, base_ms * 2^(attempts-1)), then "equal jitter": half of it fixed
 * and the other half scaled by jitter, a number in [0, 1) the caller draws at random. */
int64_t webhook_backoff_ms(int64_t attempts, int64_t base_ms, int64_t cap_ms, double jitter);

#endif
