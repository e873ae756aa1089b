/* Signing over HTTP (docs/signing.md): a unit's certificates (import by an administrator, list
 * with expiry warnings; private material is never returned), the public download of a dossier's
 * signed result with its tracking secret, and the public verification of a signed result by code
 * and secret or by uploading the PDF. */
#include "base/base.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/civil.h"
#include "http/http.h"
#include "svc/signing.h"
#include "svc/uploads.h"

#define PEM_CHARS (64 * 1024)
#define PASSWORD_CHARS 200

static json_t *cert_json(const struct signing_cert *c, int64_t now)
{
	int64_t left = c->valid_to > now ? (c->valid_to - now) / 86400 : 0;
	const char *status = c->superseded_at ? "superseded"
			     : c->valid_to <= now ? "expired"
			     : c->valid_from > now ? "not_yet_valid"
						  : "in_force";
	json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:I, s:b, s:s, s:b, "
			      "s:s, s:o, s:o}",
			      "id", (json_int_t)c->id, "unit", c->unit, "fingerprint_sha256",
			      c->fingerprint, "subject", c->subject, "common_name", c->common_name,
			      "issuer", c->issuer, "serial", c->serial, "valid_from",
			      time_or_null(c->valid_from), "valid_to", time_or_null(c->valid_to),
			      "days_left", (json_int_t)left, "expiry_warning",
			      !c->superseded_at && left < SIGNING_WARN_DAYS, "status", status, "test",
			      c->test, "imported_by", c->imported_by, "imported_at",
			      time_or_null(c->imported_at), "superseded_at",
			      c->superseded_at ? time_or_null(c->superseded_at) : json_null());
	return o;
}

static bool decode_import_or_reply(struct req *r, struct cert_import *in)
{
	static const char *const fields[] = {"certificate_pem", "private_key_pem", "key_password",
					     "pkcs12", "pkcs12_password", NULL};
	json_t *body;
	memset(in, 0, sizeof(*in));
	if (json_body_or_reply(r, &body))
		return true;
	jin_only(r, body, "", fields);
	jin_text(r, body, "", "certificate_pem", false, PEM_CHARS, &in->certificate_pem);
	jin_text(r, body, "", "private_key_pem", false, PEM_CHARS, &in->private_key_pem);
	jin_str(r, body, "", "key_password", false, PASSWORD_CHARS, &in->key_password);
	jin_text(r, body, "", "pkcs12", false, PEM_CHARS, &in->pkcs12_base64);
	jin_str(r, body, "", "pkcs12_password", false, PASSWORD_CHARS, &in->pkcs12_password);
	json_decref(body);
	return problems_or_reply(r);
}

static void post_certificate(struct req *r)
{
	struct cert_import in;
	struct signing_cert c;
	if (decode_import_or_reply(r, &in))
		return;
	enum mc_err err = signing_import(&r->ctx, req_param(r, 0), &in, &c);
	if (err) {
		resp_err(r, err);
		return;
	}
	resp_json(r, 201, cert_json(&c, r->ctx.now));
}

struct cert_list {
	json_t *items;
	int64_t now;
};

static void add_cert(const struct signing_cert *c, void *arg)
{
	struct cert_list *l = arg;
	json_array_append_new(l->items, cert_json(c, l->now));
}

static void get_certificates(struct req *r)
{
	size_t limit;
	const char *cursor;
	int64_t before = 0, next = 0;
	if (page_or_reply(r, &limit, &cursor))
		return;
	if (cursor) {
		char *end;
		long long v = strtoll(cursor, &end, 10);
		if (*end || v <= 0) {
			resp_problem(r, 422, "the cursor is not one this list gave", NULL);
			return;
		}
		before = v;
	}
	struct cert_list l = {json_array(), r->ctx.now};
	enum mc_err err =
		signing_list(&r->ctx, req_param(r, 0), before, limit, add_cert, &l, &next);
	if (err) {
		json_decref(l.items);
		resp_err(r, err);
		return;
	}
	char nb[24];
	snprintf(nb, sizeof(nb), "%lld", (long long)next);
	resp_json(r, 200, json_pack("{s:o, s:o}", "items", l.items, "next_cursor",
				    next ? json_string(page_cursor(r, nb)) : json_null()));
}

struct overview_json {
	json_t *items;
	int64_t now;
	int warnings, missing;
};

