-- Overdue inbox pages in the order they are shown (soonest due first, then id), read from the
-- index itself (issue 18 item 6; docs/performance.md "Overdue pages"). The pages' statements
-- (store/dossier_list_store.c) ask for ORDER BY due, id after a keyset (due, id): with id the last
-- key, an index scan yields the page's rows in that order and stops at the page's end, instead of
-- reading every overdue dossier of the unit and sorting them (280 rows for 51 at one ward of the
-- 2,000,000 set). On SQLite every index entry already ends with the rowid, which is dossiers.id;
-- it is written out here so that both engines declare the same keys.
DROP INDEX dossiers_open_due;
DROP INDEX dossiers_resolver_open_due;
CREATE INDEX dossiers_open_due ON dossiers (coalesce(extended_due_at, due_at), id)
	WHERE status IN ('received', 'processing');
CREATE INDEX dossiers_resolver_open_due ON dossiers (resolver_unit, coalesce(extended_due_at, due_at), id)
	WHERE status IN ('received', 'processing');
