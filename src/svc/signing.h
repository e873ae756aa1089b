/* Agency signing keys and PAdES signatures of electronic results (docs/signing.md).
 * signing_keys.c: certificates with their sealed private keys (import of PEM or PKCS#12, history,
 * expiry warnings, `motcua pki demo`); keys are sealed with libsodium's secretbox under a key
 * derived from MOTCUA_KEY_SECRET (cfg.key_secret), never stored or returned in clear.
 * signing.c: signing a decision's result PDF with the deciding unit's certificate in force (an
 * incremental update, domain/pdf_sign.h, with a CMS detached signature by OpenSSL), and verifying
 * a signed PDF. */
#ifndef MC_SIGNING_H
#define MC_SIGNING_H

#include "domain/document.h"
#include "domain/signature.h"
#include "svc/svc.h"

/* Days before a certificate's end from which a listing warns. */
#define SIGNING_WARN_DAYS 30

/* An import: PEM certificate (with optional issuers after it) and PEM private key, or a PKCS#12
 * file (base64) with its password. */
struct cert_import {
	const char *certificate_pem, *private_key_pem, *key_password;
	const char *pkcs12_base64, *pkcs12_password;
};

/* Imports a certificate and key for a unit (admin): the key must match the certificate, the
 * certificate must not have expired. The unit's certificate in force before it is superseded.
 * MC_EINVAL with fields named (422), MC_ENOTFOUND for an unknown unit, MC_EFORBIDDEN without the
 * admin role, MC_ECONFLICT when the server has no MOTCUA_KEY_SECRET or the certificate is known. */
enum mc_err signing_import(struct svc_ctx *ctx, const char *unit, const struct cert_import *in,
			   struct signing_cert *out);
/* The unit's certificates, newest first (admin, or a unit manager covering it). */
enum mc_err signing_list(struct svc_ctx *ctx, const char *unit, int64_t before, size_t limit,
			 void (*fn)(const struct signing_cert *c, void *arg), void *arg,
			 int64_t *next);

/* A unit of the administrators' overview: a deciding unit or one with a certificate in force,
 * its name as of now ("" when unknown) and its certificate in force (NULL: none; no key). */
struct cert_unit {
	const char *unit, *unit_name;
	const struct signing_cert *cert;
};
/* The overview (admin), in order of unit code: every deciding unit (sstore_deciding_units) and
 * every unit holding a certificate in force. MC_EFORBIDDEN without the admin role. */
enum mc_err signing_overview(struct svc_ctx *ctx, void (*fn)(const struct cert_unit *u, void *arg),
			     void *arg);
/* The same units counted by the state of their certificate at ctx->now (no permission: /metrics):
 * valid with SIGNING_WARN_DAYS or more left, valid with fewer left, expired, not valid yet, none. */
struct cert_stats {
	int ok, expiring, expired, not_yet_valid, missing;
};
enum mc_err signing_stats(struct svc_ctx *ctx, struct cert_stats *out);

/* `motcua pki demo`: a test CA (kept sealed in <data>/keys/, made once) and a certificate for each
 * deciding unit that has none in force (sstore_deciding_units), all marked "TEST — not for
 * production" in their subjects. *made counts the certificates issued; each unit code is passed
 * to fn when not NULL. */
enum mc_err signing_pki_demo(struct svc_ctx *ctx, int *made, void (*fn)(const char *unit,
									 void *arg),
			     void *arg);

/* Internal to svc/: the sealing key (MC_ECONFLICT with a problem detail when the secret is
 * missing or short), sealing and opening bytes. */
enum mc_err signing__seal_key(struct svc_ctx *ctx, unsigned char key[32]);
char *signing__seal(struct svc_ctx *ctx, const unsigned char key[32], const unsigned char *data,
		    size_t len);
unsigned char *signing__open(struct svc_ctx *ctx, const unsigned char key[32], const char *sealed,
			     size_t *len);
/* Fills the certificate fields of c (fingerprint, names, serial, validity, cert_pem) from an
 * OpenSSL X509 (void * to keep OpenSSL out of this header). */
void signing__describe(struct svc_ctx *ctx, const void *x509, struct signing_cert *c);

/* A result signed before its decision is recorded: the new document (its blob is durable, its
 * row is not written yet) and who signed with what. */
struct signed_result {
	bool done; /* false: the unit has no certificate, or the result is not a PDF */
	struct document doc;
	char unit[32];
	char fingerprint[65];
};

/* Signs the PDF document doc_id with unit's certificate in force, at ctx->now. out->done false
 * when the unit has none or the document is not a PDF. MC_ECONFLICT (409, detail) when the
 * certificate has expired or is not valid yet, or the server has no MOTCUA_KEY_SECRET;
 * MC_EINVAL (422, field "result.document") for a PDF this code cannot sign yet. */
enum mc_err signing_sign_result(struct svc_ctx *ctx, const char *unit, const char *doc_id,
				const char *owner, struct signed_result *out);
/* Forms 01 and 04 signed the same way as results: the PDF in pdf (a form just rendered) is
 * replaced by its copy signed with the certificate in force of the first of units[0..n) that has
 * one (signer gets its code). Nothing is stored: the form is drawn and signed on each request.
 * MC_ECONFLICT (409, detail) when none of them has a certificate, it is not valid now, or the
 * server has no MOTCUA_KEY_SECRET. */
struct buf;
enum mc_err signing_sign_form(struct svc_ctx *ctx, const char *const *units, size_t n,
			      struct buf *pdf, char signer[32]);

/* In the decision's transaction: the signed copy's row and the signature's. */
enum mc_err signing_record(struct svc_ctx *ctx, int64_t dossier_id, const char *original,
			   const struct signed_result *s);

/* What a verifier learns of a PDF. */
struct sig_verdict {
	bool signed_;  /* a signature was found and parsed */
	bool intact;   /* the signature holds over bytes that cover the whole file but /Contents */
	bool known;    /* the certificate is one of ours (then unit is set) */
	bool test;     /* a `motcua pki demo` certificate */
	int64_t signed_at; /* from /M; 0 when absent */
	char fingerprint[65];
	const char *common_name, *unit, *unit_name, *reason;
};

/* Verifies the newest signature of a PDF's bytes (anyone). */
enum mc_err signing_verify_bytes(struct svc_ctx *ctx, const char *pdf, size_t len,
				 struct sig_verdict *out);
/* The same for a file (an upload's temp file); an empty or unreadable file has no signature. */
enum mc_err signing_verify_file(struct svc_ctx *ctx, const char *path, struct sig_verdict *out);
/* Whether the dossier (by id, as loaded) has a signed result; false on any error. */
bool signing_is_signed(struct svc_ctx *ctx, int64_t dossier_id);
/* The signature of a dossier's result (by id, as loaded) and the signing unit's name as of the
 * signing time (NULL when the unit is unknown): the "signed by … at …" of the dossier pages.
 * MC_ENOTFOUND when the result is not signed. */
enum mc_err signing_of_dossier(struct svc_ctx *ctx, int64_t dossier_id,
			       struct result_signature *out, const char **unit_name);
/* The signed result of a dossier, by code and tracking secret (the public tracking's checks and
 * rate limit): its document and path. MC_ENOTFOUND when the dossier is unknown, the secret wrong,
 * or the result not signed. */
enum mc_err signing_result_of(struct svc_ctx *ctx, const char *code, const char *secret,
			      const char *client, struct document *doc, char *path, size_t cap);

#endif
