-- PostgreSQL 15 counterpart of sql/sqlite/0043_keyed_papers_steps.sql: nothing to change. That file
-- makes SQLite keep a dossier's papers and steps in their primary key's b-tree alone (WITHOUT
-- ROWID) instead of a rowid table and an index; a PostgreSQL table is a heap and its primary key
-- an index either way. The file keeps the engines' migration numbers together.
SELECT 1;
