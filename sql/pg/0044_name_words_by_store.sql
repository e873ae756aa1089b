-- PostgreSQL 15 counterpart of sql/sqlite/0044_name_words_by_store.sql: the store that inserts a
-- dossier writes its name postings (one multi-row INSERT ... ON CONFLICT DO NOTHING), so the row
-- trigger of 0028/0039 and its function go.
DROP TRIGGER dossier_name_words_insert ON dossiers;
DROP FUNCTION dossier_name_words_insert();
