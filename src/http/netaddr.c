/* Addresses, CIDR sets and the client address behind trusted proxies (see netaddr.h). Parsing
 * goes through inet_pton on a bounded copy; nothing here allocates. */
#include "base/base.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "http/netaddr.h"

static const unsigned char v4_mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

/* An IPv6 address that carries an IPv4 one (::ffff:a.b.c.d) becomes that IPv4 address. */
static void unmap(struct netaddr *a)
{
	if (a->family == 6 && memcmp(a->b, v4_mapped, sizeof(v4_mapped)) == 0) {
		memmove(a->b, a->b + 12, 4);
		memset(a->b + 4, 0, 12);
		a->family = 4;
	}
}

bool netaddr_from_sockaddr(const struct sockaddr *sa, struct netaddr *out)
{
	memset(out, 0, sizeof(*out));
	if (!sa)
		return false;
	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *in = (const struct sockaddr_in *)(const void *)sa;
		out->family = 4;
		memcpy(out->b, &in->sin_addr, 4);
		return true;
	}
	if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)(const void *)sa;
		out->family = 6;
		memcpy(out->b, &in6->sin6_addr, 16);
		unmap(out);
		return true;
	}
	return false;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t';
}

bool netaddr_parse(const char *s, size_t len, struct netaddr *out)
{
	char text[64];
	memset(out, 0, sizeof(*out));
	while (len && is_space(*s)) {
		s++;
		len--;
	}
	while (len && is_space(s[len - 1]))
		len--;
	if (len == 0)
		return false;
	if (s[0] == '[') { /* [v6] or [v6]:port */
		const char *close = memchr(s, ']', len);
		if (!close)
			return false;
		size_t rest = len - (size_t)(close - s) - 1;
		if (rest && (close[1] != ':' || rest == 1 ||
			     strspn(close + 2, "0123456789") < rest - 1))
			return false;
		s++;
		len = (size_t)(close - s);
		if (len == 0 || len >= sizeof(text))
			return false;
		memcpy(text, s, len);
		text[len] = '\0';
		if (inet_pton(AF_INET6, text, out->b) != 1)
			return false;
		out->family = 6;
		unmap(out);
		return true;
	}
	if (len >= sizeof(text))
		return false;
	memcpy(text, s, len);
	text[len] = '\0';
	char *colon = strchr(text, ':');
	if (colon && !strchr(colon + 1, ':')) { /* a.b.c.d:port */
		if (!colon[1] || strspn(colon + 1, "0123456789") != strlen(colon + 1))
			return false;
		*colon = '\0';
	}
	if (inet_pton(AF_INET, text, out->b) == 1) {
		out->family = 4;
		return true;
	}
	if (!colon || inet_pton(AF_INET6, text, out->b) != 1)
		return false;
	out->family = 6;
	unmap(out);
	return true;
}

/* An IPv4 address in dotted decimal, as inet_ntop writes it (which formats through sprintf,
 * ~1,600 instructions; every request formats its client's address twice). */
static void format_v4(const unsigned char b[4], char *out)
{
	char *w = out;
	for (int i = 0; i < 4; i++) {
		unsigned v = b[i];
		if (v >= 100)
			*w++ = (char)('0' + v / 100);
		if (v >= 10)
			*w++ = (char)('0' + v / 10 % 10);
		*w++ = (char)('0' + v % 10);
		*w++ = '.';
	}
	w[-1] = '\0';
}

void netaddr_format(const struct netaddr *a, char out[NETADDR_TEXT_MAX])
{
	if (a->family == 4)
		format_v4(a->b, out);
	else if (a->family == 6)
		inet_ntop(AF_INET6, a->b, out, NETADDR_TEXT_MAX);
	else
		snprintf(out, NETADDR_TEXT_MAX, "unknown");
}

