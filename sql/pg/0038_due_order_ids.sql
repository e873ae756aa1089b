-- PostgreSQL 15 version of sql/sqlite/0038_due_order_ids.sql (docs/postgresql.md): the overdue
-- pages' indexes end with id, so that ORDER BY due, id LIMIT n is an index scan that stops after
-- n rows. Here that is the change itself: a PostgreSQL index has no implicit row key, and without
-- id the planner read every overdue dossier of the unit and sorted them (2.4-4 ms for a page at
-- 2,000,000 dossiers, 0.6-0.8 ms with it).
DROP INDEX dossiers_open_due;
DROP INDEX dossiers_resolver_open_due;
CREATE INDEX dossiers_open_due ON dossiers (coalesce(extended_due_at, due_at), id)
	WHERE status IN ('received', 'processing');
CREATE INDEX dossiers_resolver_open_due ON dossiers (resolver_unit, coalesce(extended_due_at, due_at), id)
	WHERE status IN ('received', 'processing');
