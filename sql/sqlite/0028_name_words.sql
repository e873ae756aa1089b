-- Finding dossiers by the applicant's name (issue 18: "find by name without diacritics", and
-- docs/decisions.md "Finding dossiers by name"): each word of a dossier's search key (the folded
-- applicant name, domain/text.h text_search_key) with the dossier, so that a name search reads the
-- postings of one word, newest first, instead of scanning every dossier. Written by a trigger so
-- that every way of adding a dossier (intake, the generators, migrate-data's copy) keeps it. No
-- foreign key: the list re-checks each row against the dossier's own search key, so a stale row
-- (a dossier deleted by the benchmark's clean-up, its id later reused) can never make a wrong hit.
CREATE TABLE dossier_name_words (
	word TEXT NOT NULL,
	dossier_id INTEGER NOT NULL,
	PRIMARY KEY (word, dossier_id)
) STRICT, WITHOUT ROWID;

-- The key's words as a JSON array (the key has no control characters: text_search_key strips
-- them; backslashes and quotes are escaped first), one row per distinct non-empty word.
INSERT OR IGNORE INTO dossier_name_words (word, dossier_id)
SELECT j.value, d.id FROM dossiers d,
	json_each('["' || replace(replace(replace(d.search_key, '\', '\\'), '"', '\"'), ' ', '","') || '"]') j
WHERE j.value <> '';

CREATE TRIGGER dossier_name_words_insert AFTER INSERT ON dossiers BEGIN
	INSERT OR IGNORE INTO dossier_name_words (word, dossier_id)
	SELECT j.value, NEW.id FROM
		json_each('["' || replace(replace(replace(NEW.search_key, '\', '\\'), '"', '\"'), ' ', '","') || '"]') j
	WHERE j.value <> '';
END;
