-- A new dossier's name postings (dossier_name_words) are written behind its intake, 256 dossiers at
-- a time, instead of with it (issue 22; docs/decisions.md "Name postings written behind intake").
-- At a real counter each applicant's name words sit in leaves of their own all over the table: an
-- intake's three postings dirtied ~3.5 pages of the WAL, 29 us of its ~180 us of server CPU at a
-- million dossiers (docs/performance.md). Written together, sorted by word, the postings of 256
-- dossiers share their leaves. Every dossier whose id is at most dossier_id below has its postings;
-- the name search reads the dossiers above it (at most a batch) row by row
-- (store/dossier_list_store.c), so that what it finds is the same. PostgreSQL keeps writing the
-- postings with the dossier; its table of the same name is there for the data transfer, which
-- writes the postings of the source's dossiers above the mark (store/transfer.c).
CREATE TABLE dossier_name_words_upto (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	dossier_id INTEGER NOT NULL
) STRICT;
INSERT INTO dossier_name_words_upto (id, dossier_id)
	SELECT 1, coalesce(max(id), 0) FROM dossiers;
