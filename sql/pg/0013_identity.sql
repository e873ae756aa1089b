-- PostgreSQL 15 version of sql/sqlite/0013_identity.sql (docs/postgresql.md): the same tables, columns,
-- constraints, indexes and trigger behaviour; the migrator records the version.
-- Citizens' identity levels (docs/identity.md). A self-registered citizen account is
-- 'unverified': it no longer claims its ID number exclusively (several may name one number) and
-- covers only what it submitted and uploaded itself. A 'verified' account (VNeID, or an officer who
-- checked the ID card at a counter) covers the dossiers and documents of its ID number; at most
-- one live verified account per number. Citizens log in with `login` (their ID number), which is
-- not unique; `username` stays the unique internal name used by audit events.
ALTER TABLE users ADD COLUMN login TEXT;
ALTER TABLE users ADD COLUMN identity TEXT CHECK (identity IN ('unverified', 'verified'));
ALTER TABLE users ADD COLUMN verified_at BIGINT;
ALTER TABLE users ADD COLUMN verified_via TEXT CHECK (verified_via IN ('vneid', 'counter'));
ALTER TABLE users ADD COLUMN verified_by TEXT;    -- the officer's username (counter)
ALTER TABLE users ADD COLUMN verified_unit TEXT;  -- where (counter)
ALTER TABLE users ADD COLUMN verified_paper TEXT; -- which paper was checked (counter)
ALTER TABLE users ADD COLUMN oidc_subject TEXT;   -- the provider's `sub` (vneid)
ALTER TABLE users ADD COLUMN verify_code TEXT;    -- shown to an unverified holder, typed by the officer

-- Accounts made before this migration: every citizen account was self-registered, so none is
-- verified; each logs in with its ID number as before.
UPDATE users SET login = id_number, identity = 'unverified', verify_code = upper(substr(md5(gen_random_uuid()::text), 1, 8))
	WHERE id IN (SELECT user_id FROM user_roles WHERE role = 'citizen');
CREATE INDEX users_login ON users (login) WHERE login IS NOT NULL;
CREATE UNIQUE INDEX users_verified_number ON users (id_number)
	WHERE identity = 'verified' AND active = 1;

-- Who submitted a dossier online (the citizen account), and who represented the applicant.
ALTER TABLE dossiers ADD COLUMN submitter_id BIGINT REFERENCES users (id);
ALTER TABLE dossiers ADD COLUMN rep_name TEXT;
ALTER TABLE dossiers ADD COLUMN rep_id_number TEXT;
ALTER TABLE dossiers ADD COLUMN rep_relation TEXT
	CHECK (rep_relation IN ('legal_representative', 'authorized'));
ALTER TABLE dossiers ADD COLUMN rep_document TEXT;
UPDATE dossiers SET submitter_id = (SELECT u.id FROM users u WHERE u.username = dossiers.created_by)
	WHERE channel = 'online';
CREATE INDEX dossiers_submitter ON dossiers (submitter_id, id) WHERE submitter_id IS NOT NULL;
CREATE INDEX dossiers_representative ON dossiers (rep_id_number, id) WHERE rep_id_number IS NOT NULL;
