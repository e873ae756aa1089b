-- CHECK constraints without temporary b-trees (issue 22: the cost of an intake's writes).
--
-- SQLite evaluates `x IN ('a', 'b', 'c')` (or `x IN (10, 15, 20)`) with three or more constants by building a temporary
-- b-tree of the list (OpenEphemeral: a pager and a page allocated, filled and freed) once per
-- execution of each statement, and for a trigger's statement once per row it runs for. Every
-- CHECK of that form did so on every INSERT, and on every UPDATE of its column: a counter intake
-- built 14 of them in `INSERT INTO dossiers` alone (the 4 CHECKs of dossiers, and report_cells'
-- and report_keys' kind in each of the 9 statements of 0040's trigger), and more in the event's
-- trigger (its WHEN), the notification and the outbox message. The same test written as
-- comparisons joined by OR builds nothing. It is the same constraint: for a NULL the IN and the
-- ORs are both NULL (the CHECK passes), for any other value both are true exactly when the value
-- is one of the constants, compared with the column's collation (BINARY) either way. What is
-- left: the partial index dossiers_open_received (`WHERE status IN (...)`, which the inbox
-- queries must repeat word for word to use it) builds one per write of a dossier row;
-- tests/unit/test_store_db.c test_check_lists holds every table's INSERT to that.
--
-- The tables keep their rows; only the text of their CHECKs changes, written into the schema
-- table as SQLite documents for changing CHECK constraints without rebuilding a table
-- (https://www.sqlite.org/lang_altertable.html, "Making Other Kinds Of Table Schema Changes"):
-- every existing row satisfies the new text because it is the old one's equal. RESET makes this
-- connection read the schema again; the trigger's DROP and CREATE below change the schema's
-- version, so every other connection reads it again before its next statement. A CHECK whose old
-- text is not found (no database made by these migrations lacks one) is left as it was: slower,
-- not wrong. PostgreSQL has no such cost and no counterpart (sql/pg/0041 changes nothing).
PRAGMA writable_schema = ON;
UPDATE sqlite_schema SET sql = replace(sql,
		'status IN (''booked'', ''cancelled'', ''arrived'', ''no_show'')',
		'(status = ''booked'' OR status = ''cancelled'' OR status = ''arrived'' OR status = ''no_show'')')
WHERE type = 'table' AND name = 'bookings';
UPDATE sqlite_schema SET sql = replace(sql,
		'timeliness IN (''early'', ''on_time'', ''late'')',
		'(timeliness = ''early'' OR timeliness = ''on_time'' OR timeliness = ''late'')')
WHERE type = 'table' AND name = 'dossier_opinions';
UPDATE sqlite_schema SET sql = replace(sql,
		'timeliness IN (''early'', ''on_time'', ''late'')',
		'(timeliness = ''early'' OR timeliness = ''on_time'' OR timeliness = ''late'')')
WHERE type = 'table' AND name = 'dossier_sendbacks';
UPDATE sqlite_schema SET sql = replace(replace(replace(replace(sql,
		'status IN (''submitted'', ''needs_completion'', ''received'', ''processing'',
		''awaiting_supplement'', ''ready_for_return'', ''returned'', ''stopped'', ''refused'')',
		'(status = ''submitted'' OR status = ''needs_completion'' OR status = ''received'' OR status = ''processing'' OR status = ''awaiting_supplement'' OR status = ''ready_for_return'' OR status = ''returned'' OR status = ''stopped'' OR status = ''refused'')'),
		'channel IN (''counter'', ''online'', ''post'')',
		'(channel = ''counter'' OR channel = ''online'' OR channel = ''post'')'),
		'return_channel IN (''counter'', ''post'', ''online'')',
		'(return_channel = ''counter'' OR return_channel = ''post'' OR return_channel = ''online'')'),
		'timeliness IN (''early'', ''on_time'', ''late'')',
		'(timeliness = ''early'' OR timeliness = ''on_time'' OR timeliness = ''late'')')
WHERE type = 'table' AND name = 'dossiers';
UPDATE sqlite_schema SET sql = replace(replace(sql,
		'kind IN (''phan_anh'', ''kien_nghi'', ''khieu_nai'')',
		'(kind = ''phan_anh'' OR kind = ''kien_nghi'' OR kind = ''khieu_nai'')'),
		'about IN (''dossier'', ''point'', ''officer'')',
		'(about = ''dossier'' OR about = ''point'' OR about = ''officer'')')
WHERE type = 'table' AND name = 'feedback';
UPDATE sqlite_schema SET sql = replace(replace(sql,
		'kind IN (''staff'', ''dossier'', ''record'', ''asset'')',
		'(kind = ''staff'' OR kind = ''dossier'' OR kind = ''record'' OR kind = ''asset'')'),
		'status IN (''pending'', ''received'', ''missing'', ''damaged'')',
		'(status = ''pending'' OR status = ''received'' OR status = ''missing'' OR status = ''damaged'')')
WHERE type = 'table' AND name = 'handover_items';
UPDATE sqlite_schema SET sql = replace(sql,
		'state IN (''pending'', ''sent'', ''dead'', ''skipped'')',
		'(state = ''pending'' OR state = ''sent'' OR state = ''dead'' OR state = ''skipped'')')
WHERE type = 'table' AND name = 'notifications';
UPDATE sqlite_schema SET sql = replace(sql,
		'state IN (''pending'', ''delivered'', ''dead'')',
		'(state = ''pending'' OR state = ''delivered'' OR state = ''dead'')')
WHERE type = 'table' AND name = 'outbox_messages';
UPDATE sqlite_schema SET sql = replace(sql,
		'status IN (''pending'', ''paid'', ''failed'', ''refunded'')',
		'(status = ''pending'' OR status = ''paid'' OR status = ''failed'' OR status = ''refunded'')')
WHERE type = 'table' AND name = 'payments';
UPDATE sqlite_schema SET sql = replace(sql,
		'kind IN (''month'', ''quarter'', ''year'')',
		'(kind = ''month'' OR kind = ''quarter'' OR kind = ''year'')')
WHERE type = 'table' AND name = 'periodic_reports';
UPDATE sqlite_schema SET sql = replace(sql,
		'state IN (''pending'', ''acknowledged'', ''failed'')',
		'(state = ''pending'' OR state = ''acknowledged'' OR state = ''failed'')')
WHERE type = 'table' AND name = 'portal_sync';
UPDATE sqlite_schema SET sql = replace(sql,
		'original_or_copy IN (''original'', ''copy'', ''either'')',
		'(original_or_copy = ''original'' OR original_or_copy = ''copy'' OR original_or_copy = ''either'')')
WHERE type = 'table' AND name = 'procedure_components';
UPDATE sqlite_schema SET sql = replace(sql,
		'duration_unit IN (''working_hours'', ''working_days'', ''calendar_days'', ''same_day'')',
		'(duration_unit = ''working_hours'' OR duration_unit = ''working_days'' OR duration_unit = ''calendar_days'' OR duration_unit = ''same_day'')')
WHERE type = 'table' AND name = 'procedure_steps';
UPDATE sqlite_schema SET sql = replace(replace(sql,
		'duration_unit IN (''working_hours'', ''working_days'', ''calendar_days'', ''same_day'')',
		'(duration_unit = ''working_hours'' OR duration_unit = ''working_days'' OR duration_unit = ''calendar_days'' OR duration_unit = ''same_day'')'),
		'online IN (''full'', ''partial'', ''none'')',
		'(online = ''full'' OR online = ''partial'' OR online = ''none'')')
WHERE type = 'table' AND name = 'procedures';
UPDATE sqlite_schema SET sql = replace(replace(sql,
		'priority IN (''elderly'', ''pregnant'', ''disabled'', ''appointment'')',
		'(priority = ''elderly'' OR priority = ''pregnant'' OR priority = ''disabled'' OR priority = ''appointment'')'),
		'status IN (''waiting'', ''called'', ''done'', ''skipped'', ''expired'')',
		'(status = ''waiting'' OR status = ''called'' OR status = ''done'' OR status = ''skipped'' OR status = ''expired'')')
WHERE type = 'table' AND name = 'queue_tickets';
UPDATE sqlite_schema SET sql = replace(sql,
		'kind IN (''staff'', ''asset'', ''record'')',
		'(kind = ''staff'' OR kind = ''asset'' OR kind = ''record'')')
WHERE type = 'table' AND name = 'register_spans';
UPDATE sqlite_schema SET sql = replace(sql,
		'kind IN (''receiving_unit'', ''resolver_unit'', ''procedure'', ''officer'')',
		'(kind = ''receiving_unit'' OR kind = ''resolver_unit'' OR kind = ''procedure'' OR kind = ''officer'')')
WHERE type = 'table' AND name = 'report_cells';
UPDATE sqlite_schema SET sql = replace(sql,
		'kind IN (''receiving_unit'', ''resolver_unit'', ''procedure'', ''officer'')',
		'(kind = ''receiving_unit'' OR kind = ''resolver_unit'' OR kind = ''procedure'' OR kind = ''officer'')')
WHERE type = 'table' AND name = 'report_keys';
UPDATE sqlite_schema SET sql = replace(sql,
		'kind IN (''city_pc'', ''center'', ''branch'', ''service_point'', ''department'', ''commune_pc'')',
		'(kind = ''city_pc'' OR kind = ''center'' OR kind = ''branch'' OR kind = ''service_point'' OR kind = ''department'' OR kind = ''commune_pc'')')
WHERE type = 'table' AND name = 'units';
UPDATE sqlite_schema SET sql = replace(sql,
		'role IN (''admin'', ''center_manager'', ''unit_manager'', ''receiver'', ''processor'', ''approver'', ''citizen'')',
		'(role = ''admin'' OR role = ''center_manager'' OR role = ''unit_manager'' OR role = ''receiver'' OR role = ''processor'' OR role = ''approver'' OR role = ''citizen'')')
WHERE type = 'table' AND name = 'user_roles';
UPDATE sqlite_schema SET sql = replace(sql,
		'slot_minutes IN (10, 15, 20, 30, 60)',
		'(slot_minutes = 10 OR slot_minutes = 15 OR slot_minutes = 20 OR slot_minutes = 30 OR slot_minutes = 60)')
WHERE type = 'table' AND name = 'booking_settings';
PRAGMA writable_schema = RESET;

-- The same for the WHEN of 0035's event trigger (six actions), rewritten whole.
DROP TRIGGER report_officer_acts;
CREATE TRIGGER report_officer_acts AFTER INSERT ON dossier_events
WHEN (NEW.action = 'intake' OR NEW.action = 'receive' OR NEW.action = 'decide'
	OR NEW.action = 'return' OR NEW.action = 'refuse' OR NEW.action = 'stop')
	AND NOT EXISTS (SELECT 1 FROM users u JOIN user_roles r ON r.user_id = u.id WHERE u.username = NEW.actor AND r.role = 'citizen')
BEGIN
	UPDATE dossiers SET received_by = NEW.actor WHERE id = NEW.dossier_id AND NEW.action IN ('intake', 'receive') AND received_by IS NOT NEW.actor;
	UPDATE dossiers SET decided_by = NEW.actor WHERE id = NEW.dossier_id AND NEW.action = 'decide' AND decided_by IS NOT NEW.actor;
	UPDATE dossiers SET returned_by = NEW.actor WHERE id = NEW.dossier_id AND NEW.action = 'return' AND returned_by IS NOT NEW.actor;
	UPDATE dossiers SET closed_by = NEW.actor WHERE id = NEW.dossier_id AND NEW.action IN ('refuse', 'stop') AND closed_by IS NOT NEW.actor;
END;
