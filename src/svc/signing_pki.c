/* The test PKI of `motcua pki demo` (svc/signing.h): a demo CA kept sealed in <data>/keys/ and a
 * certificate for each deciding unit, every subject marked "TEST — not for production". For
 * demonstrations and tests only; real certificates are imported (signing_import). */
#include "base/base.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include "domain/unit.h"
#include "store/signing_store.h"
#include "store/unit_store.h"
#include "svc/audit.h"
#include "svc/signing.h"

#define TEST_MARK "TEST — not for production"
#define CN_CHARS 64 /* ub-common-name (RFC 5280) */
#define FILE_MAX (64 * 1024)

static char *read_text(struct svc_ctx *ctx, const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	char *buf = arena_alloc(ctx->arena, FILE_MAX + 1);
	ssize_t n = read(fd, buf, FILE_MAX);
	close(fd);
	if (n <= 0)
		return NULL;
	buf[n] = '\0';
	return buf;
}

static enum mc_err write_text(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return MC_EIO;
	size_t len = strlen(text);
	bool ok = write(fd, text, len) == (ssize_t)len && fsync(fd) == 0;
	ok = close(fd) == 0 && ok;
	return ok ? MC_OK : MC_EIO;
}

static void add_ext(X509 *issuer, X509 *x, int nid, const char *value)
{
	X509V3_CTX v3;
	X509V3_set_ctx(&v3, issuer, x, NULL, NULL, 0);
	X509_EXTENSION *e = X509V3_EXT_conf_nid(NULL, &v3, nid, value);
	if (e) {
		X509_add_ext(x, e, -1);
		X509_EXTENSION_free(e);
	}
}

/* The first CN_CHARS characters of UTF-8 text. */
static void cut_chars(char *s, size_t chars)
{
	size_t n = 0;
	for (char *p = s; *p; p++)
		if (((unsigned char)*p & 0xC0) != 0x80 && n++ == chars) {
			*p = '\0';
			return;
		}
}

/* A certificate for subject (O, OU, CN) issued by ca (NULL: self-signed with key). */
static X509 *make_cert(struct svc_ctx *ctx, EVP_PKEY *key, X509 *ca, EVP_PKEY *ca_key,
		       const char *ou, const char *cn, bool is_ca, long days)
{
	X509 *x = X509_new();
	unsigned char serial[16];
	randombytes_buf(serial, sizeof(serial));
	serial[0] &= 0x7F;
	BIGNUM *bn = BN_bin2bn(serial, sizeof(serial), NULL);
	BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(x));
	BN_free(bn);
	X509_set_version(x, 2);
	time_t now = (time_t)ctx->now;
	/* Back-dated 90 days: the demo drives its dossiers with the clock set back (svc/demo_dossiers.c). */
	X509_time_adj_ex(X509_getm_notBefore(x), -90, 0, &now);
	X509_time_adj_ex(X509_getm_notAfter(x), (int)days, 0, &now);
	X509_NAME *n = X509_get_subject_name(x);
	X509_NAME_add_entry_by_txt(n, "C", MBSTRING_UTF8, (const unsigned char *)"VN", -1, -1, 0);
	X509_NAME_add_entry_by_txt(n, "O", MBSTRING_UTF8, (const unsigned char *)TEST_MARK, -1, -1,
				   0);
	X509_NAME_add_entry_by_txt(n, "OU", MBSTRING_UTF8, (const unsigned char *)ou, -1, -1, 0);
	X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_UTF8, (const unsigned char *)cn, -1, -1, 0);
	X509_set_issuer_name(x, ca ? X509_get_subject_name(ca) : n);
	X509_set_pubkey(x, key);
	X509 *issuer = ca ? ca : x;
	add_ext(issuer, x, NID_basic_constraints, is_ca ? "critical,CA:TRUE" : "critical,CA:FALSE");
	add_ext(issuer, x, NID_key_usage,
		is_ca ? "critical,keyCertSign,cRLSign" : "critical,digitalSignature,nonRepudiation");
	add_ext(issuer, x, NID_subject_key_identifier, "hash");
	if (ca)
		add_ext(issuer, x, NID_authority_key_identifier, "keyid:always");
	if (!X509_sign(x, ca ? ca_key : key, EVP_sha256())) {
		X509_free(x);
		return NULL;
	}
	return x;
}

struct demo_ca {
	X509 *cert;
	EVP_PKEY *key;
};

