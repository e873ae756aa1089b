-- PostgreSQL 15 counterpart of sql/sqlite/0049_name_words_behind.sql. Here the postings are still
-- written with each dossier, so the mark is not read; the table exists so that the two engines
-- hold the same tables (the data transfer copies a SQLite database's mark here, then writes the
-- postings of that database's dossiers above it and sets the mark to the last dossier).
CREATE TABLE dossier_name_words_upto (
	id BIGINT PRIMARY KEY CHECK (id = 1),
	dossier_id BIGINT NOT NULL
);
INSERT INTO dossier_name_words_upto (id, dossier_id)
	SELECT 1, coalesce(max(id), 0) FROM dossiers;
