/* libmicrohttpd glue: the access handler's three phases (headers, body, answer), early refusals
 * (ambiguous framing, 401, 413, 429 for uploads) from the headers alone, upload bodies streamed to
 * a temp file, the connection guard's phases, the slow pool, the answer's headers (the browser's
 * security headers on pages), the access log and the graceful stop. Handlers and routes live in
 * api_*.c; this file knows no resource. */
#include "base/base.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sodium.h>
#include <stdatomic.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "base/fmt.h"
#include "base/log.h"
#include "http/access_line.h"
#include "http/http.h"
#include "http/metrics.h"
#include "http/conn_guard.h"
#include "http/request.h"
#include "http/router.h"
#include "http/server.h"
#include "http/slow_pool.h"
#include "http/stream.h"
#include "http/static_files.h"
#include "svc/auth.h"
#include "svc/perm.h"
#include "svc/uploads.h"

struct server {
	struct server_config cfg;
	struct MHD_Daemon *daemon;
	struct svc_state *state;
	struct metrics *metrics;
	struct conn_guard *guard;
	struct router router;
	struct slow_pool slow;
	struct slow_pool write; /* R_WRITE routes (durable intake) */
	atomic_uint writes;     /* R_WRITE requests running, inline or on the write pool */
	atomic_size_t awaiting; /* R_AWAIT requests dispatched and not answered (awaiting_slot) */
	atomic_bool stopping;   /* server_stop began: new connections are closed at once */
	atomic_uint_fast64_t next_rid;
	char rid_prefix[8];
	uint16_t port;
};

void server_config_defaults(struct server_config *c)
{
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	memset(c, 0, sizeof(*c));
	c->listen_addr = "127.0.0.1";
	c->port = 8080;
	c->threads = cores > 0 ? (unsigned)cores : 2;
	c->body_max = 1024 * 1024;
	c->request_memory = ARENA_MAX_DEFAULT;
	c->conn_limit = 1024;
	c->per_ip_limit = 64;
	c->conn_timeout = 30;
	c->header_timeout = 10;
	c->body_window = 20;
	c->body_min_rate = 500;
	c->conn_memory = 96 * 1024;
	c->header_max = 32 * 1024;
	c->target_max = 8 * 1024;
	c->slow_threads = 2;
	c->slow_queue = 256;
	c->write_threads = 8;
	c->stream_max = 256;
	c->stream_per_ip = 4;
	c->stream_reserved = 64;
	const char *bad;
	cidr_set_parse("127.0.0.1/32,::1/128", &c->metrics_allow, &bad);
	c->web_dir = "web";
	c->version = MOTCUA_VERSION;
}

const char *server_version(struct server *s)
{
	return s->cfg.version;
}

struct svc_state *server_svc(struct server *s)
{
	return s->state;
}

uint16_t server_port(struct server *s)
{
	return s->port;
}

static int64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void set_rid(struct req *r)
{
	const char *given = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "X-Request-Id");
	if (given && strlen(given) <= 20 && strspn(given, "abcdefghijklmnopqrstuvwxyz"
							  "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_") ==
							  strlen(given) && *given) {
		fmt_snprintf(r->rid, sizeof(r->rid), "%s", given);
		return;
	}
	uint64_t n = atomic_fetch_add(&r->srv->next_rid, 1);
	fmt_snprintf(r->rid, sizeof(r->rid), "%s-%llu", r->srv->rid_prefix, (unsigned long long)n);
}

/* Opens the request's svc context (svc takes a connection for it) with the caller. */
static void ctx_open(struct req *r)
{
	svc_ctx_open(&r->ctx, r->srv->state, svc_now(r->srv->state), &r->arena, &r->problem);
	r->ctx.user = r->authed ? &r->user : NULL;
	/* Per-address limits in svc/ key by the client (behind trusted proxies, the forwarded
	 * address; IPv6 by its /64): http/request.c's request_client(). */
	r->ctx.client_addr = r->client_key;
}

static void ctx_close(struct req *r)
{
	svc_ctx_close(&r->ctx);
}

/* The context of a request whose handler gave its connection back while it waited (req_await):
 * a connection again, the rest as it was. */
static void ctx_reopen(struct req *r)
{
	svc_ctx_reacquire(&r->ctx);
}

/* Reads "Authorization: Bearer <token>", else the web UI's session cookie, and resolves the
 * session. */
