/* libmicrohttpd glue: the access handler's three phases (headers, body, answer), early refusals
 * (401, 413) from the headers alone, the slow pool with suspend/resume, the access log and the
 * graceful stop. Handlers and routes live in api_*.c; this file knows no resource. */
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

#include "base/log.h"
#include "http/http.h"
#include "http/metrics.h"
#include "http/router.h"
#include "http/server.h"
#include "http/stream.h"
#include "http/static_files.h"
#include "svc/auth.h"
#include "svc/perm.h"

struct slow_pool {
	pthread_mutex_t lock;
	pthread_cond_t ready;
	struct req **queue;
	size_t cap, head, len;
	bool stopping;
	pthread_t *threads;
	unsigned nthreads;
};

struct server {
	struct server_config cfg;
	struct MHD_Daemon *daemon;
	struct db_pool *pool;
	struct svc_state *state;
	struct metrics *metrics;
	struct router router;
	struct slow_pool slow;
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
	c->conn_limit = 1024;
	c->per_ip_limit = 64;
	c->conn_timeout = 30;
	c->conn_memory = 64 * 1024;
	c->slow_threads = 2;
	c->slow_queue = 256;
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

const char *req_arg(struct req *r, const char *key)
{
	for (size_t i = 0; i < r->nargs; i++)
		if (strcmp(r->args[i].key, key) == 0)
			return r->args[i].value;
	return NULL;
}

const char *req_arg_set(struct req *r, const char *key)
{
	const char *v = req_arg(r, key);
	return v && *v ? v : NULL;
}

const char *req_param(struct req *r, size_t i)
{
	return i < r->nparams ? r->params[i] : "";
}

static enum MHD_Result collect_arg(void *cls, enum MHD_ValueKind kind, const char *key,
				   const char *value)
{
	struct req *r = cls;
	MC_UNUSED(kind);
	if (r->nargs == REQ_MAX_ARGS) {
		r->too_many_args = true;
		return MHD_NO;
	}
	r->args[r->nargs].key = arena_strdup(&r->arena, key);
	r->args[r->nargs].value = arena_strdup(&r->arena, value ? value : "");
	r->nargs++;
	return MHD_YES;
}

static const char *header(struct req *r, const char *name)
{
	const char *v = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
	return v ? arena_strdup(&r->arena, v) : NULL;
}

static void set_rid(struct req *r)
{
	const char *given = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "X-Request-Id");
	if (given && strlen(given) <= 20 && strspn(given, "abcdefghijklmnopqrstuvwxyz"
							  "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_") ==
							  strlen(given) && *given) {
		snprintf(r->rid, sizeof(r->rid), "%s", given);
		return;
	}
	uint64_t n = atomic_fetch_add(&r->srv->next_rid, 1);
	snprintf(r->rid, sizeof(r->rid), "%s-%llu", r->srv->rid_prefix, (unsigned long long)n);
}

static void client_address(struct req *r)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(r->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	snprintf(r->client, sizeof(r->client), "unknown");
	if (!ci || !ci->client_addr)
		return;
	const struct sockaddr *sa = ci->client_addr;
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, r->client,
			  sizeof(r->client));
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr,
			  r->client, sizeof(r->client));
}

/* Opens the database for the request and fills the svc context. */
static void ctx_open(struct req *r)
{
	r->ctx.state = r->srv->state;
	r->ctx.db = db_pool_acquire(r->srv->pool);
	r->ctx.arena = &r->arena;
	r->ctx.problem = &r->problem;
	r->ctx.user = r->authed ? &r->user : NULL;
	r->ctx.real_now = (int64_t)time(NULL);
	r->ctx.now = svc_now(r->srv->state);
}

static void ctx_close(struct req *r)
{
	db_pool_release(r->srv->pool, r->ctx.db);
	r->ctx.db = NULL;
}

/* Reads "Authorization: Bearer <token>", else the web UI's session cookie, and resolves the
 * session. */
static void authenticate(struct req *r)
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
		return;
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
	}
}

