/* PAdES signatures of electronic results (svc/signing.h): the incremental update comes from
 * domain/pdf_sign.h, the CMS detached signature over its byte ranges from OpenSSL (SHA-256, the
 * signer's certificate and its issuers included, ESS signing-certificate-v2 by CMS_CADES), the
 * signing time in the signature dictionary's /M. Verification reads the same structure back. The
 * decision's transaction records the signed copy (signing_record); signing itself happens before
 * it, outside any write. */
#include "base/base.h"

#include <fcntl.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/civil.h"
#include "domain/pdf_sign.h"
#include "domain/unit.h"
#include "store/blob_store.h"
#include "store/document_store.h"
#include "store/dossier_store.h"
#include "store/signing_store.h"
#include "store/unit_store.h"
#include "svc/audit.h"
#include "svc/documents.h"
#include "svc/dossiers.h"
#include "svc/signing.h"

#define UPDATE_MAX (2 * PDFSIG_CONTENTS_MAX + 64 * 1024) /* bytes an update adds at most */

/* The bytes of a file, whole, into the arena (at most max). */
static char *read_file(struct svc_ctx *ctx, const char *path, size_t max, size_t *len)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) != 0 || st.st_size <= 0 || (size_t)st.st_size > max) {
		close(fd);
		return NULL;
	}
	size_t n = (size_t)st.st_size, got = 0;
	char *buf = arena_alloc(ctx->arena, n + 1);
	while (got < n) {
		ssize_t r = read(fd, buf + got, n - got);
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	close(fd);
	*len = got;
	return got == n ? buf : NULL;
}

/* The bytes a signature covers: the two ranges, joined. */
static unsigned char *covered(struct svc_ctx *ctx, const char *file, const size_t range[4],
			      size_t *len)
{
	unsigned char *out = arena_alloc(ctx->arena, range[1] + range[3] + 1);
	memcpy(out, file + range[0], range[1]);
	memcpy(out + range[1], file + range[2], range[3]);
	*len = range[1] + range[3];
	return out;
}

/* "D:20261126090000+07'00'" of an instant, in Hanoi's offset. */
static void pdf_date(int64_t t, char out[32])
{
	char iso[32];
	civil_format_time(t, iso); /* 2026-11-26T09:00:00+07:00 */
	snprintf(out, 32, "D:%.4s%.2s%.2s%.2s%.2s%.2s%.3s'%.2s'", iso, iso + 5, iso + 8, iso + 11,
		 iso + 14, iso + 17, iso + 19, iso + 23);
}

/* The instant of a PDF date written as pdf_date writes it (other forms: 0). */
static int64_t pdf_date_parse(const char *m)
{
	char iso[40];
	int64_t t;
	if (strlen(m) < 23 || strncmp(m, "D:", 2) != 0)
		return 0;
	snprintf(iso, sizeof(iso), "%.4s-%.2s-%.2sT%.2s:%.2s:%.2s%.3s:%.2s", m + 2, m + 6, m + 8,
		 m + 10, m + 12, m + 14, m + 16, m + 20);
	return civil_parse_time(iso, strlen(iso), &t) == MC_OK ? t : 0;
}

