/* Outbound HTTP requests to other services (today: the national identity provider), through
 * libcurl: 5 s to connect, 10 s in all, certificates verified, redirects never followed, answers
 * capped. Each call blocks its thread for up to those 10 s: callers run it on the slow pool.
 * Thread-safe once webc_global_init has run (before any thread starts). */
#ifndef MC_WEBCLIENT_H
#define MC_WEBCLIENT_H

#include "base/arena.h"
#include "base/base.h"

#define WEBC_CONNECT_TIMEOUT_MS 5000
#define WEBC_TOTAL_TIMEOUT_MS 10000

struct webc_answer {
	long status;  /* the HTTP status */
	char *body;   /* in the caller's arena, NUL-terminated */
	size_t len;
};

/* libcurl's process-wide start and end; call once from main, before and after the threads. */
enum mc_err webc_global_init(void);
void webc_global_release(void);

/* True when a URL may be called: https://, or http:// to the loopback host itself
 * (127.0.0.1, [::1], localhost) for tests and a provider on the same machine. */
bool webc_url_ok(const char *url);

/* GET url; the answer (at most max bytes) goes into *out, its body in arena a. MC_EINVAL for a
 * URL that webc_url_ok refuses, MC_ETOOBIG for a longer answer, MC_EIO when the exchange failed
 * (why gets libcurl's reason, never request data). Any HTTP status is MC_OK: look at status. */
enum mc_err webc_get(struct arena *a, const char *url, size_t max, struct webc_answer *out,
		     const char **why);
/* POST an application/x-www-form-urlencoded body, authenticated with HTTP Basic as user and
 * password (each form-encoded first, as RFC 6749 §2.3.1 asks). Otherwise as webc_get. */
enum mc_err webc_post_form(struct arena *a, const char *url, const char *user, const char *password,
			   const char *form, size_t max, struct webc_answer *out, const char **why);

/* A JSON POST to a target checked by the caller (svc/webhook_net.h): no webc_url_ok rule, but
 * only http and https, no proxy, and, given resolve ("host:port:address"), the connection goes
 * to that address whatever DNS answers now. */
struct webc_post {
	const char *url;
	const char *resolve; /* NULL: resolve as usual */
	const char *const *headers; /* "Name: value" lines, nheaders of them */
	size_t nheaders;
	const char *body;
	size_t body_len;
};
/* Sends p; otherwise as webc_get (the answer's body capped at max bytes). */
enum mc_err webc_post_json(struct arena *a, const struct webc_post *p, size_t max,
			   struct webc_answer *out, const char **why);

/* Percent-encodes every byte outside RFC 3986's unreserved characters, into arena a. */
char *webc_escape(struct arena *a, const char *s);

#endif
