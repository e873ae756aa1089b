-- PostgreSQL 15 version of sql/sqlite/0006_role_unique.sql (docs/postgresql.md): the same tables, columns,
-- constraints, indexes and trigger behaviour; the migrator records the version.
-- A role without a unit (citizen) is unique per user too: SQLite's UNIQUE treats NULLs as distinct.
CREATE UNIQUE INDEX user_roles_unique ON user_roles (user_id, role, coalesce(unit_code, ''));