void netaddr_key(const struct netaddr *a, char out[NETADDR_TEXT_MAX])
{
	if (a->family != 6) {
		netaddr_format(a, out);
		return;
	}
	struct netaddr prefix = *a;
	memset(prefix.b + 8, 0, 8);
	netaddr_format(&prefix, out);
	size_t n = strlen(out);
	snprintf(out + n, NETADDR_TEXT_MAX - n, "/64");
}

/* Whether the first bits of a and b are equal. */
static bool prefix_equal(const unsigned char *a, const unsigned char *b, unsigned bits)
{
	unsigned whole = bits / 8, rest = bits % 8;
	if (memcmp(a, b, whole) != 0)
		return false;
	if (!rest)
		return true;
	unsigned char mask = (unsigned char)(0xff << (8 - rest));
	return (a[whole] & mask) == (b[whole] & mask);
}

static void clear_host_bits(struct cidr *c)
{
	unsigned width = c->net.family == 4 ? 32 : 128;
	for (unsigned bit = c->bits; bit < width; bit++)
		c->net.b[bit / 8] &= (unsigned char)~(0x80u >> (bit % 8));
}

/* One element "addr" or "addr/bits" of len bytes. */
static bool cidr_parse(const char *s, size_t len, struct cidr *out)
{
	const char *slash = memchr(s, '/', len);
	size_t alen = slash ? (size_t)(slash - s) : len;
	if (!netaddr_parse(s, alen, &out->net))
		return false;
	unsigned width = out->net.family == 4 ? 32 : 128;
	out->bits = width;
	if (slash) {
		size_t dlen = len - alen - 1;
		while (dlen && is_space(slash[dlen]))
			dlen--;
		unsigned bits = 0;
		if (dlen == 0 || dlen > 3)
			return false;
		for (size_t i = 1; i <= dlen; i++) {
			if (slash[i] < '0' || slash[i] > '9')
				return false;
			bits = bits * 10 + (unsigned)(slash[i] - '0');
		}
		/* "::ffff:10.0.0.0/104" was unmapped to IPv4: its prefix loses the 96 mapped bits. */
		bool mapped = out->net.family == 4 && memchr(s, ':', alen);
		if (mapped) {
			if (bits < 96)
				return false;
			bits -= 96;
		}
		if (bits > width)
			return false;
		out->bits = bits;
	}
	clear_host_bits(out);
	return true;
}

bool cidr_set_parse(const char *list, struct cidr_set *out, const char **bad)
{
	memset(out, 0, sizeof(*out));
	*bad = NULL;
	if (!list || list[strspn(list, " \t")] == '\0')
		return true;
	for (const char *p = list;;) {
		const char *comma = strchr(p, ',');
		size_t n = comma ? (size_t)(comma - p) : strlen(p);
		while (n && is_space(*p)) {
			p++;
			n--;
		}
		if (n == 0 || out->n == CIDR_SET_MAX || !cidr_parse(p, n, &out->v[out->n])) {
			*bad = p;
			return false;
		}
		out->n++;
		if (!comma)
			return true;
		p = comma + 1;
	}
}

bool cidr_set_has(const struct cidr_set *s, const struct netaddr *a)
{
	for (size_t i = 0; s && i < s->n; i++)
		if (s->v[i].net.family == a->family && prefix_equal(s->v[i].net.b, a->b, s->v[i].bits))
			return true;
	return false;
}

void netaddr_client(const struct netaddr *peer, const struct cidr_set *trusted, const char *xff,
		    struct netaddr *out)
{
	*out = *peer;
	if (!xff || !cidr_set_has(trusted, peer))
		return;
	size_t end = strlen(xff);
	for (int hops = 0; hops < XFF_HOPS_MAX && end > 0; hops++) {
		size_t start = end;
		while (start > 0 && xff[start - 1] != ',')
			start--;
		struct netaddr hop;
		if (!netaddr_parse(xff + start, end - start, &hop))
			return; /* not an address: the last trusted hop stays the client */
		*out = hop;
		if (!cidr_set_has(trusted, &hop))
			return;
		end = start > 0 ? start - 1 : 0;
	}
}
