/* Agency signing certificates (svc/signing.h): import of PEM or PKCS#12 with the key sealed at
 * rest, the history of a unit's certificates, and the test PKI of `motcua pki demo`. OpenSSL
 * parses and makes certificates; libsodium seals keys. This module never returns private
 * material, and signs nothing (svc/signing.c does). */
#include "base/base.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/civil.h"
#include "domain/unit.h"
#include "store/signing_store.h"
#include "store/unit_store.h"
#include "svc/audit.h"
#include "svc/perm.h"
#include "svc/signing.h"

#define SECRET_MIN 16 /* characters of MOTCUA_KEY_SECRET at least */
#define PEM_MAX (64 * 1024)

static const unsigned char SEAL_CONTEXT[] = "motcua-signing-keys-v1";

enum mc_err signing__seal_key(struct svc_ctx *ctx, unsigned char key[32])
{
	const char *secret = ctx->state->cfg.key_secret;
	if (!secret || strlen(secret) < SECRET_MIN) {
		problem_detail(ctx->problem,
			       "signing keys are locked: set MOTCUA_KEY_SECRET (at least 16 "
			       "characters) in the server's environment",
			       "khóa ký số chưa được mở: cần đặt biến MOTCUA_KEY_SECRET (ít nhất 16 "
			       "ký tự) cho máy chủ");
		return MC_ECONFLICT;
	}
	crypto_generichash(key, 32, (const unsigned char *)secret, strlen(secret), SEAL_CONTEXT,
			   sizeof(SEAL_CONTEXT) - 1);
	return MC_OK;
}

char *signing__seal(struct svc_ctx *ctx, const unsigned char key[32], const unsigned char *data,
		    size_t len)
{
	size_t n = crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + len;
	unsigned char *box = arena_alloc(ctx->arena, n);
	randombytes_buf(box, crypto_secretbox_NONCEBYTES);
	crypto_secretbox_easy(box + crypto_secretbox_NONCEBYTES, data, len, box, key);
	size_t cap = sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_ORIGINAL);
	char *out = arena_alloc(ctx->arena, cap);
	sodium_bin2base64(out, cap, box, n, sodium_base64_VARIANT_ORIGINAL);
	return out;
}

unsigned char *signing__open(struct svc_ctx *ctx, const unsigned char key[32], const char *sealed,
			     size_t *len)
{
	size_t cap = strlen(sealed), n = 0;
	unsigned char *box = arena_alloc(ctx->arena, cap + 1);
	if (sodium_base642bin(box, cap, sealed, cap, NULL, &n, NULL,
			      sodium_base64_VARIANT_ORIGINAL) != 0 ||
	    n < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES)
		return NULL;
	size_t plain = n - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES;
	unsigned char *out = arena_alloc(ctx->arena, plain + 1);
	if (crypto_secretbox_open_easy(out, box + crypto_secretbox_NONCEBYTES,
				       n - crypto_secretbox_NONCEBYTES, box, key) != 0)
		return NULL;
	*len = plain;
	return out;
}

static int64_t asn1_epoch(const ASN1_TIME *t)
{
	struct tm tm;
	if (!t || ASN1_TIME_to_tm(t, &tm) != 1)
		return 0;
	return civil_days(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday) * 86400 +
	       tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec;
}

static const char *name_text(struct svc_ctx *ctx, const X509_NAME *n)
{
	BIO *b = BIO_new(BIO_s_mem());
	X509_NAME_print_ex(b, n, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
	char *p = NULL;
	long len = BIO_get_mem_data(b, &p);
	char *out = arena_alloc(ctx->arena, len > 0 ? (size_t)len + 1 : 1);
	if (len > 0)
		memcpy(out, p, (size_t)len);
	out[len > 0 ? len : 0] = '\0';
	BIO_free(b);
	return out;
}

static const char *common_name(struct svc_ctx *ctx, const X509_NAME *n)
{
	int i = X509_NAME_get_index_by_NID(n, NID_commonName, -1);
	unsigned char *utf8 = NULL;
	if (i < 0 ||
	    ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(X509_NAME_get_entry(n, i))) < 0)
		return "";
	const char *out = arena_strdup(ctx->arena, (const char *)utf8);
	OPENSSL_free(utf8);
	return out;
}