/* Resolves the request's token, if any: MC_OK (authenticated or anonymous), MC_EAUTH (a token that
 * is not a session: anonymous), or the error of a lookup that could not be made (the database
 * away: the caller answers it, 503, rather than treating the caller as logged out). */
static enum mc_err authenticate(struct req *r)
{
	const char *h = r->h_auth;
	const char *tok;
	if (h && strncasecmp(h, "Bearer ", 7) == 0) {
		tok = h + 7;
		while (*tok == ' ')
			tok++;
	} else if (!h && r->h_cookie && *r->h_cookie) {
		tok = r->h_cookie;
		r->via_cookie = true;
	} else {
		return MC_OK;
	}
	int64_t expires_at;
	ctx_open(r);
	enum mc_err err = auth_resolve(&r->ctx, tok, strlen(tok), &r->user, &expires_at);
	ctx_close(r);
	if (err == MC_OK) {
		r->authed = true;
		r->token = tok;
		r->token_len = strlen(tok);
	} else if (err != MC_EAUTH) {
		log_error("rid=%s session lookup failed: %s", r->rid, mc_err_name(err));
		return err;
	}
	return MC_OK;
}

/* Refuses a body larger than allowed from its Content-Length. */
static void length_check(struct req *r)
{
	const char *cl = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND,
						     MHD_HTTP_HEADER_CONTENT_LENGTH);
	if (!cl)
		return;
	char *end = NULL;
	unsigned long long n = strtoull(cl, &end, 10);
	if (*cl && !*end && n > r->body.max) {
		char *d = arena_printf(&r->arena, "the body may have at most %zu bytes", r->body.max);
		resp_problem(r, 413, d, "nội dung vượt quá giới hạn cho phép");
	}
}

/* An upload route's body goes to a temp file: one more upload of the account or the address
 * over its maximum is refused here, before a byte is read. */
static void upload_begin(struct req *r)
{
	enum mc_err err = upload_open(r->srv->state, r->user.username, r->client_key, &r->upload);
	if (err == MC_ETOOMANY) {
		r->retry_after = 10;
		resp_problem(r, 429, "too many uploads in progress for this account or address",
			     "đang có quá nhiều tệp được tải lên từ tài khoản hoặc địa chỉ này, vui lòng "
			     "thử lại sau");
	} else if (err) {
		resp_err(r, err);
	}
}

/* Phase 1: only the headers are known. Routes, authenticates and refuses early what can be. */
static void begin(struct req *r, const char *url, const char *method, const char *version)
{
	r->method = arena_strdup(&r->arena, method);
	r->path = arena_strdup(&r->arena, url);
	set_rid(r);
	request_client(r, &r->srv->cfg.trusted_proxies);
	request_read(r);
	problem_init(&r->problem, &r->arena);
	buf_init(&r->body, r->srv->cfg.body_max);
	struct edge_limits lim = {r->srv->cfg.header_max, r->srv->cfg.target_max};
	if (request_edge_or_reply(r, version, &lim) || request_framing_or_reply(r))
		return;
	enum router_match m = router_find(&r->srv->router, r);
	bool upload = m == ROUTER_FOUND && (r->route->flags & R_UPLOAD);
	if (upload)
		buf_init(&r->body, r->srv->state->cfg.upload_max); /* the cap; no bytes are kept */
	if (m == ROUTER_STATIC) {
		r->discard_body = true;
		return;
	}
	if (m != ROUTER_FOUND) {
		r->pending_status = m == ROUTER_NO_METHOD ? 405 : 404;
		r->discard_body = true;
		return;
	}
	enum mc_err aerr = authenticate(r);
	if (aerr) {
		resp_err(r, aerr);
		return;
	}
	if ((r->route->flags & R_AUTH) && !r->authed) {
		resp_problem(r, 401, "log in first and send Authorization: Bearer <token>",
			     "cần đăng nhập");
		return;
	}
	length_check(r);
	if (upload && !r->responded)
		upload_begin(r);
}

/* A handler (or its continuation) that returned without answering is a bug: 500. */
static void answered_or_500(struct req *r)
{
	if (!r->responded) {
		log_error("rid=%s handler gave no answer", r->rid);
		resp_problem(r, 500, NULL, NULL);
	}
}