/* Loads the demo CA of the data directory, or makes it. */
static enum mc_err demo_ca(struct svc_ctx *ctx, const unsigned char seal[32], struct demo_ca *ca)
{
	char dir[1024], cert_path[1100], key_path[1100];
	snprintf(dir, sizeof(dir), "%s/keys", ctx->state->cfg.data_dir);
	snprintf(cert_path, sizeof(cert_path), "%s/demo-ca.pem", dir);
	snprintf(key_path, sizeof(key_path), "%s/demo-ca.key.sealed", dir);
	const char *pem = read_text(ctx, cert_path), *sealed = read_text(ctx, key_path);
	if (pem && sealed) {
		size_t len;
		const unsigned char *der = signing__open(ctx, seal, sealed, &len);
		BIO *b = BIO_new_mem_buf(pem, -1);
		ca->cert = PEM_read_bio_X509(b, NULL, NULL, NULL);
		BIO_free(b);
		ca->key = der ? d2i_AutoPrivateKey(NULL, &der, (long)len) : NULL;
		if (!ca->cert || !ca->key) {
			problem_detail(ctx->problem,
				       "the demo CA's key does not open with this MOTCUA_KEY_SECRET",
				       "không mở được khóa của CA thử nghiệm với MOTCUA_KEY_SECRET này");
			return MC_ECONFLICT;
		}
		return MC_OK;
	}
	if (mkdir(dir, 0700) != 0 && errno != EEXIST)
		return MC_EIO;
	ca->key = EVP_RSA_gen(2048);
	ca->cert = ca->key ? make_cert(ctx, ca->key, NULL, NULL, "motcua pki demo",
				       "motcua demo CA (" TEST_MARK ")", true, 3650)
			   : NULL;
	if (!ca->cert)
		return MC_EINTERNAL;
	unsigned char *der = NULL;
	int n = i2d_PrivateKey(ca->key, &der);
	char *key_text = n > 0 ? signing__seal(ctx, seal, der, (size_t)n) : NULL;
	OPENSSL_clear_free(der, n > 0 ? (size_t)n : 0);
	BIO *b = BIO_new(BIO_s_mem());
	PEM_write_bio_X509(b, ca->cert);
	char *p;
	long len = BIO_get_mem_data(b, &p);
	char *cert_text = arena_alloc(ctx->arena, (size_t)len + 1);
	memcpy(cert_text, p, (size_t)len);
	cert_text[len] = '\0';
	BIO_free(b);
	if (!key_text)
		return MC_EINTERNAL;
	enum mc_err err = write_text(key_path, key_text);
	return err ? err : write_text(cert_path, cert_text);
}

struct unit_list {
	struct svc_ctx *ctx;
	const char *codes[256];
	size_t n;
};

static void add_unit(const char *unit, void *arg)
{
	struct unit_list *l = arg;
	if (l->n < MC_ARRAY_LEN(l->codes))
		l->codes[l->n++] = arena_strdup(l->ctx->arena, unit);
}

static enum mc_err units_tx(struct svc_ctx *ctx, void *arg)
{
	return sstore_deciding_units(ctx->db, add_unit, arg);
}

struct issue_run {
	struct signing_cert *c;
	bool skipped;
};

/* Inserts the unit's certificate unless one is in force already. */
static enum mc_err issue_tx(struct svc_ctx *ctx, void *arg)
{
	struct issue_run *run = arg;
	struct signing_cert cur;
	enum mc_err err = sstore_cert_current(ctx->db, ctx->arena, run->c->unit, &cur);
	if (err != MC_ENOTFOUND) {
		run->skipped = !err;
		return err;
	}
	err = sstore_cert_insert(ctx->db, run->c, ctx->now);
	if (!err)
		err = audit_append(ctx, NULL, "import_certificate",
				   arena_printf(ctx->arena, "unit:%s", run->c->unit),
				   arena_printf(ctx->arena, "{\"fingerprint\":\"%s\",\"test\":true}",
						run->c->fingerprint));
	return err;
}

static enum mc_err issue_one(struct svc_ctx *ctx, const unsigned char seal[32],
			     struct demo_ca *ca, const char *code, bool *made)
{
	struct unit u;
	enum mc_err err = unitstore_get(ctx->db, code, ctx->now, &u);
	if (err)
		return err;
	char cn[UNIT_NAME_MAX + 16];
	snprintf(cn, sizeof(cn), "TEST %s", u.name);
	cut_chars(cn, CN_CHARS);
	EVP_PKEY *key = EVP_RSA_gen(2048);
	X509 *x = key ? make_cert(ctx, key, ca->cert, ca->key, code, cn, false, 730) : NULL;
	struct signing_cert c = {0};
	str_copy(c.unit, sizeof(c.unit), code);
	if (x) {
		signing__describe(ctx, x, &c);
		STACK_OF(X509) *chain = sk_X509_new_null();
		sk_X509_push(chain, ca->cert);
		BIO *b = BIO_new(BIO_s_mem());
		PEM_write_bio_X509(b, ca->cert);
		char *p;
		long len = BIO_get_mem_data(b, &p);
		c.chain_pem = arena_strdup(ctx->arena, arena_printf(ctx->arena, "%.*s", (int)len, p));
		BIO_free(b);
		sk_X509_free(chain);
		unsigned char *der = NULL;
		int n = i2d_PrivateKey(key, &der);
		c.key_sealed = n > 0 ? signing__seal(ctx, seal, der, (size_t)n) : NULL;
		OPENSSL_clear_free(der, n > 0 ? (size_t)n : 0);
	}
	X509_free(x);
	EVP_PKEY_free(key);
	if (!c.key_sealed)
		return MC_EINTERNAL;
	c.test = true;
	c.imported_by = "pki demo";
	struct issue_run run = {&c, false};
	err = svc_write(ctx, issue_tx, &run);
	*made = !err && !run.skipped;
	return err;
}

enum mc_err signing_pki_demo(struct svc_ctx *ctx, int *made,
			     void (*fn)(const char *unit, void *arg), void *arg)
{
	unsigned char seal[32];
	struct demo_ca ca = {0};
	struct unit_list l = {.ctx = ctx};
	*made = 0;
	enum mc_err err = signing__seal_key(ctx, seal);
	if (!err)
		err = demo_ca(ctx, seal, &ca);
	if (!err)
		err = svc_read(ctx, units_tx, &l);
	for (size_t i = 0; !err && i < l.n; i++) {
		bool one = false;
		err = issue_one(ctx, seal, &ca, l.codes[i], &one);
		if (one) {
			(*made)++;
			if (fn)
				fn(l.codes[i], arg);
		}
	}
	X509_free(ca.cert);
	EVP_PKEY_free(ca.key);
	sodium_memzero(seal, sizeof(seal));
	return err;
}