void signing__describe(struct svc_ctx *ctx, const void *x509, struct signing_cert *c)
{
	const X509 *x = x509;
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	X509_digest(x, EVP_sha256(), md, &mdlen);
	sodium_bin2hex(c->fingerprint, sizeof(c->fingerprint), md, mdlen < 32 ? mdlen : 32);
	c->subject = name_text(ctx, X509_get_subject_name(x));
	c->issuer = name_text(ctx, X509_get_issuer_name(x));
	c->common_name = common_name(ctx, X509_get_subject_name(x));
	BIGNUM *bn = ASN1_INTEGER_to_BN(X509_get0_serialNumber(x), NULL);
	char *hex = bn ? BN_bn2hex(bn) : NULL;
	c->serial = arena_strdup(ctx->arena, hex ? hex : "");
	OPENSSL_free(hex);
	BN_free(bn);
	c->valid_from = asn1_epoch(X509_get0_notBefore(x));
	c->valid_to = asn1_epoch(X509_get0_notAfter(x));
	BIO *b = BIO_new(BIO_s_mem());
	PEM_write_bio_X509(b, (X509 *)(uintptr_t)x);
	char *p;
	long len = BIO_get_mem_data(b, &p);
	char *pem = arena_alloc(ctx->arena, (size_t)len + 1);
	memcpy(pem, p, (size_t)len);
	pem[len] = '\0';
	c->cert_pem = pem;
	BIO_free(b);
}

/* The sealed DER of a private key. */
static char *seal_pkey(struct svc_ctx *ctx, const unsigned char key[32], EVP_PKEY *pkey)
{
	unsigned char *der = NULL;
	int n = i2d_PrivateKey(pkey, &der);
	if (n <= 0)
		return NULL;
	char *out = signing__seal(ctx, key, der, (size_t)n);
	OPENSSL_clear_free(der, (size_t)n);
	return out;
}

static const char *chain_text(struct svc_ctx *ctx, STACK_OF(X509) *chain)
{
	BIO *b = BIO_new(BIO_s_mem());
	for (int i = 0; chain && i < sk_X509_num(chain); i++)
		PEM_write_bio_X509(b, sk_X509_value(chain, i));
	char *p = NULL;
	long len = BIO_get_mem_data(b, &p);
	char *out = arena_alloc(ctx->arena, len > 0 ? (size_t)len + 1 : 1);
	if (len > 0)
		memcpy(out, p, (size_t)len);
	out[len > 0 ? len : 0] = '\0';
	BIO_free(b);
	return out;
}

struct parsed {
	X509 *cert;
	EVP_PKEY *pkey;
	STACK_OF(X509) *chain;
};

static void parsed_free(struct parsed *p)
{
	X509_free(p->cert);
	EVP_PKEY_free(p->pkey);
	sk_X509_pop_free(p->chain, X509_free);
}

static void parse_pem(struct svc_ctx *ctx, const struct cert_import *in, struct parsed *p)
{
	BIO *b = BIO_new_mem_buf(in->certificate_pem, -1);
	p->cert = PEM_read_bio_X509(b, NULL, NULL, NULL);
	if (!p->cert)
		problem_add(ctx->problem, "certificate_pem", "is not a PEM X.509 certificate",
			    "không phải chứng thư số X.509 dạng PEM");
	p->chain = sk_X509_new_null();
	X509 *more;
	while (p->cert && (more = PEM_read_bio_X509(b, NULL, NULL, NULL)))
		sk_X509_push(p->chain, more);
	BIO_free(b);
	b = BIO_new_mem_buf(in->private_key_pem, -1);
	p->pkey = PEM_read_bio_PrivateKey(b, NULL, NULL,
					  (void *)(uintptr_t)(in->key_password ? in->key_password
									       : ""));
	BIO_free(b);
	if (!p->pkey)
		problem_add(ctx->problem, "private_key_pem",
			    "is not a PEM private key (or its password is wrong)",
			    "không phải khóa bí mật dạng PEM (hoặc sai mật khẩu)");
}

static void parse_p12(struct svc_ctx *ctx, const struct cert_import *in, struct parsed *p)
{
	size_t cap = strlen(in->pkcs12_base64), n = 0;
	unsigned char *der = arena_alloc(ctx->arena, cap + 1);
	PKCS12 *p12 = NULL;
	if (sodium_base642bin(der, cap, in->pkcs12_base64, cap, " \r\n", &n, NULL,
			      sodium_base64_VARIANT_ORIGINAL) == 0) {
		const unsigned char *q = der;
		p12 = d2i_PKCS12(NULL, &q, (long)n);
	}
	if (!p12) {
		problem_add(ctx->problem, "pkcs12", "is not a base64 PKCS#12 file",
			    "không phải tệp PKCS#12 mã hóa base64");
		return;
	}
	if (!PKCS12_parse(p12, in->pkcs12_password ? in->pkcs12_password : "", &p->pkey, &p->cert,
			  &p->chain) ||
	    !p->cert || !p->pkey)
		problem_add(ctx->problem, "pkcs12_password",
			    "does not open the PKCS#12 file, or it holds no certificate and key",
			    "sai mật khẩu tệp PKCS#12, hoặc tệp không chứa chứng thư và khóa");
	PKCS12_free(p12);
}

