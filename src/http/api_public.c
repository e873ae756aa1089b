/* Public routes (no login): dossier tracking by code and secret, the rating after return, the
 * human tracking page the QR on Form 01 opens, and the test clock (only with --test-clock). */
#include "base/base.h"

#include "base/buf.h"
#include "base/civil.h"
#include "http/dossier_json.h"
#include "http/http.h"
#include "svc/dossiers.h"
#include "svc/perm.h"
#include "svc/receipts.h"

static void get_public(struct req *r)
{
	struct dossier *d = arena_alloc(&r->arena, sizeof(*d));
	enum mc_err err = dossier_track(&r->ctx, req_param(r, 0), req_arg(r, "secret"), r->client, d);
	if (err) {
		resp_err(r, err);
		return;
	}
	size_t len;
	char *text = dossier_public_text(d, &len);
	resp_bytes(r, 200, "application/json; charset=utf-8", text, len);
}

static void post_rating(struct req *r)
{
	static const char *const fields[] = {"score", "comment", NULL};
	json_t *body;
	const char *score, *comment;
	if (json_body_or_reply(r, &body))
		return;
	jin_only(r, body, "", fields);
	jin_str(r, body, "", "score", true, 20, &score);
	jin_str(r, body, "", "comment", false, 2000, &comment);
	json_decref(body);
	if (problems_or_reply(r))
		return;
	struct dossier *d = arena_alloc(&r->arena, sizeof(*d));
	enum mc_err err = dossier_rate(&r->ctx, req_param(r, 0), req_arg(r, "secret"), r->client,
				       score, comment, d);
	if (err) {
		resp_err(r, err);
		return;
	}
	resp_json(r, 201, json_pack("{s:s, s:s, s:s?}", "code", d->code, "score", d->rating,
				    "comment", d->rating_comment));
}

/* Appends text with HTML escaping. */
static void html_text(struct buf *b, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '<': buf_append_str(b, "&lt;"); break;
		case '>': buf_append_str(b, "&gt;"); break;
		case '&': buf_append_str(b, "&amp;"); break;
		case '"': buf_append_str(b, "&quot;"); break;
		case '\'': buf_append_str(b, "&#39;"); break;
		default: buf_append(b, s, 1);
		}
	}
}

static void html_date(struct buf *b, int64_t t)
{
	if (!t) {
		buf_append_str(b, "—");
		return;
	}
	int64_t day = civil_local_day(t);
	int secs = civil_local_secs(t), y, m, d;
	civil_ymd(day, &y, &m, &d);
	buf_printf(b, "%02d:%02d %02d/%02d/%04d", secs / 3600, secs / 60 % 60, d, m, y);
}

static const char *status_vi(const char *s)
{
	static const char *const map[][2] = {
		{"submitted", "Đã nộp trực tuyến, chờ tiếp nhận"},
		{"needs_completion", "Cần bổ sung, hoàn thiện hồ sơ"},
		{"received", "Đã tiếp nhận"},
		{"processing", "Đang giải quyết"},
		{"awaiting_supplement", "Chờ bổ sung hồ sơ"},
		{"ready_for_return", "Đã có kết quả, chờ trả"},
		{"returned", "Đã trả kết quả"},
		{"stopped", "Đã dừng giải quyết"},
		{"refused", "Từ chối tiếp nhận"},
	};
	for (size_t i = 0; i < MC_ARRAY_LEN(map); i++)
		if (!strcmp(map[i][0], s))
			return map[i][1];
	return s;
}

static const char *timeliness_vi(const char *t)
{
	return !strcmp(t, "early") ? "Trước hạn" : !strcmp(t, "on_time") ? "Đúng hạn"
					     : !strcmp(t, "late")  ? "Quá hạn"
								   : "—";
}

static void track_page(struct buf *b, const struct dossier *d, int receipt)
{
	char *masked = ds_mask_name(d->applicant_name ? d->applicant_name : "");
	buf_append_str(b, "<!doctype html><html lang=\"vi\"><head><meta charset=\"utf-8\">"
			  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
			  "<title>Tra cứu hồ sơ ");
	html_text(b, d->code);
	buf_append_str(b, "</title><style>body{font-family:system-ui,sans-serif;max-width:40rem;"
			  "margin:1rem auto;padding:0 1rem;line-height:1.5}dt{font-weight:600}"
			  "ol{padding-left:1.2rem}</style></head><body><main><h1>Tra cứu hồ sơ</h1><dl>");
	buf_append_str(b, "<dt>Mã hồ sơ</dt><dd>");
	html_text(b, d->code);
	buf_append_str(b, "</dd><dt>Thủ tục</dt><dd>");
	html_text(b, d->procedure_name);
	buf_append_str(b, "</dd><dt>Người nộp</dt><dd>");
	html_text(b, masked);
	buf_append_str(b, "</dd><dt>Trạng thái</dt><dd>");
	html_text(b, status_vi(d->status));
	buf_append_str(b, "</dd><dt>Ngày tiếp nhận</dt><dd>");
	html_date(b, d->received_at);
	buf_append_str(b, "</dd><dt>Hẹn trả kết quả</dt><dd>");
	html_date(b, d->due_at);
	buf_append_str(b, "</dd><dt>Kết quả giải quyết</dt><dd>");
	html_text(b, timeliness_vi(d->timeliness));
	buf_append_str(b, "</dd><dt>Ngày trả kết quả</dt><dd>");
	html_date(b, d->returned_at);
	buf_append_str(b, "</dd></dl><h2>Các bước xử lý</h2><ol>");
	for (size_t i = 0; i < d->nsteps; i++) {
		buf_append_str(b, "<li>");
		html_text(b, d->steps[i].name);
		buf_append_str(b, ": ");
		if (d->steps[i].done_at)
			html_date(b, d->steps[i].done_at);
		else
			buf_append_str(b, "chưa hoàn thành");
		buf_append_str(b, "</li>");
	}
	buf_append_str(b, "</ol>");
	if (receipt > 0)
		buf_append_str(b, "<p role=\"status\"><strong>Giấy tiếp nhận hợp lệ</strong>: chữ ký số "
				  "của Trung tâm khớp với hồ sơ này.</p>");
	else if (receipt == 0)
		buf_append_str(b, "<p role=\"alert\"><strong>Cảnh báo: chữ ký trên giấy tiếp nhận không "
				  "hợp lệ</strong>. Giấy này có thể đã bị làm giả.</p>");
	buf_append_str(b, "</main></body></html>");
	free(masked);
}

