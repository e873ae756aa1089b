-- Two indexes of dossiers that no SQLite plan reads, dropped here (issue 22: each was one more
-- b-tree to write, and one more page in most commits, for every intake). Found by the audit of
-- docs/performance.md "Which indexes a plan reads": every statement the server prepared in the
-- API and browser suites, and every SQL text of the store's objects, planned by SQLite's EXPLAIN
-- QUERY PLAN over 100,000 generated dossiers.
--  - dossiers_applicant (applicant_id, id): lists take the applicant or the citizen's number as
--    an optional filter ("$9 IS NULL OR d.applicant_id = $9"), which SQLite's plans, made once
--    for every value, cannot drive by an index.
--  - dossiers_open_due (effective due, id) of running dossiers: the city-wide overdue page is
--    driven by dossiers_status_due; per resolver, by dossiers_resolver_open_due.
-- PostgreSQL keeps both (sql/pg/0047): its plans for given values use them (a citizen's list,
-- the city's overdue pages). tests/pg/test_schema.sh knows these two as the engines' only
-- difference of indexes.
DROP INDEX dossiers_applicant;
DROP INDEX dossiers_open_due;