static void run_handler(struct req *r)
{
	ctx_open(r);
	r->route->fn(r);
	if (r->awaiting)
		return; /* its continuation answers (on_request), and closes the context */
	ctx_close(r);
	answered_or_500(r);
}

/* The connections of the calling libmicrohttpd worker: each connection lives on the worker that
 * accepted it, and its start and close notifications run there. */
static _Thread_local unsigned worker_conns;

/* An R_WRITE request on the write pool. */
static void run_write(struct req *r)
{
	struct server *s = r->srv;
	run_handler(r);
	atomic_fetch_sub(&s->writes, 1);
}

/* Safe methods need no CSRF token; unsafe ones over a cookie session must carry it. */
static bool csrf_ok(struct req *r)
{
	char want[32];
	if (!strcmp(r->method, "GET") || !strcmp(r->method, "HEAD") || !strcmp(r->method, "OPTIONS"))
		return true;
	if (!r->h_csrf)
		return false;
	auth_csrf(r->token, r->token_len, want);
	size_t n = strlen(want);
	return strlen(r->h_csrf) == n && sodium_memcmp(r->h_csrf, want, n) == 0;
}

/* R_AWAIT requests between their dispatch and their answer: at most the write pool's queue. */
static bool awaiting_slot(struct req *r)
{
	struct server *s = r->srv;
	if (atomic_fetch_add(&s->awaiting, 1) < s->cfg.slow_queue)
		return true;
	atomic_fetch_sub(&s->awaiting, 1);
	return false;
}

static void awaiting_done(struct req *r)
{
	atomic_fetch_sub(&r->srv->awaiting, 1);
}

void req_await(struct req *r, void (*cont)(struct req *r))
{
	r->awaiting = true;
	r->cont = cont;
	atomic_store(&r->committed, false);
	MHD_suspend_connection(r->conn);
}

void req_wake(struct req *r)
{
	struct MHD_Connection *conn = r->conn; /* r is the worker's again once committed is seen */
	atomic_store(&r->committed, true);
	MHD_resume_connection(conn);
}

/* Phase 3: the whole body is in. Answers, or hands the request to the slow pool. */
static void dispatch(struct req *r)
{
	if (r->route_index == ROUTER_STATIC_INDEX) {
		static_serve(r, r->srv->cfg.web_dir);
		return;
	}
	if (r->pending_status) {
		resp_problem(r, r->pending_status, NULL, NULL);
		return;
	}
	if (r->body_too_big) {
		resp_problem(r, 413, "the body is larger than allowed",
			     "nội dung vượt quá giới hạn cho phép");
		return;
	}
	if (r->upload_failed) {
		resp_err(r, MC_EIO);
		return;
	}
	if (r->too_many_args) {
		resp_problem(r, 400, "too many query parameters", "quá nhiều tham số truy vấn");
		return;
	}
	if (r->authed && r->via_cookie && !(r->route->flags & R_NO_CSRF) && !csrf_ok(r)) {
		problem_add(&r->problem, "X-CSRF-Token", "must be the csrf_token of this session",
			    "thiếu hoặc sai mã chống giả mạo yêu cầu (CSRF)");
		resp_problem(r, 403, "a cookie session needs X-CSRF-Token on unsafe methods",
			     "phiên đăng nhập bằng cookie cần mã X-CSRF-Token");
		return;
	}
	if ((r->route->flags & R_ADMIN) && !perm_has_role(&r->user, "admin")) {
		resp_problem(r, 403, "only administrators may do this",
			     "chỉ quản trị viên được thực hiện");
		return;
	}
	if ((r->route->flags & R_AWAIT) && awaiting_slot(r)) {
		/* No thread waits for the commit: the handler checks the input here, queues the write
		 * and suspends the connection; the writer wakes it (req_wake) once committed. */
		r->may_await = true;
		run_handler(r);
		if (!r->awaiting)
			awaiting_done(r);
		return;
	}
	if (r->route->flags & R_WRITE) {
		/* Alone, a write runs here: handing it over costs more than it saves. With another in
		 * flight it goes to the write pool, so that this worker does not wait for the commit
		 * they will share; so does a write on a worker that holds other connections, whose
		 * requests (writes among them) would wait behind it unseen: when all of a load's
		 * connections landed on one worker, every write ran here alone, one commit each. */
		struct server *s = r->srv;
		if (atomic_fetch_add(&s->writes, 1) == 0 && worker_conns <= 1) {
			run_handler(r);
			atomic_fetch_sub(&s->writes, 1);
			return;
		}
		if (slow_pool_submit(&s->write, r))
			return;
		atomic_fetch_sub(&s->writes, 1);
		r->retry_after = 1;
		resp_problem(r, 503, "the server is busy, try again", "hệ thống đang bận, vui lòng thử lại");
		return;
	}
	if (r->route->flags & R_SLOW) {
		if (slow_pool_submit(&r->srv->slow, r))
			return;
		r->retry_after = 1;
		resp_problem(r, 503, "the server is busy, try again", "hệ thống đang bận, vui lòng thử lại");
		return;
	}
	run_handler(r);
}

