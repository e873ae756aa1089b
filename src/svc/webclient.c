/* Outbound HTTP through libcurl with the limits every call shares (webclient.h). It knows no
 * protocol above HTTP: OpenID Connect is svc/oidc.c's. */
#include "base/base.h"

#include <curl/curl.h>
#include <sodium.h>

#include "base/buf.h"
#include "svc/webclient.h"

enum mc_err webc_global_init(void)
{
	return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? MC_OK : MC_EINTERNAL;
}

void webc_global_release(void)
{
	curl_global_cleanup();
}

static bool has_prefix(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

bool webc_url_ok(const char *url)
{
	static const char *const loopback[] = {"http://127.0.0.1", "http://[::1]",
					       "http://localhost"};
	if (!url || strlen(url) > 2048)
		return false;
	for (const char *p = url; *p; p++)
		if ((unsigned char)*p <= 0x20 || *p == 0x7f)
			return false;
	if (has_prefix(url, "https://") && url[8] && url[8] != '/')
		return true;
	for (size_t i = 0; i < MC_ARRAY_LEN(loopback); i++) {
		size_t n = strlen(loopback[i]);
		if (has_prefix(url, loopback[i]) && (url[n] == ':' || url[n] == '/' || !url[n]))
			return true;
	}
	return false;
}

char *webc_escape(struct arena *a, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = strlen(s);
	char *out = arena_alloc(a, 3 * n + 1), *o = out;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    *p == '-' || *p == '.' || *p == '_' || *p == '~') {
			*o++ = (char)*p;
			continue;
		}
		*o++ = '%';
		*o++ = hex[*p >> 4];
		*o++ = hex[*p & 15];
	}
	*o = '\0';
	return out;
}

struct sink {
	struct buf buf;
	bool too_big;
};

static size_t on_data(char *data, size_t size, size_t n, void *arg)
{
	struct sink *s = arg;
	if (buf_append(&s->buf, data, size * n) != MC_OK) {
		s->too_big = true;
		return 0; /* makes libcurl stop with CURLE_WRITE_ERROR */
	}
	return size * n;
}

/* Runs one request on a handle already given its method and body, with headers (libcurl's list,
 * freed here; NULL: Accept: application/json); fills *out. */
static enum mc_err perform(struct arena *a, CURL *h, const char *url, size_t max,
			   struct curl_slist *headers, struct webc_answer *out, const char **why)
{
	struct sink sink = {.too_big = false};
	if (!headers)
		headers = curl_slist_append(NULL, "Accept: application/json");
	buf_init(&sink.buf, max);
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, (long)WEBC_CONNECT_TIMEOUT_MS);
	curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, (long)WEBC_TOTAL_TIMEOUT_MS);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
	curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)max);
	curl_easy_setopt(h, CURLOPT_USERAGENT, "motcua/" MOTCUA_VERSION);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, &sink);
	CURLcode rc = curl_easy_perform(h);
	curl_slist_free_all(headers);
	enum mc_err err = MC_OK;
	if (sink.too_big || rc == CURLE_FILESIZE_EXCEEDED) {
		*why = arena_printf(a, "the answer of \"%s\" is over %zu bytes", url, max);
		err = MC_ETOOBIG;
	} else if (rc != CURLE_OK) {
		*why = arena_printf(a, "\"%s\" failed: %s", url, curl_easy_strerror(rc));
		err = MC_EIO;
	} else {
		curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &out->status);
		out->body = arena_strndup(a, sink.buf.data ? sink.buf.data : "", sink.buf.len);
		out->len = sink.buf.len;
	}
	if (sink.buf.data)
		sodium_memzero(sink.buf.data, sink.buf.len); /* a token answer holds secrets */
	buf_release(&sink.buf);
	return err;
}

enum mc_err webc_get(struct arena *a, const char *url, size_t max, struct webc_answer *out,
		     const char **why)
{
	memset(out, 0, sizeof(*out));
	if (!webc_url_ok(url)) {
		*why = "the URL is neither https nor http to this machine";
		return MC_EINVAL;
	}
	CURL *h = curl_easy_init();
	if (!h) {
		*why = "libcurl could not start a request";
		return MC_EINTERNAL;
	}
	curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
	enum mc_err err = perform(a, h, url, max, NULL, out, why);
	curl_easy_cleanup(h);
	return err;
}

enum mc_err webc_post_form(struct arena *a, const char *url, const char *user, const char *password,
			   const char *form, size_t max, struct webc_answer *out, const char **why)
{
	memset(out, 0, sizeof(*out));
	if (!webc_url_ok(url)) {
		*why = "the URL is neither https nor http to this machine";
		return MC_EINVAL;
	}
	CURL *h = curl_easy_init();
	if (!h) {
		*why = "libcurl could not start a request";
		return MC_EINTERNAL;
	}
	curl_easy_setopt(h, CURLOPT_POST, 1L);
	curl_easy_setopt(h, CURLOPT_POSTFIELDS, form);
	curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)strlen(form));
	curl_easy_setopt(h, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
	curl_easy_setopt(h, CURLOPT_USERNAME, webc_escape(a, user));
	curl_easy_setopt(h, CURLOPT_PASSWORD, webc_escape(a, password));
	enum mc_err err = perform(a, h, url, max, NULL, out, why);
	curl_easy_cleanup(h);
	return err;
}

enum mc_err webc_post_json(struct arena *a, const struct webc_post *p, size_t max,
			   struct webc_answer *out, const char **why)
{
	memset(out, 0, sizeof(*out));
	CURL *h = curl_easy_init();
	if (!h) {
		*why = "libcurl could not start a request";
		return MC_EINTERNAL;
	}
	struct curl_slist *headers = curl_slist_append(NULL, "Content-Type: application/json");
	struct curl_slist *pin = p->resolve ? curl_slist_append(NULL, p->resolve) : NULL;
	for (size_t i = 0; i < p->nheaders; i++)
		headers = curl_slist_append(headers, p->headers[i]);
	curl_easy_setopt(h, CURLOPT_POST, 1L);
	curl_easy_setopt(h, CURLOPT_POSTFIELDS, p->body);
	curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)p->body_len);
	curl_easy_setopt(h, CURLOPT_PROXY, ""); /* never a proxy from the environment */
	if (pin)
		curl_easy_setopt(h, CURLOPT_RESOLVE, pin);
	enum mc_err err = perform(a, h, p->url, max, headers, out, why);
	curl_easy_cleanup(h);
	curl_slist_free_all(pin);
	return err;
}