static void check_import(struct svc_ctx *ctx, const struct cert_import *in, struct parsed *p)
{
	bool pem = in->certificate_pem || in->private_key_pem;
	if (pem && in->pkcs12_base64) {
		problem_add(ctx->problem, "pkcs12", "give either PEM fields or a PKCS#12 file, not both",
			    "chỉ gửi PEM hoặc PKCS#12, không gửi cả hai");
		return;
	}
	if (!pem && !in->pkcs12_base64) {
		problem_add(ctx->problem, "certificate_pem", "is required (or pkcs12)",
			    "trường bắt buộc (hoặc pkcs12)");
		return;
	}
	if (pem) {
		if (!in->certificate_pem)
			problem_add(ctx->problem, "certificate_pem", "is required", "trường bắt buộc");
		if (!in->private_key_pem)
			problem_add(ctx->problem, "private_key_pem", "is required", "trường bắt buộc");
		if (ctx->problem->n)
			return;
		parse_pem(ctx, in, p);
	} else
		parse_p12(ctx, in, p);
	if (ctx->problem->n)
		return;
	if (X509_check_private_key(p->cert, p->pkey) != 1)
		problem_add(ctx->problem, in->pkcs12_base64 ? "pkcs12" : "private_key_pem",
			    "does not match the certificate", "khóa bí mật không khớp với chứng thư");
	if (asn1_epoch(X509_get0_notAfter(p->cert)) <= ctx->now)
		problem_add(ctx->problem, in->pkcs12_base64 ? "pkcs12" : "certificate_pem",
			    "has expired", "chứng thư số đã hết hạn");
}

struct import_run {
	const char *unit;
	struct signing_cert *c;
};

static enum mc_err import_tx(struct svc_ctx *ctx, void *arg)
{
	struct import_run *run = arg;
	struct unit u;
	enum mc_err err = unitstore_get(ctx->db, run->unit, ctx->now, &u);
	if (!err)
		err = sstore_cert_insert(ctx->db, run->c, ctx->now);
	if (err == MC_ECONFLICT)
		problem_detail(ctx->problem, "this certificate was imported already",
			       "chứng thư số này đã được nhập");
	if (!err)
		err = audit_append(ctx, NULL, "import_certificate",
				   arena_printf(ctx->arena, "unit:%s", run->unit),
				   arena_printf(ctx->arena, "{\"fingerprint\":\"%s\"}",
						run->c->fingerprint));
	return err;
}

enum mc_err signing_import(struct svc_ctx *ctx, const char *unit, const struct cert_import *in,
			   struct signing_cert *out)
{
	unsigned char key[32];
	struct parsed p = {0};
	enum mc_err err = perm_admin(ctx);
	if (err)
		return err;
	check_import(ctx, in, &p);
	if (ctx->problem->n) {
		parsed_free(&p);
		return MC_EINVAL;
	}
	err = signing__seal_key(ctx, key);
	if (!err) {
		memset(out, 0, sizeof(*out));
		str_copy(out->unit, sizeof(out->unit), unit);
		signing__describe(ctx, p.cert, out);
		out->chain_pem = chain_text(ctx, p.chain);
		out->key_sealed = seal_pkey(ctx, key, p.pkey);
		out->imported_by = ctx->user->username;
		err = out->key_sealed ? svc_write(ctx, import_tx, &(struct import_run){unit, out})
				      : MC_EINTERNAL;
	}
	sodium_memzero(key, sizeof(key));
	parsed_free(&p);
	return err;
}

struct list_run {
	const char *unit;
	int64_t before;
	size_t limit;
	void (*fn)(const struct signing_cert *c, void *arg);
	void *arg;
	int64_t *next;
	size_t n;
};

static void list_one(const struct signing_cert *c, void *arg)
{
	struct list_run *run = arg;
	if (run->n++ == run->limit) {
		*run->next = c->id + 1; /* the page's last id is the next "before" */
		return;
	}
	struct signing_cert shown = *c;
	shown.key_sealed = NULL;
	run->fn(&shown, run->arg);
	*run->next = 0;
}

