-- PostgreSQL 15 version of sql/sqlite/0015_housekeeping.sql (docs/postgresql.md): the same tables, columns,
-- constraints, indexes and trigger behaviour; the migrator records the version.
-- Housekeeping (docs/operations.md, "Housekeeping and login limits"): failed logins are counted per
-- client address as well as per username, and what has expired is deleted on a schedule; these
-- indexes keep both cheap.
ALTER TABLE login_failures ADD COLUMN addr TEXT;
CREATE INDEX login_failures_addr ON login_failures (addr, at) WHERE addr IS NOT NULL;
CREATE INDEX login_failures_at ON login_failures (at);
CREATE INDEX sessions_expires ON sessions (expires_at);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
