/* Request reading at the edge (see request.h). libmicrohttpd 0.9.75 takes the first Content-Length
 * of several and lets a Transfer-Encoding win over it without a word; it keeps a header name with
 * a space before its colon as a different name. Each of these is refused here, before routing,
 * with the connection closed, so that no proxy in front can frame the request otherwise. */
#include "base/base.h"

#include <microhttpd.h>
#include <strings.h>

#include "http/request.h"

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

bool id_or_reply(struct req *r, int64_t *id)
{
	const char *s = req_param(r, 0);
	char *end = NULL;
	long long v = strtoll(s, &end, 10);
	if (!*s || *end || v <= 0) {
		resp_err(r, MC_ENOTFOUND);
		return true;
	}
	*id = v;
	return false;
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

void request_read(struct req *r)
{
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
}

/* Every X-Forwarded-For value in order, joined by commas (a proxy may add its own line). */
struct forwarded {
	struct req *r;
	char *joined;
};

static enum MHD_Result collect_forwarded(void *cls, enum MHD_ValueKind kind, const char *key,
					 const char *value)
{
	struct forwarded *f = cls;
	MC_UNUSED(kind);
	if (strcasecmp(key, "X-Forwarded-For") != 0 || !value)
		return MHD_YES;
	f->joined = f->joined ? arena_printf(&f->r->arena, "%s,%s", f->joined, value)
			      : arena_strdup(&f->r->arena, value);
	return MHD_YES;
}

void request_client(struct req *r, const struct cidr_set *trusted)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(r->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (!ci || !netaddr_from_sockaddr(ci->client_addr, &r->peer_addr))
		memset(&r->peer_addr, 0, sizeof(r->peer_addr));
	r->client_addr = r->peer_addr;
	if (trusted && trusted->n && cidr_set_has(trusted, &r->peer_addr)) {
		struct forwarded f = {r, NULL};
		MHD_get_connection_values(r->conn, MHD_HEADER_KIND, collect_forwarded, &f);
		netaddr_client(&r->peer_addr, trusted, f.joined, &r->client_addr);
	}
	netaddr_format(&r->client_addr, r->client);
	netaddr_key(&r->client_addr, r->client_key);
}

struct framing {
	const char *length;      /* the first Content-Length */
	bool lengths_differ, spaced_name;
	const char *spaced;      /* the name with whitespace */
	size_t codings;          /* Transfer-Encoding headers */
	bool chunked_only;
};

static enum MHD_Result check_header(void *cls, enum MHD_ValueKind kind, const char *key,
				    const char *value)
{
	struct framing *f = cls;
	MC_UNUSED(kind);
	if (strpbrk(key, " \t")) {
		f->spaced_name = true;
		f->spaced = key;
	} else if (strcasecmp(key, MHD_HTTP_HEADER_CONTENT_LENGTH) == 0) {
		if (!f->length)
			f->length = value ? value : "";
		else if (strcmp(f->length, value ? value : "") != 0)
			f->lengths_differ = true;
	} else if (strcasecmp(key, MHD_HTTP_HEADER_TRANSFER_ENCODING) == 0) {
		f->codings++;
		f->chunked_only = value && strcasecmp(value, "chunked") == 0;
	}
	return MHD_YES;
}

static bool refuse(struct req *r, int status, const char *field, const char *message,
		   const char *message_vi)
{
	problem_add(&r->problem, field, message, message_vi);
	resp_problem(r, status, "the request's framing is ambiguous and was refused",
		     "yêu cầu có phần đầu không rõ ràng nên bị từ chối");
	r->close_after = true;
	return true;
}

static enum MHD_Result add_header_size(void *cls, enum MHD_ValueKind kind, const char *key,
				       const char *value)
{
	size_t *n = cls;
	MC_UNUSED(kind);
	*n += strlen(key) + (value ? strlen(value) : 0) + 4; /* ": " and CRLF */
	return MHD_YES;
}

static bool refuse_head(struct req *r, int status, const char *field, const char *message,
			const char *message_vi)
{
	problem_add(&r->problem, field, message, message_vi);
	resp_problem(r, status, "the request's head was refused", "phần đầu của yêu cầu bị từ chối");
	r->close_after = true;
	return true;
}

bool request_edge_or_reply(struct req *r, const char *version, const struct edge_limits *lim)
{
	if (r->target_len > lim->target_max) {
		char *m = arena_printf(&r->arena, "may have at most %zu bytes", lim->target_max);
		return refuse_head(r, 414, "request-target", m, "địa chỉ yêu cầu quá dài");
	}
	if (r->target_spaced)
		return refuse_head(r, 400, "request-target", "may not hold spaces or tabs",
				   "địa chỉ yêu cầu không được chứa khoảng trắng");
	size_t n = 0;
	MHD_get_connection_values(r->conn, MHD_HEADER_KIND, add_header_size, &n);
	if (n > lim->header_max) {
		char *m = arena_printf(&r->arena, "the header block may have at most %zu bytes",
				       lim->header_max);
		return refuse_head(r, 431, "headers", m, "phần tiêu đề của yêu cầu quá lớn");
	}
	if (version && strcmp(version, MHD_HTTP_VERSION_1_0) != 0 &&
	    !MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST))
		return refuse_head(r, 400, "Host", "is required in HTTP/1.1",
				   "yêu cầu HTTP/1.1 phải có trường Host");
	return false;
}

bool request_framing_or_reply(struct req *r)
{
	struct framing f = {0};
	MHD_get_connection_values(r->conn, MHD_HEADER_KIND, check_header, &f);
	if (f.spaced_name)
		return refuse(r, 400, arena_strdup(&r->arena, f.spaced),
			      "a header name may not hold spaces or tabs",
			      "tên trường tiêu đề không được chứa khoảng trắng");
	if (f.lengths_differ)
		return refuse(r, 400, "Content-Length", "is given more than once with different values",
			      "Content-Length xuất hiện nhiều lần với giá trị khác nhau");
	if (f.codings && f.length)
		return refuse(r, 400, "Transfer-Encoding",
			      "may not come with Content-Length",
			      "không được dùng cùng lúc Transfer-Encoding và Content-Length");
	if (f.codings > 1 || (f.codings && !f.chunked_only))
		return refuse(r, 501, "Transfer-Encoding", "only chunked is supported",
			      "chỉ hỗ trợ Transfer-Encoding: chunked");
	return false;
}
