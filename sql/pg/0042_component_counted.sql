-- PostgreSQL 15 version of sql/sqlite/0042_component_counted.sql: a component row says whether
-- its dossier's count of papers not scanned already includes it (intake's rows, written with a
-- final count: 1); the insert trigger skips such a row, as on SQLite. Rows written any other way
-- (a paper added later, COPY) are 0 and counted by the trigger as before.
ALTER TABLE dossier_components ADD COLUMN counted BIGINT NOT NULL DEFAULT 0 CHECK (counted IN (0, 1));

DROP TRIGGER report_component_insert ON dossier_components;
CREATE TRIGGER report_component_insert AFTER INSERT ON dossier_components FOR EACH ROW
WHEN (NEW.counted = 0 AND NEW.needed = 1 AND NEW.document IS NULL)
EXECUTE FUNCTION report_component_insert();
