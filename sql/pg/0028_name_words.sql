-- Finding dossiers by the applicant's name: each word of a dossier's search key with the dossier
-- (sql/sqlite/0033_name_words.sql says why and how it is read).
CREATE TABLE dossier_name_words (
	word TEXT NOT NULL,
	dossier_id BIGINT NOT NULL,
	PRIMARY KEY (word, dossier_id)
);

INSERT INTO dossier_name_words (word, dossier_id)
SELECT DISTINCT w, d.id FROM dossiers d, regexp_split_to_table(d.search_key, ' ') w WHERE w <> ''
ON CONFLICT DO NOTHING;

CREATE FUNCTION dossier_name_words_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO dossier_name_words (word, dossier_id)
	SELECT DISTINCT w, NEW.id FROM regexp_split_to_table(NEW.search_key, ' ') w WHERE w <> ''
	ON CONFLICT DO NOTHING;
	RETURN NULL;
END $$;
CREATE TRIGGER dossier_name_words_insert AFTER INSERT ON dossiers
	FOR EACH ROW EXECUTE FUNCTION dossier_name_words_insert();
