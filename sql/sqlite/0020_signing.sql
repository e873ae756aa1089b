-- Agency signing keys and signed electronic results (issue 16, docs/signing.md).
-- A unit's X.509 certificates with their history: the one in force has superseded_at NULL; an
-- import or a rotation sets superseded_at on the one before. The private key is kept sealed
-- (libsodium secretbox under a key derived from MOTCUA_KEY_SECRET), never in clear.
CREATE TABLE signing_certs (
	id INTEGER PRIMARY KEY,
	unit TEXT NOT NULL REFERENCES units (code),
	fingerprint TEXT NOT NULL UNIQUE,
	subject TEXT NOT NULL,
	common_name TEXT NOT NULL,
	issuer TEXT NOT NULL,
	serial TEXT NOT NULL,
	valid_from INTEGER NOT NULL,
	valid_to INTEGER NOT NULL,
	cert_pem TEXT NOT NULL,
	chain_pem TEXT NOT NULL,
	key_sealed TEXT NOT NULL,
	test INTEGER NOT NULL DEFAULT 0,
	imported_by TEXT NOT NULL,
	imported_at INTEGER NOT NULL,
	superseded_at INTEGER
) STRICT;
CREATE INDEX signing_certs_unit ON signing_certs (unit, id);

-- The signature of a dossier's electronic result: the original document, the signed copy, the
-- unit and certificate that signed, the approver whose decision it was, and when.
CREATE TABLE result_signatures (
	dossier_id INTEGER PRIMARY KEY REFERENCES dossiers (id),
	original_document TEXT NOT NULL REFERENCES documents (id),
	signed_document TEXT NOT NULL REFERENCES documents (id),
	unit TEXT NOT NULL,
	fingerprint TEXT NOT NULL,
	signer TEXT NOT NULL,
	signed_at INTEGER NOT NULL
) STRICT;
CREATE INDEX result_signatures_signed ON result_signatures (signed_document);
