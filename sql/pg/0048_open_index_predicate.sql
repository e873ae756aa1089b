-- PostgreSQL 15 counterpart of sql/sqlite/0048_open_index_predicate.sql: nothing to change. That
-- file rewrites the predicate of SQLite's partial index dossiers_open_received from
-- `status IN ('received', 'processing', 'awaiting_supplement')` to the same test written with OR,
-- since SQLite builds a temporary b-tree of such a list for every dossier row written; PostgreSQL
-- tests a constant list in place, and its planner proves that the queries' OR form implies the
-- index's list (tests/pg/test_schema.sh and the plan tests read the index as before). The file
-- keeps the engines' migration numbers together.
SELECT 1;
