/* Public routes (no login): dossier tracking by code and secret, the rating after return, the
 * human tracking page the QR on Form 01 opens, and the test clock (only with --test-clock). */
#include "base/base.h"

#include "base/buf.h"
#include "base/civil.h"
#include "http/decode.h"
#include "http/dossier_json.h"
#include "http/http.h"
#include "http/track_page.h"
#include "svc/dossiers.h"
#include "svc/perm.h"
#include "svc/receipts.h"
#include "svc/signing.h"

#define SCORE_CHARS 20 /* a rating's score: a word checked against its list later */

static void get_public(struct req *r)
{
	struct dossier *d = arena_alloc(&r->arena, sizeof(*d));
	enum mc_err err =
		dossier_track(&r->ctx, req_param(r, 0), req_arg(r, "secret"), r->client_key, d);
	if (err) {
		resp_err(r, err);
		return;
	}
	size_t len;
	char *text = dossier_public_text(d, &len);
	resp_bytes(r, 200, "application/json; charset=utf-8", text, len);
}

bool decode_rating_or_reply(struct req *r, struct rating_in *in)
{
	static const char *const fields[] = {"score", "comment", NULL};
	json_t *body;
	if (json_body_or_reply(r, &body))
		return true;
	jin_only(r, body, "", fields);
	jin_str(r, body, "", "score", true, SCORE_CHARS, &in->score);
	jin_text(r, body, "", "comment", false, DOSSIER_NOTE_CHARS, &in->comment);
	json_decref(body);
	return problems_or_reply(r);
}

static void post_rating(struct req *r)
{
	struct rating_in in;
	memset(&in, 0, sizeof(in));
	if (decode_rating_or_reply(r, &in))
		return;
	const char *score = in.score, *comment = in.comment;
	struct dossier *d = arena_alloc(&r->arena, sizeof(*d));
	enum mc_err err = dossier_rate(&r->ctx, req_param(r, 0), req_arg(r, "secret"), r->client_key,
				       score, comment, d);
	if (err) {
		resp_err(r, err);
		return;
	}
	resp_json(r, 201, json_pack("{s:s, s:s, s:s?}", "code", d->code, "score", d->rating,
				    "comment", d->rating_comment));
}

/* Appends text with HTML escaping. */
static void get_track_page(struct req *r)
{
	struct dossier *d = arena_alloc(&r->arena, sizeof(*d));
	enum mc_err err =
		dossier_track_page(&r->ctx, req_param(r, 0), req_arg(r, "s"), r->client_key, d);
	if (err) {
		const char *msg = err == MC_ETOOMANY ? "Quá nhiều lần thử, vui lòng thử lại sau."
						     : "Không tìm thấy hồ sơ với mã và mã tra cứu này.";
		if (err == MC_ETOOMANY)
			r->retry_after = r->ctx.retry_after;
		struct buf e;
		buf_init(&e, 64 * 1024);
		track_page_error(&e, msg);
		size_t elen;
		char *page = buf_take(&e, &elen);
		resp_bytes(r, resp_status_of(err), "text/html; charset=utf-8", page, elen);
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
	/* With a signed result, the page links it (download and verification) with its secret. */
	const char *secret =
		d->decided_at && signing_is_signed(&r->ctx, d->id) ? req_arg(r, "s") : NULL;
	track_page_render(&b, d, receipt, r->ctx.now, secret);
	size_t len;
	char *data = buf_take(&b, &len);
	resp_bytes(r, 200, "text/html; charset=utf-8", data, len);
}

bool decode_clock_or_reply(struct req *r, struct clock_in *in)
{
	static const char *const fields[] = {"now", NULL};
	json_t *body;
	const char *now;
	if (json_body_or_reply(r, &body))
		return true;
	jin_only(r, body, "", fields);
	jin_str(r, body, "", "now", true, JIN_TIME_CHARS, &now);
	json_decref(body);
	if (now && civil_parse_time(now, strlen(now), &in->now) != MC_OK)
		problem_add(&r->problem, "now", "must be an RFC 3339 time with an offset",
			    "phải là thời điểm RFC 3339 có múi giờ");
	return problems_or_reply(r);
}

static void post_test_clock(struct req *r)
{
	struct clock_in in;
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
	if (decode_clock_or_reply(r, &in))
		return;
	t = in.now;
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
