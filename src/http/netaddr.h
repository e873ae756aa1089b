/* Network addresses at the edge: IPv4 and IPv6 addresses as bytes, CIDR sets (trusted proxies,
 * the addresses allowed to read /metrics), and the client address of a request: the TCP peer, or,
 * when the peer is a trusted proxy, the right-most X-Forwarded-For address that is not itself a
 * trusted proxy. Pure functions; no allocation. */
#ifndef MC_NETADDR_H
#define MC_NETADDR_H

#include "base/base.h"

struct sockaddr;

#define NETADDR_TEXT_MAX 48 /* an IPv6 address in text, with "/64", and the NUL */
#define CIDR_SET_MAX 64
#define XFF_HOPS_MAX 32 /* X-Forwarded-For elements looked at, from the right */

struct netaddr {
	uint8_t family; /* 4 or 6; 0 when unknown */
	unsigned char b[16]; /* network order; IPv4 uses the first 4 bytes */
};

struct cidr {
	struct netaddr net;
	unsigned bits;
};

struct cidr_set {
	size_t n;
	struct cidr v[CIDR_SET_MAX];
};

/* Reads a socket address (AF_INET, AF_INET6; an IPv4-mapped IPv6 address becomes IPv4). False for
 * any other family. */
bool netaddr_from_sockaddr(const struct sockaddr *sa, struct netaddr *out);
/* Parses "192.0.2.1", "192.0.2.1:8080", "2001:db8::1", "[2001:db8::1]" or "[2001:db8::1]:443"
 * (len bytes, surrounding spaces allowed). IPv4-mapped IPv6 becomes IPv4. False when it is none. */
bool netaddr_parse(const char *s, size_t len, struct netaddr *out);
/* The canonical text of an address ("unknown" for family 0). */
void netaddr_format(const struct netaddr *a, char out[NETADDR_TEXT_MAX]);
/* The key per-address limits count under: an IPv4 address as such, an IPv6 address by its /64
 * (one subscriber's prefix: "2001:db8:1:2::/64"), since a client owns every address of it. */
void netaddr_key(const struct netaddr *a, char out[NETADDR_TEXT_MAX]);

/* Parses a comma-separated list of CIDRs ("10.0.0.0/8, ::1/128"; an address alone is a host).
 * Host bits are cleared. On a bad element returns false with *bad pointing at it in list. The
 * empty list is valid (no member). */
bool cidr_set_parse(const char *list, struct cidr_set *out, const char **bad);
bool cidr_set_has(const struct cidr_set *s, const struct netaddr *a);

/* The client of a request whose TCP peer is peer: peer itself unless it is in trusted; then the
 * X-Forwarded-For list xff (all the header's values joined by commas, may be NULL) is read from
 * the right: each trusted hop is skipped and the first untrusted address is the client. An element
 * that is not an address stops the walk: the client is then the last trusted hop read. */
void netaddr_client(const struct netaddr *peer, const struct cidr_set *trusted, const char *xff,
		    struct netaddr *out);

#endif