/* The browser's security headers, on every page and static file: no script or style from
 * anywhere but our own files (the UI is ES modules and a stylesheet: nothing inline), documents
 * shown from blob: addresses, no framing by other sites, no referrer leaving the site (the
 * tracking page's address holds its secret), no powerful features. */
static const char PAGE_CSP[] =
	"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' blob:; "
	"frame-src 'self' blob:; object-src 'none'; base-uri 'none'; form-action 'self'; "
	"frame-ancestors 'none'";
static const char PAGE_PERMISSIONS[] = "accelerometer=(), camera=(), geolocation=(), gyroscope=(), "
				       "magnetometer=(), microphone=(), payment=(), usb=()";

static void page_headers(struct MHD_Response *resp)
{
	MHD_add_response_header(resp, "Content-Security-Policy", PAGE_CSP);
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
	MHD_add_response_header(resp, "Permissions-Policy", PAGE_PERMISSIONS);
}

static enum MHD_Result queue_answer(struct req *r)
{
	struct MHD_Response *resp;
	if (r->out_stream) {
		resp = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 4096, stream_read,
							 r->out_stream, stream_release);
		if (!resp) {
			stream_release(r->out_stream);
			return MHD_NO;
		}
		r->out_stream = NULL;
		MHD_add_response_header(resp, "X-Accel-Buffering", "no");
	} else if (r->out_fd > 0) {
		resp = MHD_create_response_from_fd(r->out_len, r->out_fd);
		r->out_fd = 0;
	} else {
		static_maybe_gzip(r);
		resp = MHD_create_response_from_buffer(
			r->out_len, r->out, r->out ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
		r->out = NULL;
	}
	if (r->out_disposition)
		MHD_add_response_header(resp, "Content-Disposition", r->out_disposition);
	if (r->out_type)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, r->out_type);
	MHD_add_response_header(resp, "X-Request-Id", r->rid);
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	if (r->route_index != ROUTER_STATIC_INDEX)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	else if (r->out_cache)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, r->out_cache);
	if (r->out_etag)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_ETAG, r->out_etag);
	if (r->out_encoding)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_ENCODING, r->out_encoding);
	if (r->out_vary)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_VARY, "Accept-Encoding");
	if (r->retry_after > 0) {
		char v[24];
		fmt_snprintf(v, sizeof(v), "%lld", (long long)r->retry_after);
		MHD_add_response_header(resp, MHD_HTTP_HEADER_RETRY_AFTER, v);
	}
	if (r->allow)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, r->allow);
	if (r->set_cookie)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_SET_COOKIE, r->set_cookie);
	if (r->set_cookie2)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_SET_COOKIE, r->set_cookie2);
	if (r->location)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_LOCATION, r->location);
	if (r->route_index == ROUTER_STATIC_INDEX ||
	    (r->out_type && !strncmp(r->out_type, "text/html", 9)))
		page_headers(resp);
	if (r->close_after)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONNECTION, "close");
	enum MHD_Result ret = MHD_queue_response(r->conn, (unsigned int)r->status, resp);
	MHD_destroy_response(resp);
	return ret;
}

/* A worker's last request record, kept for its next request: a calloc of its 3.4 KB is a malloc
 * of the large bins, which first merges glibc's fast bins (issue 22). Freed when the thread ends
 * (the key's destructor). */
static _Thread_local struct req *spare_req;
static _Thread_local bool spare_keyed;
static pthread_key_t spare_key;
static pthread_once_t spare_once = PTHREAD_ONCE_INIT;

static void spare_free(void *arg)
{
	MC_UNUSED(arg);
	free(spare_req);
	spare_req = NULL;
	spare_keyed = false;
}

