-- PostgreSQL 15 version of sql/sqlite/0014_oidc.sql (docs/postgresql.md): the same tables, columns,
-- constraints, indexes and trigger behaviour; the migrator records the version.
-- Logins through the national identity provider (VNeID, OpenID Connect) waiting for the
-- provider's answer: one row per GET /auth/oidc/login, deleted in the transaction that takes it
-- (the callback), or by the next login once older than its lifetime (svc/oidc.c). Only a hash of
-- the state is kept (it travels in URLs); the nonce and the PKCE verifier are needed in clear.
CREATE TABLE oidc_pending (
	state_hash BYTEA PRIMARY KEY,
	nonce TEXT NOT NULL,
	verifier TEXT NOT NULL,
	return_to TEXT,
	created_at BIGINT NOT NULL
);
CREATE INDEX oidc_pending_created ON oidc_pending (created_at);
