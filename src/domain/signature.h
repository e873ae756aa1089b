/* Agency signing certificates and the signatures of electronic results, as the other layers see
 * them: plain structs, no I/O (store/signing_store.h keeps them, svc/signing.h uses them). */
#ifndef MC_DOMAIN_SIGNATURE_H
#define MC_DOMAIN_SIGNATURE_H

#include "base/base.h"

/* A unit's X.509 certificate with its sealed private key (never leaves svc/). */
struct signing_cert {
	int64_t id;
	char unit[32];
	char fingerprint[65]; /* lower-case hex SHA-256 of the certificate's DER */
	const char *subject, *common_name, *issuer, *serial;
	int64_t valid_from, valid_to; /* epoch seconds */
	const char *cert_pem, *chain_pem; /* chain_pem: the issuers given at import, or "" */
	const char *key_sealed;           /* base64 of nonce || secretbox(PKCS#8 DER) */
	bool test;                        /* made by `motcua pki demo`: not for production */
	const char *imported_by;
	int64_t imported_at;
	int64_t superseded_at; /* 0 while in force */
};

/* Who signed a dossier's electronic result, with what, and when. */
struct result_signature {
	int64_t dossier_id;
	char original_document[32], signed_document[32];
	char unit[32];
	char fingerprint[65];
	const char *signer; /* the approver's username */
	int64_t signed_at;
};

#endif