static void spare_key_make(void)
{
	if (pthread_key_create(&spare_key, spare_free) != 0)
		abort();
}

static void req_free(struct req *r)
{
	if (spare_req) {
		free(r);
		return;
	}
	if (!spare_keyed) {
		pthread_once(&spare_once, spare_key_make);
		/* the value only makes the destructor run; it frees this thread's spare_req */
		if (pthread_setspecific(spare_key, &spare_keyed) != 0) {
			free(r);
			return;
		}
		spare_keyed = true;
	}
	spare_req = r;
}

static struct req *req_new(struct server *s, struct MHD_Connection *conn)
{
	struct req *r = spare_req;
	if (r) {
		spare_req = NULL;
		memset(r, 0, sizeof(*r));
	} else {
		r = xcalloc(1, sizeof(*r));
	}
	r->srv = s;
	r->conn = conn;
	r->t0_ns = now_ns();
	r->route_index = -1;
	r->track = guard_conn_of(conn);
	arena_init_max(&r->arena, s->cfg.request_memory);
	return r;
}

/* libmicrohttpd gives the request target as sent as soon as the request line is in, before any
 * header: the request starts here, so that the first callback can refuse, as problem+json, what
 * its strict mode would refuse with a fixed HTML page (http/request.h: request_edge_or_reply). */
static void *on_target(void *cls, const char *target, struct MHD_Connection *conn)
{
	struct req *r = req_new(cls, conn);
	r->target_len = strlen(target);
	r->target_spaced = strpbrk(target, " \t") != NULL;
	return r;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
				  const char *method, const char *version, const char *upload_data,
				  size_t *upload_data_size, void **con_cls)
{
	struct server *s = cls;
	struct req *r = *con_cls;
	if (!r)
		r = *con_cls = req_new(s, conn);
	if (!r->begun) {
		r->begun = true;
		begin(r, url, method, version);
		if (r->responded) { /* early refusals only: the body, if any, is not read */
			guard_handling(r->track);
			return queue_answer(r);
		}
		guard_body_begin(r->track);
		return MHD_YES;
	}
	if (*upload_data_size) {
		guard_body_bytes(r->track, *upload_data_size);
		if (r->upload && !r->body_too_big && !r->upload_failed) {
			enum mc_err err = upload_write(r->upload, upload_data, *upload_data_size);
			r->body_too_big = err == MC_ETOOBIG;
			r->upload_failed = err && err != MC_ETOOBIG;
		} else if (!r->upload && !r->discard_body && !r->body_too_big &&
			   buf_append(&r->body, upload_data, *upload_data_size) != MC_OK) {
			r->body_too_big = true;
			buf_release(&r->body);
		}
		*upload_data_size = 0;
		return MHD_YES;
	}
	guard_handling(r->track);
	if (r->suspended)
		return MHD_YES;
	if (r->awaiting) {
		if (!atomic_load(&r->committed))
			return MHD_YES;
		r->awaiting = false;
		ctx_reopen(r);
		r->cont(r);
		ctx_close(r);
		awaiting_done(r);
		answered_or_500(r);
		return queue_answer(r);
	}
	if (!r->responded)
		dispatch(r);
	if (r->suspended || r->awaiting)
		return MHD_YES;
	return queue_answer(r);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	struct server *s = cls;
	struct req *r = *con_cls;
	MC_UNUSED(conn);
	if (!r)
		return;
	guard_request_done(r->track);
	int64_t ns = now_ns() - r->t0_ns;
	double secs = (double)ns / 1e9;
	const char *route = r->route ? r->route->pattern
				     : (r->route_index == ROUTER_STATIC_INDEX ? "static" : "unmatched");
	int status = r->responded ? r->status : 0;
	metrics_observe(s->metrics, r->method ? r->method : "?", route, status, secs);
	char line[2048]; /* as long as log.c's lines: the same text is cut at the same place */
	access_line(r, status, ns, toe == MHD_REQUEST_TERMINATED_COMPLETED_OK, line, sizeof(line));
	log_access("%s", line);
	if (r->awaiting) { /* resumed, and the connection gone before its continuation ran */
		ctx_close(r);
		awaiting_done(r);
	}
	upload_free(r->upload);
	free(r->out);
	if (r->out_fd > 0)
		close(r->out_fd);
	buf_release(&r->body);
	arena_release(&r->arena);
	req_free(r);
	*con_cls = NULL;
}

