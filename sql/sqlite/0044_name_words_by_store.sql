-- A new dossier's name postings (dossier_name_words, 0028 and 0039) are written by the store that
-- inserts the dossier (store/dossier_store.c insert_words: the search key split at single spaces,
-- each distinct non-empty word once, with the key between spaces), not by a trigger (issue 22). The
-- trigger built a JSON array of the key for json_each on every insert, and SQLite sets up every
-- trigger's whole program per row: a C micro-benchmark of INSERT INTO dossiers (callgrind, on a
-- copy of a demo database) counted ~58,000 instructions for it, the store's one statement of the
-- same rows far fewer. Every dossier is inserted by that store (intake, the demo, the benchmarks'
-- generators); a data transfer copies the table itself. PostgreSQL drops its trigger likewise.
DROP TRIGGER dossier_name_words_insert;
