-- PostgreSQL 15 version of sql/sqlite/0024_extension_postal.sql (docs/postgresql.md).
-- Extensions and returns by post (issue 20 items 4 and 5, docs/decisions.md "Extensions and
-- returns"): when an extension (Form 04) was recorded and whether it was a late notice (less
-- than one working day before the due time); for a result sent by post, the address it was sent
-- to and the postal tracking number.
ALTER TABLE dossiers ADD COLUMN extended_at BIGINT;
ALTER TABLE dossiers ADD COLUMN extended_late BIGINT NOT NULL DEFAULT 0 CHECK (extended_late IN (0, 1));
ALTER TABLE dossiers ADD COLUMN returned_address TEXT;
ALTER TABLE dossiers ADD COLUMN returned_tracking TEXT;
