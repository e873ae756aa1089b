/* Building answers: JSON bodies, problem+json errors (RFC 9457) with a Vietnamese message beside
 * each English one, and the single mapping from error kinds to HTTP statuses. */
#include "base/base.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/civil.h"
#include "base/log.h"
#include "http/http.h"

int resp_status_of(enum mc_err err)
{
	switch (err) {
	case MC_OK: return 200;
	case MC_EINVAL: return 422;
	case MC_ENOTFOUND: return 404;
	case MC_ECONFLICT: return 409;
	case MC_EFORBIDDEN: return 403;
	case MC_EAUTH: return 401;
	case MC_ETOOMANY: return 429;
	case MC_ETOOBIG: return 413;
	case MC_EBUSY: return 503;
	case MC_EMEDIA: return 415;
	case MC_EDB:
	case MC_EIO:
	case MC_EINTERNAL: return 500;
	}
	return 500;
}

struct status_text {
	int status;
	const char *slug, *title, *detail_vi;
};

static const struct status_text texts[] = {
	{400, "malformed", "Bad Request", "nội dung yêu cầu không phải JSON hợp lệ"},
	{401, "unauthenticated", "Unauthorized", "cần đăng nhập"},
	{403, "forbidden", "Forbidden", "không có quyền thực hiện"},
	{404, "not-found", "Not Found", "không tìm thấy"},
	{405, "method-not-allowed", "Method Not Allowed", "phương thức không được hỗ trợ"},
	{409, "conflict", "Conflict", "xung đột với trạng thái hiện tại"},
	{413, "too-large", "Content Too Large", "nội dung quá lớn"},
	{414, "uri-too-long", "URI Too Long", "địa chỉ yêu cầu quá dài"},
	{415, "unsupported-media-type", "Unsupported Media Type", "kiểu nội dung không được hỗ trợ"},
	{422, "validation", "Unprocessable Content", "dữ liệu không hợp lệ"},
	{429, "too-many-requests", "Too Many Requests", "quá nhiều lần thử, vui lòng thử lại sau"},
	{431, "header-fields-too-large", "Request Header Fields Too Large",
	 "phần tiêu đề của yêu cầu quá lớn"},
	{500, "internal", "Internal Server Error", "lỗi hệ thống"},
	{501, "not-implemented", "Not Implemented", "máy chủ không hỗ trợ yêu cầu này"},
	{503, "unavailable", "Service Unavailable", "hệ thống đang bận"},
};

static const struct status_text *text_of(int status)
{
	const struct status_text *internal = NULL;
	for (size_t i = 0; i < MC_ARRAY_LEN(texts); i++) {
		if (texts[i].status == status)
			return &texts[i];
		if (texts[i].status == 500)
			internal = &texts[i];
	}
	return internal;
}

/* A request whose arena went past its cap (base/arena.h) gets no success answer: what it built
 * past the cap is dropped and a 413 sent instead. */
static bool over_cap_or_reply(struct req *r, int status)
{
	if (r->responded || status >= 400 || !arena_over(&r->arena))
		return false;
	resp_err(r, MC_ETOOBIG);
	return true;
}

static void set_answer(struct req *r, int status, const char *type, char *data, size_t len)
{
	if (r->responded || over_cap_or_reply(r, status)) {
		free(data);
		return;
	}
	r->responded = true;
	r->status = status;
	r->out_type = type;
	r->out = data;
	r->out_len = len;
}

/* The last resort when a body cannot be built (jansson refuses text that is not UTF-8): a fixed
 * 500 problem rather than no answer, so that a bug never takes the process down. */
static const char FALLBACK[] =
	"{\"type\":\"urn:motcua:problem:internal\",\"title\":\"Internal Server Error\","
	"\"status\":500,\"detail\":\"the answer could not be written\",\"detail_vi\":\"l\u1ed7i "
	"h\u1ec7 th\u1ed1ng\",\"errors\":[]}";

static void set_fallback(struct req *r)
{
	log_error("rid=%s an answer could not be written as JSON", r->rid);
	set_answer(r, 500, "application/problem+json; charset=utf-8", xstrdup(FALLBACK),
		   sizeof(FALLBACK) - 1);
}

