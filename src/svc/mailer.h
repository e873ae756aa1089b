/* E-mail through an SMTP server with libcurl (docs/notifications.md): a UTF-8 plain-text message,
 * optionally with one attachment, built here as MIME (RFC 2045–2047) and sent with STARTTLS when
 * asked, authenticated when credentials are given. Blocks its thread for up to
 * MAILER_TOTAL_TIMEOUT_MS: callers run it on the notifications' worker. Thread-safe once
 * webc_global_init has run. */
#ifndef MC_MAILER_H
#define MC_MAILER_H

#include "base/arena.h"
#include "base/base.h"

#define MAILER_CONNECT_TIMEOUT_MS 10000
#define MAILER_TOTAL_TIMEOUT_MS 60000

struct mailer_server {
	const char *url;      /* smtp://host:port or smtps://host:port */
	const char *user;     /* NULL: no authentication */
	const char *password;
	bool starttls;        /* require STARTTLS on smtp:// (CURLUSESSL_ALL) */
};

struct mail {
	const char *message_id; /* the local part of Message-ID (ASCII, no '<', '>', '@') */
	const char *from;       /* "addr" or "Name <addr>" (the name ASCII or already encoded) */
	const char *to;         /* one address */
	const char *subject;    /* UTF-8 */
	const char *body;       /* UTF-8, lines ended by \n */
	const char *attachment_name; /* NULL: no attachment */
	const char *attachment_type;
	const void *attachment;
	size_t attachment_len;
	int64_t date; /* seconds */
};

/* The message's text as sent (headers, CRLF line ends, base64 parts), into arena a; NULL when an
 * address holds a character a header cannot (CR, LF, '<', '>' in the address, or none '@'). */
char *mailer_format(struct arena *a, const struct mail *m, size_t *len);

/* Sends m through server; MC_EINVAL for addresses mailer_format refuses, MC_EIO when the exchange
 * failed (*why gets libcurl's reason and the server's last answer, never the password). */
enum mc_err mailer_send(struct arena *a, const struct mailer_server *server, const struct mail *m,
			const char **why);

#endif
