-- A new dossier's statistics are written by the store, once per transaction (issue 22;
-- src/store/report_batch.c), no longer by 0040's report_insert trigger on every inserted row: the
-- one path that inserts dossiers (dstore_insert) notes the row's cells and keys, and the COMMIT
-- writes them, those of the same kind, day and key added together, in one upsert for the cells
-- and one for the keys. The cells and keys are the same (tests/unit/test_report_batch.c compares
-- them with what this trigger wrote). A trigger cost an intake its statements and, before them,
-- a frame for its whole program (SQLite allocates and zeroes it on every row): 153,000 of an
-- intake's 1,406,000 instructions. Rows inserted into dossiers any other way (a bulk load) get
-- no cells from here on: bench/gen_bulk.c writes them itself, as it did with the trigger off.
DROP TRIGGER report_insert;
