/* Where webhooks may go: the operator's allow-list of address ranges (--webhook-allow, empty by
 * default: nowhere), and the check of a subscription's URL against it. A URL passes when its
 * scheme is http or https, it names no user or password, and every address its host resolves to
 * lies in the list; the check gives the address to connect to, so that the caller pins it
 * (CURLOPT_RESOLVE) and a second, different DNS answer cannot take the request elsewhere. */
#ifndef MC_WEBHOOK_NET_H
#define MC_WEBHOOK_NET_H

#include "base/arena.h"
#include "base/base.h"

#define WEBHOOK_ALLOW_MAX 64

struct webhook_range {
	int family; /* 4 or 6 */
	unsigned char b[16];
	unsigned bits;
};

struct webhook_allow {
	size_t n;
	struct webhook_range v[WEBHOOK_ALLOW_MAX];
};

/* Parses "10.0.0.0/8, 127.0.0.1, ::1/128" (an address alone is one host); NULL or "" is the empty
 * list. False on a bad element, with *bad pointing at it. */
bool webhook_allow_parse(const char *list, struct webhook_allow *out, const char **bad);

/* A URL's checked target: "host:port:address" for CURLOPT_RESOLVE, in the arena. */
struct webhook_target {
	const char *resolve;
};

/* Checks url against allow: MC_OK with *out filled (*why untouched); MC_EINVAL with *why
 * (English, for logs and last_error) when it is refused. Resolves the host (blocking: getaddrinfo). */
enum mc_err webhook_target_check(struct arena *a, const struct webhook_allow *allow,
				 const char *url, struct webhook_target *out, const char **why);

#endif
