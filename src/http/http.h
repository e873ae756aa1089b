/* Shared types of the HTTP edge: the request being served, the route table, response helpers.
 * Only http/ sees libmicrohttpd; handlers read the request through these fields and answer with
 * the resp_* functions, so a handler reads as a straight line. */
#ifndef MC_HTTP_H
#define MC_HTTP_H

#include <jansson.h>

#include "base/arena.h"
#include "base/base.h"
#include "base/buf.h"
#include "base/problem.h"
#include "http/netaddr.h"
#include "domain/user.h"
#include "svc/svc.h"

struct server;
struct req;
struct MHD_Connection;
struct guard_conn;
struct upload;

typedef void (*handler_fn)(struct req *r);

enum route_flags {
	R_AUTH = 1 << 0,  /* a logged-in caller is required (401 before anything else) */
	R_ADMIN = 1 << 1, /* only administrators (403) */
	R_SLOW = 1 << 2,  /* runs on the slow pool (password hashing, PDF, XLSX) */
	R_JSON = 1 << 3,  /* takes a JSON body */
	R_UPLOAD = 1 << 4, /* takes a raw file body up to the upload limit */
	R_NO_CSRF = 1 << 5, /* acts for nobody logged in (login, registration): no CSRF check */
	R_WRITE = 1 << 6,   /* runs on the write pool: waits for a group commit without holding one
			       of the few workers (durable intake) */
	R_AWAIT = 1 << 7,   /* with R_WRITE: runs on the worker, which may leave it waiting for its
			       commit with no thread at all (req_await); the write pool only when too
			       many already wait */
};

struct route {
	const char *method;
	const char *pattern; /* "/api/v1/units/{code}" */
	handler_fn fn;
	unsigned flags;
};

#define REQ_MAX_PARAMS 4
#define REQ_MAX_ARGS 32

struct req_arg {
	const char *key, *value;
};

struct req {
	struct server *srv;
	struct MHD_Connection *conn;
	struct arena arena;
	char rid[24];
	const char *method, *path;
	const struct route *route;
	int route_index;
	const char *params[REQ_MAX_PARAMS];
	size_t nparams;
	struct req_arg args[REQ_MAX_ARGS];
	size_t nargs;
	bool too_many_args;
	const char *h_auth, *h_ctype, *h_if_match, *h_idem;
	const char *h_cookie, *h_csrf, *h_session; /* cookie sessions of the web UI */
	bool via_cookie;                           /* authenticated by the session cookie */
	const char *set_cookie;                    /* a Set-Cookie header to send */
	const char *set_cookie2;                   /* a second one */
	const char *h_oidc_state;                  /* the motcua_oidc cookie (a VNeID login) */
	/* The client: the TCP peer, or the address a trusted proxy forwarded (http/request.h). */
	struct netaddr peer_addr, client_addr;
	char client[NETADDR_TEXT_MAX];     /* the client's address as text, for logs */
	char client_key[NETADDR_TEXT_MAX]; /* the key of per-address limits (IPv6 by /64) */
	struct guard_conn *track;          /* the connection's record in the guard */
	struct buf body;
	struct upload *upload; /* an upload route's body, streamed to a temp file (svc/uploads.h) */
	bool body_too_big, discard_body, upload_failed;
	bool close_after; /* answer with Connection: close */
	bool begun;       /* the first callback ran (the raw target is seen before it) */
	size_t target_len;  /* the request target as sent, before decoding */
	bool target_spaced; /* it holds a space or a tab */
	int pending_status; /* decided before the handler: 404, 405 */
	bool authed;
	struct user user;
	const char *token;
	size_t token_len;
	struct problem problem;
	struct svc_ctx ctx;
	int64_t t0_ns;
	/* The answer. */
	bool responded, suspended;
	/* An R_AWAIT request: may_await when the handler may use req_await; awaiting (the worker's
	 * alone) from req_await until its continuation ran; committed set by req_wake. */
	bool may_await, awaiting;
	_Atomic bool committed;
	void (*cont)(struct req *r);
	void *cont_arg;
	enum mc_err cont_err;
	int status;
	const char *out_type;
	char *out;
	size_t out_len;
	int64_t retry_after; /* > 0: send Retry-After */
	const char *allow;   /* for 405 */
	const char *location; /* for 302 */
	int out_fd;          /* > 0: answer with this file's bytes (out_len of them) */
	const char *out_disposition;
	void *out_stream; /* an event stream (http/stream.h) instead of a body */
	const char *out_etag, *out_cache; /* static files: ETag and Cache-Control (static_files.h) */
	const char *out_encoding;         /* "gzip" once the body is compressed, else NULL */
	bool out_vary;                    /* Vary: Accept-Encoding (the body depends on it) */
};

