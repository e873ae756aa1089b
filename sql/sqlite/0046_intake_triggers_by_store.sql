-- The last row triggers on intake's path are the store's work from here on (issue 22; what each
-- cost an intake, counted in instructions, is in docs/performance.md):
--  - report_officer_acts (0017, 0035, 0041): who received, decided, returned or closed a dossier
--    (an officer, never a citizen) is written by dstore_add_event, the one path that inserts
--    events, with the same four UPDATEs (store/dossier_store.c acted_column);
--  - report_step_insert (0017, 0043): a step inserted done by a processor counts for them; steps
--    are inserted by dstore_insert alone, which notes the cell and key with the dossier's own
--    (store/report_batch.c), written at COMMIT;
--  - report_component_insert (0012, 0035, 0042, 0043): papers inserted needed and not scanned
--    counted in dossiers.undigitized. dstore_insert writes undigitized from the very papers it
--    inserts (0042: counted = 1); dstore_set_components inserts papers not needed (needed = 0),
--    which the trigger never counted. No other path inserts papers: a bulk load writes
--    undigitized itself. The counted column stays, meaning nothing from here on.
-- The UPDATE and DELETE triggers of these tables stay: they keep the figures as rows change.
DROP TRIGGER report_officer_acts;
DROP TRIGGER report_step_insert;
DROP TRIGGER report_component_insert;