static void on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
			  enum MHD_ConnectionNotificationCode toe)
{
	struct server *s = cls;
	if (toe == MHD_CONNECTION_NOTIFY_STARTED)
		worker_conns++;
	else if (worker_conns)
		worker_conns--;
	metrics_conn(s->metrics, toe == MHD_CONNECTION_NOTIFY_STARTED ? 1 : -1);
	guard_notify(s->guard, conn, socket_context, toe);
}

struct metrics *server_metrics(struct server *s)
{
	return s->metrics;
}

bool server_secure_cookies(struct server *s)
{
	return s->cfg.secure_cookies;
}

bool server_metrics_allowed(struct req *r)
{
	const struct server_config *c = &r->srv->cfg;
	unsigned char want[32], got[32];
	if (cidr_set_has(&c->metrics_allow, &r->client_addr))
		return true;
	if (!c->metrics_token || !*c->metrics_token || !r->h_auth ||
	    strncasecmp(r->h_auth, "Bearer ", 7) != 0)
		return false;
	const char *t = r->h_auth + 7;
	while (*t == ' ')
		t++;
	/* Compared as hashes: neither the token's length nor its bytes show in the time taken. */
	crypto_generichash(want, sizeof(want), (const unsigned char *)c->metrics_token,
			   strlen(c->metrics_token), NULL, 0);
	crypto_generichash(got, sizeof(got), (const unsigned char *)t, strlen(t), NULL, 0);
	return sodium_memcmp(want, got, sizeof(want)) == 0;
}

enum mc_err server_metrics_render(struct server *s, struct buf *out)
{
	struct guard_stats g;
	guard_stats(s->guard, &g);
	return buf_printf(
		out,
		"# HELP motcua_event_streams Open server-sent event streams (queue boards).\n"
		"# TYPE motcua_event_streams gauge\nmotcua_event_streams %zu\n"
		"# HELP motcua_uploads_in_progress Document uploads being received.\n"
		"# TYPE motcua_uploads_in_progress gauge\nmotcua_uploads_in_progress %zu\n"
		"# HELP motcua_http_connections_closed_total Connections the guard closed, by reason.\n"
		"# TYPE motcua_http_connections_closed_total counter\n"
		"motcua_http_connections_closed_total{reason=\"header_timeout\"} %llu\n"
		"motcua_http_connections_closed_total{reason=\"slow_body\"} %llu\n"
		"motcua_http_connections_closed_total{reason=\"pressure\"} %llu\n"
		"# HELP motcua_http_connections_refused_total Connections refused at accept: the "
		"address had its maximum.\n"
		"# TYPE motcua_http_connections_refused_total counter\n"
		"motcua_http_connections_refused_total %llu\n",
		stream_count(), upload_count(s->state), (unsigned long long)g.header_timeouts,
		(unsigned long long)g.slow_bodies, (unsigned long long)g.pressure,
		(unsigned long long)g.refused_per_ip);
}

/* libmicrohttpd's accept policy: none once stopping, else the connection guard's. */
static enum MHD_Result accept_policy(void *cls, const struct sockaddr *addr, socklen_t len)
{
	struct server *s = cls;
	if (atomic_load(&s->stopping))
		return MHD_NO;
	return guard_accept(s->guard, addr, len);
}