/* The CMS detached signature (DER) of data with cert and key, chain included. */
static unsigned char *cms_sign(struct svc_ctx *ctx, const struct signing_cert *c, EVP_PKEY *key,
			       const unsigned char *data, size_t n, size_t *der_len)
{
	const unsigned int flags = CMS_DETACHED | CMS_BINARY | CMS_NOSMIMECAP;
	unsigned char *der = NULL, *out = NULL;
	BIO *b = BIO_new_mem_buf(c->cert_pem, -1);
	X509 *cert = PEM_read_bio_X509(b, NULL, NULL, NULL);
	BIO_free(b);
	CMS_ContentInfo *cms = cert ? CMS_sign(NULL, NULL, NULL, NULL, flags | CMS_PARTIAL) : NULL;
	CMS_SignerInfo *si = cms ? CMS_add1_signer(cms, cert, key, EVP_sha256(), flags | CMS_CADES)
				 : NULL;
	/* The signing-time attribute OpenSSL would add from the wall clock: the same instant as /M
	 * (the domain's "now") instead, so that both say one thing under a test clock too. */
	ASN1_TIME *at = si ? ASN1_TIME_set(NULL, (time_t)ctx->now) : NULL;
	if (at && !CMS_signed_add1_attr_by_NID(si, NID_pkcs9_signingTime, at->type, at, -1))
		si = NULL;
	ASN1_TIME_free(at);
	if (si) {
		b = BIO_new_mem_buf(c->chain_pem, -1);
		X509 *more;
		while ((more = PEM_read_bio_X509(b, NULL, NULL, NULL))) {
			CMS_add1_cert(cms, more);
			X509_free(more);
		}
		BIO_free(b);
		BIO *in = BIO_new_mem_buf(data, (int)n);
		int len = CMS_final(cms, in, NULL, flags) ? i2d_CMS_ContentInfo(cms, &der) : 0;
		BIO_free(in);
		if (len > 0) {
			out = arena_alloc(ctx->arena, (size_t)len);
			memcpy(out, der, (size_t)len);
			*der_len = (size_t)len;
		}
		OPENSSL_free(der);
	}
	CMS_ContentInfo_free(cms);
	X509_free(cert);
	ERR_clear_error();
	return out;
}

static enum mc_err cert_tx(struct svc_ctx *ctx, void *arg)
{
	struct signing_cert *c = arg;
	return sstore_cert_current(ctx->db, ctx->arena, c->unit, c);
}

static enum mc_err doc_tx(struct svc_ctx *ctx, void *arg)
{
	struct document *d = arg;
	return docstore_get(ctx->db, ctx->arena, d->id, d);
}

/* The unit's certificate in force, usable now: *none when it has none. */
static enum mc_err usable_cert(struct svc_ctx *ctx, const char *unit, struct signing_cert *c,
			       bool *none)
{
	memset(c, 0, sizeof(*c));
	str_copy(c->unit, sizeof(c->unit), unit);
	enum mc_err err = svc_read(ctx, cert_tx, c);
	*none = err == MC_ENOTFOUND;
	if (err)
		return *none ? MC_OK : err;
	char t[32];
	if (c->valid_to <= ctx->now) {
		civil_format_time(c->valid_to, t);
		problem_detail(ctx->problem,
			       arena_printf(ctx->arena,
					    "the signing certificate of unit %s expired on %s: import "
					    "a new one before deciding",
					    unit, t),
			       "chứng thư số của đơn vị đã hết hạn: cần nhập chứng thư mới");
		return MC_ECONFLICT;
	}
	if (c->valid_from > ctx->now) {
		civil_format_time(c->valid_from, t);
		problem_detail(ctx->problem,
			       arena_printf(ctx->arena,
					    "the signing certificate of unit %s is not valid before %s",
					    unit, t),
			       "chứng thư số của đơn vị chưa đến thời hạn hiệu lực");
		return MC_ECONFLICT;
	}
	return MC_OK;
}

/* Opens the sealed key of a certificate. */
static EVP_PKEY *open_key(struct svc_ctx *ctx, const struct signing_cert *c)
{
	unsigned char seal[32];
	size_t len = 0;
	if (signing__seal_key(ctx, seal))
		return NULL;
	const unsigned char *der = signing__open(ctx, seal, c->key_sealed, &len);
	sodium_memzero(seal, sizeof(seal));
	EVP_PKEY *k = der ? d2i_AutoPrivateKey(NULL, &der, (long)len) : NULL;
	if (!k)
		problem_detail(ctx->problem,
			       "the signing key does not open with this MOTCUA_KEY_SECRET",
			       "không mở được khóa ký số với MOTCUA_KEY_SECRET hiện tại");
	return k;
}

