/* The webhooks' allow-list and URL check (webhook_net.h): URLs are parsed by libcurl's own
 * parser (the one that will send the request), hosts resolved with getaddrinfo. */
#include "base/base.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "svc/webhook_net.h"

static bool parse_addr(const char *s, struct webhook_range *r)
{
	memset(r->b, 0, sizeof(r->b));
	if (inet_pton(AF_INET, s, r->b) == 1) {
		r->family = 4;
		return true;
	}
	if (inet_pton(AF_INET6, s, r->b) == 1) {
		r->family = 6;
		return true;
	}
	return false;
}

static bool parse_range(const char *s, size_t len, struct webhook_range *r)
{
	char text[64];
	while (len && (*s == ' ' || *s == '\t'))
		s++, len--;
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	if (len == 0 || len >= sizeof(text))
		return false;
	memcpy(text, s, len);
	text[len] = '\0';
	char *slash = strchr(text, '/');
	if (slash)
		*slash = '\0';
	if (!parse_addr(text, r))
		return false;
	unsigned max = r->family == 4 ? 32 : 128;
	r->bits = max;
	if (slash) {
		char *end;
		unsigned long bits = strtoul(slash + 1, &end, 10);
		if (!slash[1] || *end || bits > max)
			return false;
		r->bits = (unsigned)bits;
	}
	return true;
}

bool webhook_allow_parse(const char *list, struct webhook_allow *out, const char **bad)
{
	out->n = 0;
	for (const char *p = list; p && *p;) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		if (out->n == WEBHOOK_ALLOW_MAX || !parse_range(p, len, &out->v[out->n])) {
			*bad = p;
			return false;
		}
		out->n++;
		p = comma ? comma + 1 : p + len;
	}
	return true;
}

static bool range_has(const struct webhook_range *r, const struct webhook_range *a)
{
	if (r->family != a->family)
		return false;
	unsigned full = r->bits / 8, rest = r->bits % 8;
	if (memcmp(r->b, a->b, full) != 0)
		return false;
	if (rest == 0)
		return true;
	unsigned char mask = (unsigned char)(0xff << (8 - rest));
	return (r->b[full] & mask) == (a->b[full] & mask);
}

static bool allowed(const struct webhook_allow *allow, const struct webhook_range *a)
{
	for (size_t i = 0; i < allow->n; i++)
		if (range_has(&allow->v[i], a))
			return true;
	return false;
}

/* The address of one getaddrinfo answer; an IPv4-mapped IPv6 address counts as IPv4. */
static void addr_of(const struct sockaddr *sa, struct webhook_range *out)
{
	memset(out, 0, sizeof(*out));
	if (sa->sa_family == AF_INET) {
		out->family = 4;
		memcpy(out->b, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, 4);
		return;
	}
	const unsigned char *b = ((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr.s6_addr;
	static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
	if (memcmp(b, mapped, 12) == 0) {
		out->family = 4;
		memcpy(out->b, b + 12, 4);
	} else {
		out->family = 6;
		memcpy(out->b, b, 16);
	}
}

/* Resolves host; every address must be allowed. The first becomes *pin (text). */
static enum mc_err resolve(struct arena *a, const struct webhook_allow *allow, const char *host,
			   const char **pin, const char **why)
{
	struct addrinfo hints, *res = NULL;
	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_STREAM;
	if (getaddrinfo(host, NULL, &hints, &res) != 0 || !res) {
		*why = arena_printf(a, "the host \"%s\" does not resolve", host);
		return MC_EINVAL;
	}
	enum mc_err err = MC_OK;
	*pin = NULL;
	for (struct addrinfo *ai = res; ai && !err; ai = ai->ai_next) {
		struct webhook_range addr;
		char text[INET6_ADDRSTRLEN];
		if (ai->ai_family != AF_INET && ai->ai_family != AF_INET6)
			continue;
		addr_of(ai->ai_addr, &addr);
		inet_ntop(addr.family == 4 ? AF_INET : AF_INET6, addr.b, text, sizeof(text));
		if (!allowed(allow, &addr)) {
			*why = arena_printf(a, "the host \"%s\" resolves to %s, outside --webhook-allow",
					    host, text);
			err = MC_EINVAL;
		} else if (!*pin) {
			*pin = addr.family == 6 ? arena_printf(a, "[%s]", text) : arena_strdup(a, text);
		}
	}
	freeaddrinfo(res);
	if (!err && !*pin) {
		*why = arena_printf(a, "the host \"%s\" has no IP address", host);
		err = MC_EINVAL;
	}
	return err;
}

enum mc_err webhook_target_check(struct arena *a, const struct webhook_allow *allow,
				 const char *url, struct webhook_target *out, const char **why)
{
	char *scheme = NULL, *host = NULL, *port = NULL, *user = NULL, *pw = NULL;
	const char *pin = NULL, *reason = "not an http or https URL";
	enum mc_err err = MC_EINVAL;
	CURLU *u = curl_url();
	memset(out, 0, sizeof(*out));
	if (!u || curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
	    (strcmp(scheme, "http") != 0 && strcmp(scheme, "https") != 0) ||
	    curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) != CURLUE_OK)
		goto out;
	if (curl_url_get(u, CURLUPART_USER, &user, 0) == CURLUE_OK ||
	    curl_url_get(u, CURLUPART_PASSWORD, &pw, 0) == CURLUE_OK) {
		reason = "a URL with a user or password is refused";
		goto out;
	}
	if (allow->n == 0) {
		reason = "no address is allowed (--webhook-allow is empty)";
		goto out;
	}
	/* A bracketed IPv6 literal resolves as itself without its brackets. */
	size_t hl = strlen(host);
	const char *bare = host[0] == '[' && hl > 2 ? arena_strndup(a, host + 1, hl - 2) : host;
	err = resolve(a, allow, bare, &pin, &reason);
	if (!err)
		out->resolve = arena_printf(a, "%s:%s:%s", host, port, pin);
out:
	if (err)
		*why = reason;
	curl_free(scheme);
	curl_free(host);
	curl_free(port);
	curl_free(user);
	curl_free(pw);
	curl_url_cleanup(u);
	return err;
}
