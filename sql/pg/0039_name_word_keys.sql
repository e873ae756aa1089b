-- PostgreSQL 15 version of sql/sqlite/0039_name_word_keys.sql (which says why): each posting
-- carries its dossier's search key (between two spaces), in the primary key's index as an INCLUDE
-- column, so that a search walks one word's postings as an index-only scan and checks the query's
-- other words on the entry (a probe of this table per posting and word before). The table is
-- rebuilt rather than updated in place (an UPDATE would leave a dead version of every row).
CREATE TABLE dossier_name_words_keyed (
	word TEXT NOT NULL,
	dossier_id BIGINT NOT NULL,
	name_key TEXT NOT NULL
);

INSERT INTO dossier_name_words_keyed (word, dossier_id, name_key)
SELECT w.word, w.dossier_id, ' ' || d.search_key || ' ' FROM dossier_name_words w JOIN dossiers d ON d.id = w.dossier_id
ORDER BY w.word, w.dossier_id;

DROP TABLE dossier_name_words;
ALTER TABLE dossier_name_words_keyed RENAME TO dossier_name_words;
ALTER TABLE dossier_name_words ADD CONSTRAINT dossier_name_words_pkey
	PRIMARY KEY (word, dossier_id) INCLUDE (name_key);

CREATE OR REPLACE FUNCTION dossier_name_words_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO dossier_name_words (word, dossier_id, name_key)
	SELECT DISTINCT w, NEW.id, ' ' || NEW.search_key || ' ' FROM regexp_split_to_table(NEW.search_key, ' ') w
	WHERE w <> ''
	ON CONFLICT DO NOTHING;
	RETURN NULL;
END $$;
