-- PostgreSQL 15 counterpart of sql/sqlite/0041_check_lists.sql: nothing to change. That file
-- rewrites SQLite's CHECKs of the form `x IN ('a', 'b', 'c')` as comparisons joined by OR, since
-- SQLite builds a temporary b-tree of such a list on every statement that checks it; PostgreSQL
-- tests a constant list in place. The file keeps the engines' migration numbers together.
SELECT 1;
