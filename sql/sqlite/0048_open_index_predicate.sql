-- The partial index of dossiers in work without a temporary b-tree (issue 22: the cost of an
-- intake's writes). 0041 rewrote every CHECK of the form `x IN ('a', 'b', 'c')` as comparisons
-- joined by OR, since SQLite builds a temporary b-tree of such a list (OpenEphemeral: a pager
-- opened, a page allocated, filled and freed) each time it evaluates it. It left one: the
-- predicate of dossiers_open_received (0037), evaluated for every dossier row written (each
-- intake, and each change of status twice, the old row's and the new one's), which the queries
-- must repeat word for word for SQLite to use the index. Its predicate and those queries'
-- (store/dossier_store.c SQL_OPEN_SPANNING, store/report_store.c's three cell statements) are now
-- `status = 'received' OR status = 'processing' OR status = 'awaiting_supplement'`.
--
-- The index keeps its entries: the new predicate holds for exactly the rows the old one did (for
-- a NULL status both are NULL; for any other value both are true exactly when it is one of the
-- three, compared BINARY either way), so only its text changes, written into the schema table as
-- 0041 did for the CHECKs (https://www.sqlite.org/lang_altertable.html, "Making Other Kinds Of
-- Table Schema Changes"). RESET makes this connection read the schema again; the CREATE and DROP
-- of an empty table below move the schema's version, so every other connection reads it again
-- before its next statement. PostgreSQL tests a constant list in place and keeps its text
-- (sql/pg/0048 changes nothing); its planner proves the OR form implies the list.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema SET sql = replace(sql,
		'WHERE status IN (''received'', ''processing'', ''awaiting_supplement'')',
		'WHERE status = ''received'' OR status = ''processing'' OR status = ''awaiting_supplement''')
WHERE type = 'index' AND name = 'dossiers_open_received';
PRAGMA writable_schema = RESET;
CREATE TABLE schema_moved_0048 (x INTEGER);
DROP TABLE schema_moved_0048;