/* Query parameter by name (decoded; '+' already turned into ' ' by URL decoding), or NULL. */
const char *req_arg(struct req *r, const char *key);
/* The same, NULL also when the parameter is empty ("?q=" means no filter). */
const char *req_arg_set(struct req *r, const char *key);
/* Path parameter i of the matched route. */
const char *req_param(struct req *r, size_t i);
/* Reads the {id} path parameter (the first) into *id; true, after answering 404, when it is not
 * a positive integer. */
bool id_or_reply(struct req *r, int64_t *id);

/* Answers: each sets the response once; later calls are ignored. */
/* A handler that queued work to finish later (R_AWAIT routes, when r->may_await): the connection
 * is suspended with no thread waiting; cont(r) runs on the worker once req_wake(r) is called (from
 * any thread, once), with the request's context open again, and answers. Call before queueing the
 * work, so that the wake cannot come first. */
void req_await(struct req *r, void (*cont)(struct req *r));
void req_wake(struct req *r);

void resp_json(struct req *r, int status, json_t *body); /* takes ownership of body */
void resp_bytes(struct req *r, int status, const char *type, char *data, size_t len); /* takes data */
void resp_empty(struct req *r, int status);
/* A 302 to url (taken as is: a path of ours or a URL the server built). */
void resp_redirect(struct req *r, const char *url);
/* Answers with a file's bytes (the fd is closed by the server). */
void resp_fd(struct req *r, int status, const char *type, int fd, size_t len);
/* Answers that a library can only write to a file (XLSX). resp_tmp_path gives a new path in the
 * data directory's tmp/ (created when missing): <prefix>-<16 random hex digits>.<ext>, in the
 * arena. resp_tmp_file answers with that file's bytes (200, type, Content-Disposition disposition)
 * when err is MC_OK and it can be read, and otherwise answers err (MC_EIO when it cannot be read);
 * either way the file is removed. */
#define XLSX_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
char *resp_tmp_path(struct req *r, const char *prefix, const char *ext);
void resp_tmp_file(struct req *r, enum mc_err err, const char *path, const char *type,
		   const char *disposition);
/* An instant as RFC 3339 text with +07:00, or null for 0 (none) and INT64_MAX (open). */
json_t *time_or_null(int64_t t);
/* A problem+json answer; errors collected in r->problem are listed. */
void resp_problem(struct req *r, int status, const char *detail, const char *detail_vi);
/* Maps an error kind to its status (the one place that does) and answers with a problem. */
void resp_err(struct req *r, enum mc_err err);
int resp_status_of(enum mc_err err);

/* Strict JSON decoding of the request body. Each returns true when it answered (400/415/422). */
bool json_body_or_reply(struct req *r, json_t **out);
/* The same, but an empty body without a Content-Type reads as {} (actions whose body is optional). */
bool json_body_opt_or_reply(struct req *r, json_t **out);
/* Reports every key of obj not in allowed (NULL-terminated) as "unknown field" under prefix. */
void jin_only(struct req *r, json_t *obj, const char *prefix, const char *const allowed[]);
/* Reads a string member of one line (names, codes, titles) into NFC text in the arena. Absent or
 * null: *out = NULL and, when required, an error. Wrong type, invalid UTF-8, a control character
 * (tab, CR and LF included) or a bidirectional override or isolate (text_allowed, TEXT_LINE), or
 * more than max_chars characters: an error. */
void jin_str(struct req *r, json_t *obj, const char *prefix, const char *key, bool required,
	     size_t max_chars, const char **out);
/* The same for element i of an array, named "field[i]"; an element is always required. */
void jin_item_str(struct req *r, json_t *arr, size_t i, const char *field, size_t max_chars,
		  const char **out);
/* The longest time (RFC 3339) or date text a body may hold. */
#define JIN_TIME_CHARS 40
/* The same for text of several lines (reasons, notes, comments): tab, CR and LF are allowed. */
void jin_text(struct req *r, json_t *obj, const char *prefix, const char *key, bool required,
	      size_t max_chars, const char **out);

/* Query parameters. Each returns NULL (no filter) when the parameter is absent or empty, and when
 * its value is bad, after adding an error naming the parameter (answer with problems_or_reply). */