static enum mc_err list_tx(struct svc_ctx *ctx, void *arg)
{
	struct list_run *run = arg;
	struct unit u;
	enum mc_err err = unitstore_get(ctx->db, run->unit, ctx->now, &u);
	if (err)
		return err;
	if (perm_admin(ctx) != MC_OK && perm_check(ctx, "unit_manager", run->unit) != MC_OK)
		return MC_EFORBIDDEN;
	return sstore_cert_list(ctx->db, ctx->arena, run->unit, run->before, run->limit + 1,
				list_one, run);
}

enum mc_err signing_list(struct svc_ctx *ctx, const char *unit, int64_t before, size_t limit,
			 void (*fn)(const struct signing_cert *c, void *arg), void *arg,
			 int64_t *next)
{
	struct list_run run = {unit, before, limit, fn, arg, next, 0};
	*next = 0;
	if (!ctx->user)
		return MC_EAUTH;
	return svc_read(ctx, list_tx, &run);
}

/* The overview's units: deciding units and certificates in force merged in code order. */
#define OVERVIEW_MAX 4096

struct overview {
	struct svc_ctx *ctx;
	size_t ncerts, nunits;
	struct signing_cert *certs;
	const char **units;
};

static void add_in_force(const struct signing_cert *c, void *arg)
{
	struct overview *o = arg;
	if (o->ncerts < OVERVIEW_MAX) {
		o->certs[o->ncerts] = *c;
		o->certs[o->ncerts++].key_sealed = NULL;
	}
}

static void add_deciding(const char *unit, void *arg)
{
	struct overview *o = arg;
	if (o->nunits < OVERVIEW_MAX)
		o->units[o->nunits++] = arena_strdup(o->ctx->arena, unit);
}

struct overview_run {
	void (*fn)(const struct cert_unit *u, void *arg);
	void *arg;
};

static enum mc_err overview_tx(struct svc_ctx *ctx, void *arg)
{
	struct overview_run *run = arg;
	struct overview o = {ctx, 0, 0, arena_alloc(ctx->arena, OVERVIEW_MAX * sizeof(*o.certs)),
			     arena_alloc(ctx->arena, OVERVIEW_MAX * sizeof(*o.units))};
	enum mc_err err = sstore_cert_in_force(ctx->db, ctx->arena, add_in_force, &o);
	if (!err)
		err = sstore_deciding_units(ctx->db, add_deciding, &o);
	/* Both lists come in code order: a merge. */
	size_t i = 0, j = 0;
	while (!err && (i < o.ncerts || j < o.nunits)) {
		int c = i == o.ncerts	? 1
			: j == o.nunits ? -1
					: strcmp(o.certs[i].unit, o.units[j]);
		struct cert_unit u = {c <= 0 ? o.certs[i].unit : o.units[j], "",
				      c <= 0 ? &o.certs[i] : NULL};
		struct unit row;
		enum mc_err e = unitstore_get(ctx->db, u.unit, ctx->now, &row);
		if (e && e != MC_ENOTFOUND)
			return e;
		if (!e)
			u.unit_name = arena_strdup(ctx->arena, row.name);
		run->fn(&u, run->arg);
		i += c <= 0;
		j += c >= 0;
	}
	return err;
}

enum mc_err signing_overview(struct svc_ctx *ctx, void (*fn)(const struct cert_unit *u, void *arg),
			     void *arg)
{
	if (!ctx->user)
		return MC_EAUTH;
	if (perm_admin(ctx) != MC_OK)
		return MC_EFORBIDDEN;
	struct overview_run run = {fn, arg};
	return svc_read(ctx, overview_tx, &run);
}

struct stats_run {
	int64_t now;
	struct cert_stats *out;
};

static void stats_one(const struct cert_unit *u, void *arg)
{
	struct stats_run *run = arg;
	const struct signing_cert *c = u->cert;
	if (!c)
		run->out->missing++;
	else if (c->valid_to <= run->now)
		run->out->expired++;
	else if (c->valid_from > run->now)
		run->out->not_yet_valid++;
	else if ((c->valid_to - run->now) / 86400 < SIGNING_WARN_DAYS)
		run->out->expiring++;
	else
		run->out->ok++;
}

enum mc_err signing_stats(struct svc_ctx *ctx, struct cert_stats *out)
{
	memset(out, 0, sizeof(*out));
	struct stats_run s = {ctx->now, out};
	struct overview_run run = {stats_one, &s};
	return svc_read(ctx, overview_tx, &run);
}
