/* SMTP submission with libcurl (mailer.h). It formats the MIME text itself (so the subject's
 * encoded words, the charset and the transfer encodings are exactly what docs/notifications.md
 * says) and hands it to libcurl's SMTP client as the upload. */
#include "base/base.h"

#include <curl/curl.h>
#include <sodium.h>
#include <time.h>

#include "base/buf.h"
#include "svc/mailer.h"

#define MAIL_MAX (64u * 1024 * 1024)

/* The address inside "Name <addr>", or the whole text; NULL when unusable in a header. */
static const char *address_of(struct arena *a, const char *s)
{
	const char *lt = strchr(s, '<'), *gt = lt ? strchr(lt, '>') : NULL;
	const char *addr = lt && gt ? arena_strndup(a, lt + 1, (size_t)(gt - lt - 1)) : s;
	if (!*addr || !strchr(addr, '@') || strpbrk(addr, "\r\n<> \t,;\""))
		return NULL;
	if (strpbrk(s, "\r\n"))
		return NULL;
	return addr;
}

/* Base64 of data, in lines of 76 characters ended by CRLF. */
static enum mc_err append_b64(struct buf *b, const void *data, size_t len)
{
	const unsigned char *p = data;
	char line[80];
	for (size_t i = 0; i < len; i += 57) {
		size_t n = len - i < 57 ? len - i : 57;
		sodium_bin2base64(line, sizeof(line), p + i, n, sodium_base64_VARIANT_ORIGINAL);
		enum mc_err err = buf_printf(b, "%s\r\n", line);
		if (err)
			return err;
	}
	return MC_OK;
}

/* The subject as RFC 2047 encoded words ("=?UTF-8?B?...?="), each of at most 45 bytes of text
 * cut at a character boundary (so each word stays under 75 characters), folded onto lines. */
static enum mc_err append_subject(struct buf *b, const char *s)
{
	size_t len = strlen(s);
	enum mc_err err = buf_append_str(b, "Subject:");
	for (size_t i = 0; !err && i < len;) {
		size_t n = len - i < 45 ? len - i : 45;
		while (i + n < len && n > 0 && ((unsigned char)s[i + n] & 0xC0) == 0x80)
			n--; /* never split a UTF-8 sequence */
		char word[80];
		sodium_bin2base64(word, sizeof(word), (const unsigned char *)s + i, n,
				  sodium_base64_VARIANT_ORIGINAL);
		err = buf_printf(b, "%s=?UTF-8?B?%s?=", i ? "\r\n " : " ", word);
		i += n;
	}
	return err ? err : buf_append_str(b, "\r\n");
}

/* The body with its line ends made CRLF. */
static enum mc_err append_text_part(struct buf *b, struct arena *a, const char *body)
{
	struct buf crlf;
	buf_init(&crlf, MAIL_MAX);
	enum mc_err err = MC_OK;
	for (const char *p = body; !err && *p; p++) {
		if (*p == '\n' && (p == body || p[-1] != '\r'))
			err = buf_append(&crlf, "\r", 1);
		if (!err)
			err = buf_append(&crlf, p, 1);
	}
	(void)a;
	if (!err)
		err = buf_append_str(b, "Content-Type: text/plain; charset=UTF-8\r\n"
					"Content-Transfer-Encoding: base64\r\n\r\n");
	if (!err)
		err = append_b64(b, crlf.data ? crlf.data : "", crlf.len);
	buf_release(&crlf);
	return err;
}