static void get_track_page(struct req *r)
{
	struct dossier *d = arena_alloc(&r->arena, sizeof(*d));
	enum mc_err err = dossier_track(&r->ctx, req_param(r, 0), req_arg(r, "s"), r->client, d);
	if (err) {
		const char *msg = err == MC_ETOOMANY ? "Quá nhiều lần thử, vui lòng thử lại sau."
						     : "Không tìm thấy hồ sơ với mã và mã tra cứu này.";
		if (err == MC_ETOOMANY)
			r->retry_after = r->ctx.retry_after;
		char *page = arena_printf(&r->arena,
					  "<!doctype html><html lang=\"vi\"><head><meta charset=\"utf-8\">"
					  "<title>Tra cứu hồ sơ</title></head><body><main><h1>Tra cứu "
					  "hồ sơ</h1><p>%s</p></main></body></html>",
					  msg);
		resp_bytes(r, resp_status_of(err), "text/html; charset=utf-8", xstrdup(page),
			   strlen(page));
		return;
	}
	int receipt = -1; /* no signature given */
	const char *sig = req_arg(r, "sig");
	if (sig) {
		struct dossier *check = arena_alloc(&r->arena, sizeof(*check));
		bool valid = false;
		receipts_verify(&r->ctx, d->code, sig, check, &valid);
		receipt = valid ? 1 : 0;
	}
	struct buf b;
	buf_init(&b, 1024 * 1024);
	track_page(&b, d, receipt);
	size_t len;
	char *data = buf_take(&b, &len);
	resp_bytes(r, 200, "text/html; charset=utf-8", data, len);
}

static void post_test_clock(struct req *r)
{
	static const char *const fields[] = {"now", NULL};
	json_t *body;
	const char *now;
	int64_t t;
	if (!svc_clock_is_test(server_svc(r->srv))) {
		resp_problem(r, 404, NULL, NULL);
		return;
	}
	if (!r->authed) {
		resp_problem(r, 401, NULL, NULL);
		return;
	}
	if (!perm_has_role(&r->user, "admin")) {
		resp_problem(r, 403, "only administrators move the test clock",
			     "chỉ quản trị viên được chỉnh đồng hồ thử nghiệm");
		return;
	}
	if (json_body_or_reply(r, &body))
		return;
	jin_only(r, body, "", fields);
	jin_str(r, body, "", "now", true, 40, &now);
	json_decref(body);
	if (now && civil_parse_time(now, strlen(now), &t) != MC_OK)
		problem_add(&r->problem, "now", "must be an RFC 3339 time with an offset",
			    "phải là thời điểm RFC 3339 có múi giờ");
	if (problems_or_reply(r))
		return;
	enum mc_err err = svc_clock_move(server_svc(r->srv), t);
	if (err == MC_ECONFLICT) {
		resp_problem(r, 409, "the test clock only moves forward",
			     "đồng hồ thử nghiệm chỉ tiến về phía trước");
		return;
	}
	if (err) {
		resp_err(r, err);
		return;
	}
	char s[32];
	civil_format_time(t, s);
	resp_json(r, 200, json_pack("{s:s}", "now", s));
}

static void get_verify(struct req *r)
{
	struct dossier *d = arena_alloc(&r->arena, sizeof(*d));
	bool valid = false;
	char pk[64];
	enum mc_err err = receipts_verify(&r->ctx, req_arg(r, "code"), req_arg(r, "sig"), d, &valid);
	if (err) {
		resp_err(r, err);
		return;
	}
	receipts_public_key(server_svc(r->srv), pk);
	if (!valid) {
		resp_json(r, 200, json_pack("{s:b, s:s}", "valid", 0, "public_key", pk));
		return;
	}
	char received[32], due[32];
	civil_format_time(d->received_at, received);
	civil_format_time(d->due_at, due);
	resp_json(r, 200, json_pack("{s:b, s:s, s:s, s:s, s:s, s:s, s:s}", "valid", 1, "code", d->code,
				    "procedure_name", d->procedure_name, "receiving_unit",
				    d->receiving_unit, "received_at", received, "due_at", due,
				    "public_key", pk));
}

const struct route api_public_routes[] = {
	{"GET", "/api/v1/public/receipts/verify", get_verify, 0},
	{"GET", "/api/v1/public/dossiers/{code}", get_public, 0},
	{"POST", "/api/v1/public/dossiers/{code}/rating", post_rating, R_JSON | R_NO_CSRF},
	{"GET", "/track/{code}", get_track_page, 0},
	{"POST", "/api/v1/test/clock", post_test_clock, 0},
	{NULL, NULL, NULL, 0},
};