/* Makes the signed bytes of pdf into *file. */
static enum mc_err sign_bytes(struct svc_ctx *ctx, const struct signing_cert *c, const char *pdf,
			      size_t len, char **file, size_t *file_len)
{
	struct buf out;
	struct pdfsig_layout lay;
	char m[32];
	pdf_date(ctx->now, m);
	buf_init(&out, len + UPDATE_MAX);
	enum pdfsig_err pe = pdfsig_prepare(pdf, len, m, &out, &lay);
	if (pe) {
		buf_release(&out);
		problem_add(ctx->problem, "result.document", pdfsig_err_text(pe),
			    pe == PDFSIG_XREF_STREAM
				    ? "chưa ký được tệp PDF dùng luồng tham chiếu chéo "
				      "(cross-reference stream)"
				    : "chưa ký được tệp PDF này");
		return MC_EINVAL;
	}
	EVP_PKEY *key = open_key(ctx, c);
	size_t n, der_len = 0;
	unsigned char *data = key ? covered(ctx, out.data, lay.range, &n) : NULL;
	unsigned char *der = data ? cms_sign(ctx, c, key, data, n, &der_len) : NULL;
	EVP_PKEY_free(key);
	if (!der || pdfsig_fill(out.data, out.len, &lay, der, der_len)) {
		buf_release(&out);
		return key ? MC_EINTERNAL : MC_ECONFLICT;
	}
	*file = arena_alloc(ctx->arena, out.len);
	memcpy(*file, out.data, out.len);
	*file_len = out.len;
	buf_release(&out);
	return MC_OK;
}