static void add_unit(const struct cert_unit *u, void *arg)
{
	struct overview_json *o = arg;
	json_t *cert = u->cert ? cert_json(u->cert, o->now) : json_null();
	if (!u->cert)
		o->missing++;
	else if (json_is_true(json_object_get(cert, "expiry_warning")))
		o->warnings++;
	json_array_append_new(o->items, json_pack("{s:s, s:s, s:o}", "unit", u->unit, "unit_name",
						  u->unit_name, "certificate", cert));
}

/* GET /api/v1/certificates (administrators): each deciding unit and each unit holding a
 * certificate, with its certificate in force or null; how many warn and how many have none. */
static void get_all_certificates(struct req *r)
{
	struct overview_json o = {json_array(), r->ctx.now, 0, 0};
	enum mc_err err = signing_overview(&r->ctx, add_unit, &o);
	if (err) {
		json_decref(o.items);
		resp_err(r, err);
		return;
	}
	resp_json(r, 200, json_pack("{s:o, s:i, s:i}", "items", o.items, "expiry_warnings",
				    o.warnings, "without_certificate", o.missing));
}

static void get_result_pdf(struct req *r)
{
	struct document d;
	char path[1200];
	struct stat st;
	enum mc_err err = signing_result_of(&r->ctx, req_param(r, 0), req_arg(r, "secret"),
					    r->client_key, &d, path, sizeof(path));
	if (err) {
		if (err == MC_ETOOMANY)
			r->retry_after = r->ctx.retry_after;
		resp_err(r, err);
		return;
	}
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) != 0) {
		if (fd >= 0)
			close(fd);
		resp_err(r, MC_EIO);
		return;
	}
	r->out_disposition = "attachment";
	resp_fd(r, 200, "application/pdf", fd, (size_t)st.st_size);
}

static json_t *verdict_json(const struct sig_verdict *v)
{
	return json_pack("{s:b, s:b, s:o, s:o, s:o, s:o, s:o, s:b, s:o}", "signed", v->signed_,
			 "intact", v->intact, "signed_at",
			 v->signed_at ? time_or_null(v->signed_at) : json_null(), "unit",
			 v->unit ? json_string(v->unit) : json_null(), "unit_name",
			 v->unit_name ? json_string(v->unit_name) : json_null(),
			 "fingerprint_sha256",
			 v->fingerprint[0] ? json_string(v->fingerprint) : json_null(), "common_name",
			 v->common_name && *v->common_name ? json_string(v->common_name)
							   : json_null(),
			 "test_certificate", v->test, "problem",
			 v->reason ? json_string(v->reason) : json_null());
}

static void get_verify_result(struct req *r)
{
	struct document d;
	struct sig_verdict v;
	char path[1200];
	enum mc_err err = signing_result_of(&r->ctx, req_arg(r, "code"), req_arg(r, "secret"),
					    r->client_key, &d, path, sizeof(path));
	if (!err)
		err = signing_verify_file(&r->ctx, path, &v);
	if (err) {
		if (err == MC_ETOOMANY)
			r->retry_after = r->ctx.retry_after;
		resp_err(r, err);
		return;
	}
	json_t *o = verdict_json(&v);
	json_object_set_new(o, "code", json_string(req_arg(r, "code")));
	json_object_set_new(o, "document", json_string(d.id));
	resp_json(r, 200, o);
}

static void post_verify_result(struct req *r)
{
	const char *path;
	size_t len;
	char sha256[65];
	struct sig_verdict v;
	if (!r->upload || !upload_result(r->upload, &path, &len, sha256) || len == 0) {
		problem_add(&r->problem, "body", "is empty: send the PDF as the body",
			    "cần gửi tệp PDF trong nội dung yêu cầu");
		problems_or_reply(r);
		return;
	}
	enum mc_err err = signing_verify_file(&r->ctx, path, &v);
	if (err) {
		resp_err(r, err);
		return;
	}
	resp_json(r, 200, verdict_json(&v));
}

const struct route api_signing_routes[] = {
	{"GET", "/api/v1/certificates", get_all_certificates, R_AUTH},
	{"GET", "/api/v1/units/{code}/certificates", get_certificates, R_AUTH},
	{"POST", "/api/v1/units/{code}/certificates", post_certificate, R_AUTH | R_JSON},
	{"GET", "/api/v1/public/dossiers/{code}/result.pdf", get_result_pdf, 0},
	{"GET", "/api/v1/public/results/verify", get_verify_result, R_SLOW},
	{"POST", "/api/v1/public/results/verify", post_verify_result,
	 R_UPLOAD | R_SLOW | R_NO_CSRF},
	{NULL, NULL, NULL, 0},
};
