-- PostgreSQL 15 version of sql/sqlite/0045_report_cells_by_store.sql: a new dossier's statistics
-- are written by the store at COMMIT (src/store/report_batch.c), not by 0040's trigger.
DROP TRIGGER report_insert ON dossiers;
DROP FUNCTION report_insert();
