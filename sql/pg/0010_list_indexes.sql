-- PostgreSQL 15 version of sql/sqlite/0010_list_indexes.sql (docs/postgresql.md): the same tables, columns,
-- constraints, indexes and trigger behaviour; the migrator records the version.
-- Inbox pages at a million dossiers: newest first by resolver, and overdue (open, soonest due)
-- overall and by resolver. The statements in dossier_store.c name these terms first.
CREATE INDEX dossiers_resolver ON dossiers (resolver_unit, id);
CREATE INDEX dossiers_open_due ON dossiers (coalesce(extended_due_at, due_at))
	WHERE status IN ('received', 'processing');
CREATE INDEX dossiers_resolver_open_due ON dossiers (resolver_unit, coalesce(extended_due_at, due_at))
	WHERE status IN ('received', 'processing');
