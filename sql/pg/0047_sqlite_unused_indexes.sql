-- PostgreSQL 15 counterpart of sql/sqlite/0047_sqlite_unused_indexes.sql: nothing to change. That
-- file drops two indexes of dossiers that no SQLite plan reads; PostgreSQL's plans for given
-- values use them (dossiers_applicant for a citizen's list, dossiers_open_due for the city's
-- overdue pages), so they stay here. The file keeps the engines' migration numbers together.
SELECT 1;