enum mc_err signing_sign_result(struct svc_ctx *ctx, const char *unit, const char *doc_id,
				const char *owner, struct signed_result *out)
{
	struct signing_cert c;
	struct document orig;
	bool none, existed;
	char path[1200];
	size_t len, signed_len;
	char *file;
	memset(out, 0, sizeof(*out));
	enum mc_err err = usable_cert(ctx, unit, &c, &none);
	if (err || none)
		return err;
	memset(&orig, 0, sizeof(orig));
	str_copy(orig.id, sizeof(orig.id), doc_id);
	if ((err = svc_read(ctx, doc_tx, &orig)))
		return err;
	if (strcmp(orig.content_type, "application/pdf") != 0)
		return MC_OK; /* an image result stays unsigned */
	blob_path(ctx->state->cfg.data_dir, orig.sha256, path, sizeof(path));
	const char *pdf = read_file(ctx, path, ctx->state->cfg.upload_max, &len);
	if (!pdf)
		return MC_EIO;
	if ((err = sign_bytes(ctx, &c, pdf, len, &file, &signed_len)))
		return err;
	unsigned char md[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(md, (const unsigned char *)file, signed_len);
	sodium_bin2hex(out->doc.sha256, sizeof(out->doc.sha256), md, sizeof(md));
	if ((err = blob_write(ctx->state->cfg.data_dir, out->doc.sha256, file, signed_len, &existed)))
		return err;
	documents_new_id(ctx, out->doc.id);
	out->doc.size = (int64_t)signed_len;
	str_copy(out->doc.content_type, sizeof(out->doc.content_type), "application/pdf");
	out->doc.filename = arena_printf(ctx->arena, "%s (signed)", orig.filename);
	str_copy(out->doc.owner, sizeof(out->doc.owner), owner ? owner : orig.owner);
	out->doc.uploaded_by = ctx->user ? ctx->user->username : "system";
	out->doc.created_at = ctx->now;
	str_copy(out->unit, sizeof(out->unit), unit);
	str_copy(out->fingerprint, sizeof(out->fingerprint), c.fingerprint);
	out->done = true;
	return MC_OK;
}

enum mc_err signing_sign_form(struct svc_ctx *ctx, const char *const *units, size_t n,
			      struct buf *pdf, char signer[32])
{
	struct signing_cert c;
	bool none = true;
	enum mc_err err = MC_OK;
	size_t i = 0;
	for (; i < n && none && !err; i++)
		err = usable_cert(ctx, units[i], &c, &none);
	if (err)
		return err;
	if (none) {
		problem_detail(ctx->problem,
			       arena_printf(ctx->arena, "unit %s has no signing certificate: an "
							"administrator imports one first",
					    units[0]),
			       "đơn vị chưa có chứng thư số: quản trị viên cần nhập chứng thư trước");
		return MC_ECONFLICT;
	}
	char *file;
	size_t len;
	if ((err = sign_bytes(ctx, &c, pdf->data, pdf->len, &file, &len)))
		return err;
	pdf->len = 0;
	str_copy(signer, 32, units[i - 1]);
	return buf_append(pdf, file, len);
}

enum mc_err signing_record(struct svc_ctx *ctx, int64_t dossier_id, const char *original,
			   const struct signed_result *s)
{
	struct result_signature rs = {.dossier_id = dossier_id, .signed_at = ctx->now};
	enum mc_err err = docstore_blob_put(ctx->db, s->doc.sha256, s->doc.size, ctx->real_now);
	if (!err)
		err = docstore_insert(ctx->db, &s->doc);
	str_copy(rs.original_document, sizeof(rs.original_document), original);
	str_copy(rs.signed_document, sizeof(rs.signed_document), s->doc.id);
	str_copy(rs.unit, sizeof(rs.unit), s->unit);
	str_copy(rs.fingerprint, sizeof(rs.fingerprint), s->fingerprint);
	rs.signer = ctx->user ? ctx->user->username : "system";
	if (!err)
		err = sstore_sig_insert(ctx->db, &rs);
	if (!err)
		err = audit_append(ctx, s->unit, "sign_result",
				   arena_printf(ctx->arena, "document:%s", s->doc.id),
				   arena_printf(ctx->arena,
						"{\"original\":\"%s\",\"fingerprint\":\"%s\"}",
						original, s->fingerprint));
	return err;
}

struct known_run {
	struct signing_cert c;
	struct unit u;
	bool found;
};

static enum mc_err known_tx(struct svc_ctx *ctx, void *arg)
{
	struct known_run *k = arg;
	enum mc_err err = sstore_cert_by_fingerprint(ctx->db, ctx->arena, k->c.fingerprint, &k->c);
	if (err == MC_ENOTFOUND)
		return MC_OK;
	if (!err && unitstore_get(ctx->db, k->c.unit, ctx->now, &k->u) == MC_OK)
		k->found = true;
	return err;
}

/* Checks the CMS over the covered bytes; names the signer's certificate. */
static bool cms_check(struct svc_ctx *ctx, const unsigned char *der, size_t der_len,
		      const unsigned char *data, size_t n, struct signing_cert *signer)
{
	const unsigned char *p = der;
	CMS_ContentInfo *cms = d2i_CMS_ContentInfo(NULL, &p, (long)der_len);
	if (!cms)
		return false;
	STACK_OF(X509) *certs = CMS_get1_certs(cms);
	STACK_OF(CMS_SignerInfo) *sis = CMS_get0_SignerInfos(cms);
	if (certs && sis && sk_CMS_SignerInfo_num(sis) == 1) {
		X509 *x = NULL;
		CMS_set1_signers_certs(cms, certs, 0);
		CMS_SignerInfo_get0_algs(sk_CMS_SignerInfo_value(sis, 0), NULL, &x, NULL, NULL);
		if (x)
			signing__describe(ctx, x, signer);
	}
	BIO *in = BIO_new_mem_buf(data, (int)n);
	X509_STORE *store = X509_STORE_new();
	bool ok = signer->fingerprint[0] &&
		  CMS_verify(cms, NULL, store, in, NULL, CMS_BINARY | CMS_NO_SIGNER_CERT_VERIFY) == 1;
	X509_STORE_free(store);
	BIO_free(in);
	sk_X509_pop_free(certs, X509_free);
	CMS_ContentInfo_free(cms);
	ERR_clear_error();
	return ok;
}

enum mc_err signing_verify_bytes(struct svc_ctx *ctx, const char *pdf, size_t len,
				 struct sig_verdict *out)
{
	struct pdfsig_found f;
	struct known_run k;
	size_t der_len, n;
	memset(out, 0, sizeof(*out));
	memset(&k, 0, sizeof(k));
	out->reason = "no signature found";
	if (pdfsig_find(pdf, len, &f))
		return MC_OK;
	unsigned char *der = arena_alloc(ctx->arena, f.hex_len / 2 + 2);
	if (!pdfsig_unhex(f.hex, f.hex_len, der, f.hex_len / 2 + 2, &der_len)) {
		out->reason = "the signature's /Contents is not hex";
		return MC_OK;
	}
	out->signed_ = true;
	unsigned char *data = covered(ctx, pdf, f.range, &n);
	bool math = cms_check(ctx, der, der_len, data, n, &k.c);
	out->intact = math && f.whole;
	out->reason = out->intact ? NULL
		      : !math     ? "the document was changed after it was signed, or the "
				    "signature is damaged"
				  : "bytes were added after the signed part";
	out->signed_at = pdf_date_parse(f.m);
	str_copy(out->fingerprint, sizeof(out->fingerprint), k.c.fingerprint);
	out->common_name = k.c.common_name ? k.c.common_name : "";
	if (k.c.fingerprint[0]) {
		enum mc_err err = svc_read(ctx, known_tx, &k);
		if (err)
			return err;
	}
	if (k.found) {
		out->known = true;
		out->test = k.c.test;
		out->unit = arena_strdup(ctx->arena, k.c.unit);
		out->unit_name = arena_strdup(ctx->arena, k.u.name);
	}
	return MC_OK;
}

struct result_run {
	const char *code;
	struct result_signature sig;
	struct document doc;
};

static enum mc_err result_tx(struct svc_ctx *ctx, void *arg)
{
	struct result_run *run = arg;
	struct dossier *d = arena_alloc(ctx->arena, sizeof(*d));
	enum mc_err err = dstore_get(ctx->db, ctx->arena, run->code, d);
	if (!err)
		err = sstore_sig_of_dossier(ctx->db, ctx->arena, d->id, &run->sig);
	if (!err)
		err = docstore_get(ctx->db, ctx->arena, run->sig.signed_document, &run->doc);
	return err;
}

enum mc_err signing_result_of(struct svc_ctx *ctx, const char *code, const char *secret,
			      const char *client, struct document *doc, char *path, size_t cap)
{
	struct dossier *d = arena_alloc(ctx->arena, sizeof(*d));
	enum mc_err err = dossier_track(ctx, code, secret, client, d);
	if (err)
		return err;
	struct result_run run = {.code = code};
	if ((err = svc_read(ctx, result_tx, &run)))
		return err;
	*doc = run.doc;
	blob_path(ctx->state->cfg.data_dir, doc->sha256, path, cap);
	return MC_OK;
}

enum mc_err signing_verify_file(struct svc_ctx *ctx, const char *path, struct sig_verdict *out)
{
	size_t len;
	const char *pdf = read_file(ctx, path, ctx->state->cfg.upload_max, &len);
	if (!pdf) {
		memset(out, 0, sizeof(*out));
		out->reason = "no signature found";
		return MC_OK;
	}
	return signing_verify_bytes(ctx, pdf, len, out);
}

static enum mc_err signed_tx(struct svc_ctx *ctx, void *arg)
{
	struct result_signature *sig = arg;
	return sstore_sig_of_dossier(ctx->db, ctx->arena, sig->dossier_id, sig);
}

bool signing_is_signed(struct svc_ctx *ctx, int64_t dossier_id)
{
	struct result_signature sig = {.dossier_id = dossier_id};
	return dossier_id > 0 && svc_read(ctx, signed_tx, &sig) == MC_OK;
}

struct signer_run {
	struct result_signature *sig;
	const char **unit_name;
};

static enum mc_err signer_tx(struct svc_ctx *ctx, void *arg)
{
	struct signer_run *run = arg;
	struct unit u;
	enum mc_err err = sstore_sig_of_dossier(ctx->db, ctx->arena, run->sig->dossier_id, run->sig);
	if (!err && (err = unitstore_get(ctx->db, run->sig->unit, run->sig->signed_at, &u)) == MC_OK)
		*run->unit_name = arena_strdup(ctx->arena, u.name);
	if (err == MC_ENOTFOUND && run->sig->unit[0]) /* a unit gone since: its code stands */
		return MC_OK;
	return err;
}

enum mc_err signing_of_dossier(struct svc_ctx *ctx, int64_t dossier_id,
			       struct result_signature *out, const char **unit_name)
{
	memset(out, 0, sizeof(*out));
	out->dossier_id = dossier_id;
	*unit_name = NULL;
	struct signer_run run = {out, unit_name};
	return dossier_id > 0 ? svc_read(ctx, signer_tx, &run) : MC_ENOTFOUND;
}