/* Phase 1: only the headers are known. Routes, authenticates and refuses early what can be. */
static void begin(struct req *r, const char *url, const char *method)
{
	r->method = arena_strdup(&r->arena, method);
	r->path = arena_strdup(&r->arena, url);
	set_rid(r);
	client_address(r);
	MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, collect_arg, r);
	r->h_auth = header(r, MHD_HTTP_HEADER_AUTHORIZATION);
	r->h_ctype = header(r, MHD_HTTP_HEADER_CONTENT_TYPE);
	r->h_if_match = header(r, "If-Match");
	r->h_idem = header(r, "Idempotency-Key");
	r->h_csrf = header(r, "X-CSRF-Token");
	r->h_session = header(r, "X-Session");
	const char *cookie = MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, "motcua_session");
	r->h_cookie = cookie ? arena_strdup(&r->arena, cookie) : NULL;
	cookie = MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, "motcua_oidc");
	r->h_oidc_state = cookie ? arena_strdup(&r->arena, cookie) : NULL;
	problem_init(&r->problem, &r->arena);

	enum router_match m = router_find(&r->srv->router, r);
	size_t limit = m == ROUTER_FOUND && (r->route->flags & R_UPLOAD) ? r->srv->state->cfg.upload_max
									 : r->srv->cfg.body_max;
	buf_init(&r->body, limit);
	if (m == ROUTER_STATIC) {
		r->discard_body = true;
		return;
	}
	if (m != ROUTER_FOUND) {
		r->pending_status = m == ROUTER_NO_METHOD ? 405 : 404;
		r->discard_body = true;
		return;
	}
	authenticate(r);
	if ((r->route->flags & R_AUTH) && !r->authed) {
		resp_problem(r, 401, "log in first and send Authorization: Bearer <token>",
			     "cần đăng nhập");
		return;
	}
	const char *cl = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND,
						     MHD_HTTP_HEADER_CONTENT_LENGTH);
	if (cl) {
		char *end = NULL;
		unsigned long long n = strtoull(cl, &end, 10);
		if (*cl && !*end && n > r->body.max) {
			char *d = arena_printf(&r->arena, "the body may have at most %zu bytes",
					       r->body.max);
			resp_problem(r, 413, d, "nội dung vượt quá giới hạn cho phép");
		}
	}
}

static void run_handler(struct req *r)
{
	ctx_open(r);
	r->route->fn(r);
	ctx_close(r);
	if (!r->responded) {
		log_error("rid=%s handler gave no answer", r->rid);
		resp_problem(r, 500, NULL, NULL);
	}
}

static bool slow_submit(struct server *s, struct req *r);

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
	if (r->route->flags & R_SLOW) {
		if (slow_submit(r->srv, r))
			return;
		r->retry_after = 1;
		resp_problem(r, 503, "the server is busy, try again", "hệ thống đang bận, vui lòng thử lại");
		return;
	}
	run_handler(r);
}

static void *slow_main(void *arg)
{
	struct server *s = arg;
	struct slow_pool *p = &s->slow;
	for (;;) {
		pthread_mutex_lock(&p->lock);
		while (p->len == 0 && !p->stopping)
			pthread_cond_wait(&p->ready, &p->lock);
		if (p->len == 0 && p->stopping) {
			pthread_mutex_unlock(&p->lock);
			return NULL;
		}
		struct req *r = p->queue[p->head];
		p->head = (p->head + 1) % p->cap;
		p->len--;
		pthread_mutex_unlock(&p->lock);
		run_handler(r);
		r->suspended = false;
		MHD_resume_connection(r->conn);
	}
}

static bool slow_submit(struct server *s, struct req *r)
{
	struct slow_pool *p = &s->slow;
	pthread_mutex_lock(&p->lock);
	bool ok = p->len < p->cap && !p->stopping;
	if (ok) {
		r->suspended = true;
		MHD_suspend_connection(r->conn);
		p->queue[(p->head + p->len) % p->cap] = r;
		p->len++;
		pthread_cond_signal(&p->ready);
	}
	pthread_mutex_unlock(&p->lock);
	return ok;
}

static void slow_start(struct server *s)
{
	struct slow_pool *p = &s->slow;
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->ready, NULL);
	p->cap = s->cfg.slow_queue ? s->cfg.slow_queue : 1;
	p->queue = xcalloc(p->cap, sizeof(*p->queue));
	p->nthreads = s->cfg.slow_threads ? s->cfg.slow_threads : 1;
	p->threads = xcalloc(p->nthreads, sizeof(*p->threads));
	for (unsigned i = 0; i < p->nthreads; i++)
		pthread_create(&p->threads[i], NULL, slow_main, s);
}

