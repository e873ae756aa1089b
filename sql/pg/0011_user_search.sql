-- PostgreSQL 15 version of sql/sqlite/0011_user_search.sql (docs/postgresql.md): the same tables, columns,
-- constraints, indexes and trigger behaviour; the migrator records the version.
-- The administrators' list of accounts: a search key of the full name and the username
-- (svc/users.c: folded, without diacritics, spaces or punctuation), and role filters.
-- Accounts made before this migration get their key when the server next starts
-- (users_fill_search_keys): the fold needs libutf8proc, which SQL does not have.
ALTER TABLE users ADD COLUMN search_key TEXT NOT NULL DEFAULT '';
CREATE INDEX user_roles_role_unit ON user_roles (role, unit_code, user_id);
