-- PostgreSQL 15 counterpart of sql/sqlite/0047_sqlite_unused_indexes.sql: nothing to change. That
-- file drops an index of dossiers that no SQLite plan reads (dossiers_open_due); PostgreSQL's
-- plans for the city's overdue pages read it, so it stays here. The file keeps the engines'
-- migration numbers together.
SELECT 1;