/* One line of NFC text (as jin_str) of at most max_chars characters. */
const char *qarg_text(struct req *r, const char *name, size_t max_chars);
/* A code (units, procedures, points): 1 to max_len characters of A-Z a-z 0-9 . _ - */
const char *qarg_code(struct req *r, const char *name, size_t max_len);
/* One of the words of allowed (NULL-terminated; the error lists them); returns allowed's entry. */
const char *qarg_word(struct req *r, const char *name, const char *const allowed[]);
/* true / false: 1 or 0; -1 when absent, empty or bad (then with an error). */
int qarg_bool(struct req *r, const char *name);
/* Answers 422 when errors were collected; true when it did. */
bool problems_or_reply(struct req *r);

/* Pagination: reads ?limit= (default 50, 1..PAGE_LIMIT_MAX) and ?cursor= (opaque). True when it
 * answered. */
#define PAGE_LIMIT_MAX 500
bool page_or_reply(struct req *r, size_t *limit, const char **cursor_value);
/* Encodes a cursor value as the opaque string clients send back. */
char *page_cursor(struct req *r, const char *value);

/* Reads an optional time parameter (RFC 3339, or a bare date as the end of that day, or its
 * start when start_of_day). True when it answered 422. */
bool time_arg_or_reply(struct req *r, const char *name, bool start_of_day, int64_t *out,
		       bool *present);
/* The same without answering: adds the error and returns false when the value is bad. */
bool time_arg(struct req *r, const char *name, bool start_of_day, int64_t *out, bool *present);

/* A queue ticket as the API shows it (http/api_queue.c), and the event that tells the point's
 * live boards of it with the number waiting. */
struct ticket;
json_t *ticket_json(const struct ticket *t);
/* ticket_json's text, byte for byte as json_dumps(JSON_COMPACT | JSON_PRESERVE_ORDER) writes it
 * (the board's items). */
void ticket_text(struct buf *b, const struct ticket *t);
/* A ticket as the board's "serving" lists it: counter, number, service_group, priority and the
 * spoken announcement (api_queue.c). */
void ticket_serving_text(struct buf *b, const struct ticket *t);
void queue_publish(struct req *r, const char *event, const struct ticket *t, int64_t waiting);

/* An account as login and /me show it: username, full_name, id_number, roles [{role, unit}]. */
json_t *user_json(const struct user *u);

/* Route tables of each API module, ending with a NULL method. */
extern const struct route api_system_routes[];
extern const struct route api_auth_routes[];
extern const struct route api_users_routes[];
extern const struct route api_webhooks_routes[];
extern const struct route api_units_routes[];
extern const struct route api_queue_routes[];
extern const struct route api_bookings_routes[];
extern const struct route api_groups_routes[];
extern const struct route api_feedback_routes[];
extern const struct route api_calendar_routes[];
extern const struct route api_dossiers_routes[];
extern const struct route api_workflow_routes[];
extern const struct route api_fees_routes[];
extern const struct route api_public_routes[];
extern const struct route api_notify_routes[];
extern const struct route api_portal_routes[];
extern const struct route api_documents_routes[];
extern const struct route api_signing_routes[];
extern const struct route api_forms_routes[];
extern const struct route api_reports_routes[];
extern const struct route api_indicator_views_routes[];
extern const struct route api_periodic_routes[];
extern const struct route api_staff_figures_routes[];
extern const struct route api_procedures_routes[];
extern const struct route api_reorg_routes[];
extern const struct route api_registers_routes[];
extern const struct route api_oidc_routes[];

/* The server's config as handlers need it. */
const char *server_version(struct server *s);
struct svc_state *server_svc(struct server *s);
struct metrics *server_metrics(struct server *s);
/* Sets the session cookie of s (HttpOnly, SameSite=Strict, Secure when server_secure_cookies):
 * the cookie session of the web UI, after a password login or the VNeID callback. */
struct auth_session;
void session_cookie(struct req *r, const struct auth_session *s);
/* Whether session cookies carry Secure (--secure-cookies, or an https public URL). */
bool server_secure_cookies(struct server *s);
/* Whether the caller may read /metrics: its address is in --metrics-allow, or it sends
 * Authorization: Bearer <MOTCUA_METRICS_TOKEN>. */
bool server_metrics_allowed(struct req *r);
/* Appends the edge's own series (connections closed by the guard, uploads, streams) to out. */
enum mc_err server_metrics_render(struct server *s, struct buf *out);

#endif
