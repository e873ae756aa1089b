-- PostgreSQL 15 version of sql/sqlite/0016_sessions_idle.sql (docs/postgresql.md): the same tables, columns,
-- constraints, indexes and trigger behaviour; the migrator records the version.
-- Sessions remember when they were last used (seconds since the epoch), so that a staff session
-- left open on a shared counter PC ends after --staff-idle-timeout; citizens keep the token's
-- lifetime. 0 means not used since it was opened: its creation time counts.
ALTER TABLE sessions ADD COLUMN last_seen BIGINT NOT NULL DEFAULT 0;