static void slow_stop(struct server *s)
{
	struct slow_pool *p = &s->slow;
	pthread_mutex_lock(&p->lock);
	p->stopping = true;
	pthread_cond_broadcast(&p->ready);
	pthread_mutex_unlock(&p->lock);
	for (unsigned i = 0; i < p->nthreads; i++)
		pthread_join(p->threads[i], NULL);
	free(p->threads);
	free(p->queue);
	pthread_mutex_destroy(&p->lock);
	pthread_cond_destroy(&p->ready);
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
	if (r->retry_after > 0) {
		char v[24];
		snprintf(v, sizeof(v), "%lld", (long long)r->retry_after);
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
	enum MHD_Result ret = MHD_queue_response(r->conn, (unsigned int)r->status, resp);
	MHD_destroy_response(resp);
	return ret;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
				  const char *method, const char *version, const char *upload_data,
				  size_t *upload_data_size, void **con_cls)
{
	struct server *s = cls;
	struct req *r = *con_cls;
	MC_UNUSED(version);
	if (!r) {
		r = xcalloc(1, sizeof(*r));
		r->srv = s;
		r->conn = conn;
		r->t0_ns = now_ns();
		r->route_index = -1;
		arena_init(&r->arena);
		*con_cls = r;
		begin(r, url, method);
		return r->responded ? queue_answer(r) : MHD_YES; /* early refusals only */
	}
	if (*upload_data_size) {
		if (!r->discard_body && !r->body_too_big &&
		    buf_append(&r->body, upload_data, *upload_data_size) != MC_OK) {
			r->body_too_big = true;
			buf_release(&r->body);
		}
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (r->suspended)
		return MHD_YES;
	if (!r->responded)
		dispatch(r);
	if (r->suspended)
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
	double secs = (double)(now_ns() - r->t0_ns) / 1e9;
	const char *route = r->route ? r->route->pattern
				     : (r->route_index == ROUTER_STATIC_INDEX ? "static" : "unmatched");
	int status = r->responded ? r->status : 0;
	metrics_observe(s->metrics, r->method ? r->method : "?", route, status, secs);
	/* The path came decoded from the client: no control character or quote reaches the log. */
	char path[512];
	size_t n = 0;
	for (const char *p = r->path ? r->path : ""; *p && n < sizeof(path) - 1; p++)
		path[n++] = ((unsigned char)*p < 0x20 || *p == '"' || *p == 0x7f) ? '?' : *p;
	path[n] = '\0';
	log_info("rid=%s %s \"%s\" %d %zu %.2fms%s", r->rid, r->method ? r->method : "?", path,
		 status, r->out_len, secs * 1000,
		 toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " aborted");
	free(r->out);
	if (r->out_fd > 0)
		close(r->out_fd);
	buf_release(&r->body);
	arena_release(&r->arena);
	free(r);
	*con_cls = NULL;
}

static void on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
			  enum MHD_ConnectionNotificationCode toe)
{
	struct server *s = cls;
	MC_UNUSED(conn);
	MC_UNUSED(socket_context);
	metrics_conn(s->metrics, toe == MHD_CONNECTION_NOTIFY_STARTED ? 1 : -1);
}

struct metrics *server_metrics(struct server *s)
{
	return s->metrics;
}

enum mc_err server_start(const struct server_config *cfg, struct db_pool *pool,
			 struct svc_state *state, struct server **out)
{
	struct server *s = xcalloc(1, sizeof(*s));
	struct sockaddr_in addr;
	s->cfg = *cfg;
	s->pool = pool;
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
	slow_start(s);
	s->daemon = MHD_start_daemon(
		MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_ALLOW_SUSPEND_RESUME |
			MHD_USE_ERROR_LOG,
		cfg->port, NULL, NULL, on_request, s, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
		MHD_OPTION_THREAD_POOL_SIZE, cfg->threads, MHD_OPTION_CONNECTION_LIMIT,
		cfg->conn_limit, MHD_OPTION_PER_IP_CONNECTION_LIMIT, cfg->per_ip_limit,
		MHD_OPTION_CONNECTION_TIMEOUT, cfg->conn_timeout, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
		cfg->conn_memory, MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
		MHD_OPTION_NOTIFY_CONNECTION, on_connection, s, MHD_OPTION_LISTEN_BACKLOG_SIZE, 1024,
		MHD_OPTION_END);
	if (!s->daemon) {
		log_error("cannot listen on %s:%u", cfg->listen_addr, cfg->port);
		slow_stop(s);
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
	MHD_socket fd = MHD_quiesce_daemon(s->daemon);
	if (fd != MHD_INVALID_SOCKET)
		close(fd);
	for (int waited = 0; waited < grace_ms; waited += 20) {
		const union MHD_DaemonInfo *info =
			MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);
		if (!info || info->num_connections == 0)
			break;
		struct timespec ts = {0, 20 * 1000000};
		nanosleep(&ts, NULL);
	}
	slow_stop(s);
	MHD_stop_daemon(s->daemon);
	(void)stream_count(); /* frees the streams MHD released */
	metrics_free(s->metrics);
	free(s);
}