static void format_date(int64_t t, char out[40])
{
	static const char *const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
	static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
					     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	snprintf(out, 40, "%s, %02d %s %04d %02d:%02d:%02d +0000", days[tm.tm_wday % 7], tm.tm_mday,
		 months[tm.tm_mon % 12], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

char *mailer_format(struct arena *a, const struct mail *m, size_t *len)
{
	const char *from = address_of(a, m->from), *to = address_of(a, m->to);
	if (!from || !to)
		return NULL;
	char date[40];
	format_date(m->date, date);
	const char *domain = strchr(from, '@') + 1;
	const char *boundary = arena_printf(a, "=_motcua_%s", m->message_id);
	struct buf b;
	buf_init(&b, MAIL_MAX);
	enum mc_err err = buf_printf(&b,
				     "From: %s\r\nTo: <%s>\r\nDate: %s\r\nMessage-ID: <%s@%s>\r\n",
				     m->from, to, date, m->message_id, domain);
	if (!err)
		err = append_subject(&b, m->subject);
	if (!err)
		err = buf_append_str(&b, "MIME-Version: 1.0\r\n");
	if (!err && m->attachment_name) {
		err = buf_printf(&b,
				 "Content-Type: multipart/mixed; boundary=\"%s\"\r\n\r\n"
				 "This is a MIME message.\r\n--%s\r\n",
				 boundary, boundary);
	}
	if (!err)
		err = append_text_part(&b, a, m->body);
	if (!err && m->attachment_name) {
		err = buf_printf(&b,
				 "--%s\r\nContent-Type: %s; name=\"%s\"\r\n"
				 "Content-Disposition: attachment; filename=\"%s\"\r\n"
				 "Content-Transfer-Encoding: base64\r\n\r\n",
				 boundary, m->attachment_type, m->attachment_name, m->attachment_name);
		if (!err)
			err = append_b64(&b, m->attachment, m->attachment_len);
		if (!err)
			err = buf_printf(&b, "--%s--\r\n", boundary);
	}
	char *out = err ? NULL : arena_strndup(a, b.data, b.len);
	*len = err ? 0 : b.len;
	buf_release(&b);
	return out;
}

struct upload {
	const char *data;
	size_t len, off;
};

static size_t on_read(char *dst, size_t size, size_t n, void *arg)
{
	struct upload *u = arg;
	size_t k = size * n, left = u->len - u->off;
	if (k > left)
		k = left;
	memcpy(dst, u->data + u->off, k);
	u->off += k;
	return k;
}

enum mc_err mailer_send(struct arena *a, const struct mailer_server *server, const struct mail *m,
			const char **why)
{
	struct upload up = {0};
	up.data = mailer_format(a, m, &up.len);
	if (!up.data) {
		*why = "an address is not usable in a mail header";
		return MC_EINVAL;
	}
	CURL *h = curl_easy_init();
	if (!h) {
		*why = "libcurl could not start a request";
		return MC_EINTERNAL;
	}
	char errbuf[CURL_ERROR_SIZE] = "";
	struct curl_slist *rcpt =
		curl_slist_append(NULL, arena_printf(a, "<%s>", address_of(a, m->to)));
	curl_easy_setopt(h, CURLOPT_URL, server->url);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	curl_easy_setopt(h, CURLOPT_MAIL_FROM, arena_printf(a, "<%s>", address_of(a, m->from)));
	curl_easy_setopt(h, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(h, CURLOPT_READFUNCTION, on_read);
	curl_easy_setopt(h, CURLOPT_READDATA, &up);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, (long)MAILER_CONNECT_TIMEOUT_MS);
	curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, (long)MAILER_TOTAL_TIMEOUT_MS);
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
	if (server->starttls)
		curl_easy_setopt(h, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
	if (server->user && *server->user) {
		curl_easy_setopt(h, CURLOPT_USERNAME, server->user);
		curl_easy_setopt(h, CURLOPT_PASSWORD, server->password ? server->password : "");
	}
	CURLcode rc = curl_easy_perform(h);
	curl_easy_cleanup(h);
	curl_slist_free_all(rcpt);
	if (rc == CURLE_OK)
		return MC_OK;
	*why = arena_printf(a, "SMTP: %s%s%s", curl_easy_strerror(rc), *errbuf ? ": " : "", errbuf);
	return MC_EIO;
}
