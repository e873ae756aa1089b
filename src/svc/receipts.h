/* Signed receipts: Form 01's QR carries an Ed25519 signature of the receipt's key fields (the
 * dossier code and its reception time), so that anyone can tell a genuine receipt from a forged
 * one. The key pair lives in <data_dir>/keys/receipt.key (0600), made on first use. */
#ifndef MC_RECEIPTS_H
#define MC_RECEIPTS_H

#include "domain/dossier.h"
#include "svc/svc.h"

/* Loads or creates the key pair (start-up). */
enum mc_err receipts_init(struct svc_state *s);
/* The signature (base64url, no padding) of a received dossier's receipt, into out[96]. */
enum mc_err receipts_sign(struct svc_state *s, const struct dossier *d, char out[96]);
/* Checks a signature against the dossier's code and reception time. *valid false for an unknown
 * code or a signature that does not match. */
enum mc_err receipts_verify(struct svc_ctx *ctx, const char *code, const char *sig,
			    struct dossier *out, bool *valid);
/* The database-free parts of verification: decoding the sig= text (base64url without padding,
 * exactly 64 bytes, at most 200 characters; false otherwise) and checking a decoded signature
 * against a code and a reception time. Pure and thread-safe. */
bool receipts_sig_decode(const char *sig, unsigned char out[64]);
bool receipts_check(const unsigned char pk[32], const char *code, int64_t received_at,
		    const unsigned char sig[64]);
/* The public key (base64url), for offline verification. */
void receipts_public_key(struct svc_state *s, char out[64]);

#endif