void resp_json(struct req *r, int status, json_t *body)
{
	char *s = body ? json_dumps(body, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	json_decref(body);
	if (!s) {
		set_fallback(r);
		return;
	}
	set_answer(r, status, "application/json; charset=utf-8", s, strlen(s));
}

void resp_bytes(struct req *r, int status, const char *type, char *data, size_t len)
{
	set_answer(r, status, type, data, len);
}

void resp_fd(struct req *r, int status, const char *type, int fd, size_t len)
{
	if (r->responded || over_cap_or_reply(r, status)) {
		close(fd);
		return;
	}
	r->responded = true;
	r->status = status;
	r->out_type = type;
	r->out_fd = fd;
	r->out_len = len;
}

char *resp_tmp_path(struct req *r, const char *prefix, const char *ext)
{
	unsigned char rnd[8];
	char hex[17];
	randombytes_buf(rnd, sizeof(rnd));
	sodium_bin2hex(hex, sizeof(hex), rnd, sizeof(rnd));
	const char *dir = server_svc(r->srv)->cfg.data_dir;
	char *tmpdir = arena_printf(&r->arena, "%s/tmp", dir);
	mkdir(tmpdir, 0750);
	return arena_printf(&r->arena, "%s/%s-%s.%s", tmpdir, prefix, hex, ext);
}

void resp_tmp_file(struct req *r, enum mc_err err, const char *path, const char *type,
		   const char *disposition)
{
	struct stat st;
	int fd = err ? -1 : open(path, O_RDONLY | O_CLOEXEC);
	unlink(path);
	if (!err && (fd < 0 || fstat(fd, &st) != 0))
		err = MC_EIO;
	if (err) {
		if (fd >= 0)
			close(fd);
		resp_err(r, err);
		return;
	}
	r->out_disposition = disposition;
	resp_fd(r, 200, type, fd, (size_t)st.st_size);
}

json_t *time_or_null(int64_t t)
{
	char s[32];
	if (t == 0 || t == INT64_MAX)
		return json_null();
	civil_format_time(t, s);
	return json_string(s);
}

void resp_empty(struct req *r, int status)
{
	set_answer(r, status, NULL, NULL, 0);
}

void resp_redirect(struct req *r, const char *url)
{
	if (r->responded)
		return;
	r->location = url;
	set_answer(r, 302, NULL, NULL, 0);
}

void resp_problem(struct req *r, int status, const char *detail, const char *detail_vi)
{
	const struct status_text *t = text_of(status);
	if (!detail)
		detail = r->problem.detail ? r->problem.detail : t->title;
	if (!detail_vi)
		detail_vi = r->problem.detail_vi ? r->problem.detail_vi : t->detail_vi;
	json_t *errors = json_array();
	for (struct field_error *e = r->problem.head; e; e = e->next)
		json_array_append_new(errors, json_pack("{s:s, s:s, s:s}", "field", e->field, "message",
							e->message, "message_vi", e->message_vi));
	json_t *body = json_pack("{s:s, s:s, s:i, s:s, s:s, s:o}", "type",
				 t->slug, "title", t->title, "status", status, "detail", detail,
				 "detail_vi", detail_vi, "errors", errors);
	json_t *type = json_sprintf("urn:motcua:problem:%s", t->slug);
	json_object_set_new(body, "type", type);
	char *s = body ? json_dumps(body, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	json_decref(body);
	if (!s) {
		set_fallback(r);
		return;
	}
	set_answer(r, status, "application/problem+json; charset=utf-8", s, strlen(s));
}

void resp_err(struct req *r, enum mc_err err)
{
	if (err == MC_ETOOMANY && r->ctx.retry_after > 0)
		r->retry_after = r->ctx.retry_after;
	if (err == MC_EINVAL && !r->problem.detail) {
		resp_problem(r, 422, "some fields are invalid", "một số trường không hợp lệ");
		return;
	}
	if (err == MC_ETOOBIG && arena_over(&r->arena)) {
		log_warn("rid=%s went past its memory cap (%zu bytes)", r->rid, r->arena.max);
		resp_problem(r, 413, "the request needs more memory than one request may use",
			     "yêu cầu cần nhiều bộ nhớ hơn mức cho phép của một yêu cầu");
		return;
	}
	if (err == MC_EDB || err == MC_EINTERNAL || err == MC_EIO)
		log_error("rid=%s failed: %s", r->rid, mc_err_name(err));
	resp_problem(r, resp_status_of(err), NULL, NULL);
}

bool problems_or_reply(struct req *r)
{
	if (r->problem.n == 0)
		return false;
	resp_problem(r, 422, "some fields are invalid", "một số trường không hợp lệ");
	return true;
}