enum mc_err server_start(const struct server_config *cfg, struct svc_state *state,
			 struct server **out)
{
	struct server *s = xcalloc(1, sizeof(*s));
	struct sockaddr_in addr;
	s->cfg = *cfg;
	s->state = state;
	s->metrics = metrics_new();
	router_init(&s->router);
	atomic_init(&s->next_rid, 1);
	uint32_t rnd = randombytes_random();
	snprintf(s->rid_prefix, sizeof(s->rid_prefix), "%06x", rnd & 0xffffff);
	memset(&addr, 0, sizeof(addr));
	addr.sin_family = AF_INET;
	addr.sin_port = htons(cfg->port);
	if (inet_pton(AF_INET, cfg->listen_addr, &addr.sin_addr) != 1) {
		log_error("bad listen address \"%s\"", cfg->listen_addr);
		goto fail;
	}
	struct guard_config gc = {cfg->header_timeout, cfg->body_window, cfg->body_min_rate,
				  cfg->conn_limit, cfg->per_ip_limit, &s->cfg.trusted_proxies};
	s->guard = guard_new(&gc);
	stream_configure(cfg->stream_max, cfg->stream_per_ip, cfg->stream_reserved);
	slow_pool_start(&s->slow, "mc-slow", cfg->slow_threads, cfg->slow_queue, run_handler);
	atomic_init(&s->writes, 0);
	atomic_init(&s->awaiting, 0);
	slow_pool_start(&s->write, "mc-write", cfg->write_threads, cfg->slow_queue, run_write);
	/* The per-address limit is the guard's (at accept), which exempts trusted proxies. Not
	 * libmicrohttpd's strict mode: its refusals (no Host, a space in the target) are fixed HTML
	 * pages, and request_edge_or_reply makes the same ones as problem+json. Its memory per
	 * connection is kept well above our header limit for the same reason: with 2 x (header +
	 * target limit) + 16 KiB (96 KiB by default) a header block of up to ~90 KB still reaches
	 * our 431. No more than that: libmicrohttpd zeroes the whole of it before each request of a
	 * connection (MHD_pool_reset), ~10 us of CPU per request at 160 KiB (docs/performance.md
	 * "The HTTP worker's share and system calls"). */
	size_t conn_memory = cfg->conn_memory;
	if (conn_memory < 2 * (cfg->header_max + cfg->target_max) + 16 * 1024)
		conn_memory = 2 * (cfg->header_max + cfg->target_max) + 16 * 1024;
	s->daemon = MHD_start_daemon(
		MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_ALLOW_SUSPEND_RESUME |
			MHD_USE_ERROR_LOG,
		cfg->port, accept_policy, s, on_request, s, MHD_OPTION_SOCK_ADDR,
		(struct sockaddr *)&addr, MHD_OPTION_THREAD_POOL_SIZE, cfg->threads,
		MHD_OPTION_CONNECTION_LIMIT, cfg->conn_limit, MHD_OPTION_CONNECTION_TIMEOUT,
		cfg->conn_timeout, MHD_OPTION_CONNECTION_MEMORY_LIMIT, conn_memory,
		MHD_OPTION_URI_LOG_CALLBACK, on_target, s,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, s, MHD_OPTION_NOTIFY_CONNECTION,
		on_connection, s, MHD_OPTION_LISTEN_BACKLOG_SIZE, 1024, MHD_OPTION_STRICT_FOR_CLIENT,
		0, MHD_OPTION_END);
	if (!s->daemon) {
		log_error("cannot listen on %s:%u", cfg->listen_addr, cfg->port);
		slow_pool_stop(&s->slow);
		slow_pool_stop(&s->write);
		guard_free(s->guard);
		goto fail;
	}
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
	s->port = info ? info->port : cfg->port;
	*out = s;
	return MC_OK;
fail:
	metrics_free(s->metrics);
	free(s);
	return MC_EIO;
}

void server_stop(struct server *s, int grace_ms)
{
	if (!s)
		return;
	stream_shutdown(); /* suspended streams would keep their connections forever */
	/* No new connection from here on: each is closed as it is accepted (accept_policy). Not
	 * MHD_quiesce_daemon: with a thread pool on epoll, libmicrohttpd 0.9.75 takes the listening
	 * socket out of every worker's epoll set from this thread while a worker may be doing the
	 * same (at its connection limit), and a failed removal is a panic: "Failed to remove listen
	 * FD from epoll set", the process aborted (seen once in the API suite). The socket is closed
	 * by MHD_stop_daemon. */
	atomic_store(&s->stopping, true);
	for (int waited = 0; waited < grace_ms; waited += 20) {
		const union MHD_DaemonInfo *info =
			MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);
		if (!info || info->num_connections == 0)
			break;
		struct timespec ts = {0, 20 * 1000000};
		nanosleep(&ts, NULL);
	}
	/* A request waiting for its commit is woken by the writer through libmicrohttpd: the daemon
	 * must outlive every such wake (the writer stops after the server). */
	while (atomic_load(&s->awaiting) > 0) {
		struct timespec ts = {0, 5 * 1000000};
		nanosleep(&ts, NULL);
	}
	slow_pool_stop(&s->slow);
	slow_pool_stop(&s->write);
	MHD_stop_daemon(s->daemon);
	guard_free(s->guard);
	(void)stream_count(); /* frees the streams MHD released */
	metrics_free(s->metrics);
	free(s);
}
