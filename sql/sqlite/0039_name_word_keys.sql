-- Each posting of dossier_name_words carries its dossier's search key (issue 18: find by name at
-- 10,000,000 dossiers). A search driven by one word's postings checked every other word of the
-- query with a probe of this table per posting walked: at 10,000,000 dossiers "nguyen thi hang"
-- walked ~5,700 postings of "hang" to find 51 that also had "nguyen" and "thi", two probes each
-- (~2 us apiece on PostgreSQL, 13.5 ms of its CPU per search). With the key in the posting, the
-- words are checked in the entry walked (svc/dossiers.c binds them, store/dossier_list_store.c
-- WORD_EQ), and the dossier's row is read only for the hits. A dossier's search key never changes
-- after intake, so the copy cannot go stale; the list still re-checks each hit against the
-- dossier's own key. The copy is kept between two spaces (" nguyen thi hang "), as the list's
-- words are bound (" w " whole, " w" a beginning), so that a check is one instr() with no
-- concatenation per posting (on PostgreSQL the concatenations were a third of the walk's time).
-- The table is rebuilt (postings whose dossier is gone are left out).
DROP TRIGGER dossier_name_words_insert;

CREATE TABLE dossier_name_words_keyed (
	word TEXT NOT NULL,
	dossier_id INTEGER NOT NULL,
	name_key TEXT NOT NULL,
	PRIMARY KEY (word, dossier_id)
) STRICT, WITHOUT ROWID;

INSERT INTO dossier_name_words_keyed (word, dossier_id, name_key)
SELECT w.word, w.dossier_id, ' ' || d.search_key || ' ' FROM dossier_name_words w JOIN dossiers d ON d.id = w.dossier_id
ORDER BY w.word, w.dossier_id;

DROP TABLE dossier_name_words;
ALTER TABLE dossier_name_words_keyed RENAME TO dossier_name_words;

CREATE TRIGGER dossier_name_words_insert AFTER INSERT ON dossiers BEGIN
	INSERT OR IGNORE INTO dossier_name_words (word, dossier_id, name_key)
	SELECT j.value, NEW.id, ' ' || NEW.search_key || ' ' FROM
		json_each('["' || replace(replace(replace(NEW.search_key, '\', '\\'), '"', '\"'), ' ', '","') || '"]') j
	WHERE j.value <> '';
END;
