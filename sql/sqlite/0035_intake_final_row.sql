-- Intake writes a new dossier's row in its final state (issue 22): received_by (the receiving
-- officer) and undigitized (needed components without a document) come with the INSERT, so the
-- triggers that used to set them afterwards, each UPDATE rewriting the row and running every
-- update trigger, find nothing to do. The figures are the same: the insert triggers count from
-- the row as they did from the updates. The officer's acts set a column only when it changes;
-- a component is counted only while the dossier's count is below the components' own, so that
-- undigitized always equals that number whichever way the rows were written.
DROP TRIGGER report_officer_acts;
CREATE TRIGGER report_officer_acts AFTER INSERT ON dossier_events
WHEN NEW.action IN ('intake', 'receive', 'decide', 'return', 'refuse', 'stop')
	AND NOT EXISTS (SELECT 1 FROM users u JOIN user_roles r ON r.user_id = u.id WHERE u.username = NEW.actor AND r.role = 'citizen')
BEGIN
	UPDATE dossiers SET received_by = NEW.actor WHERE id = NEW.dossier_id AND NEW.action IN ('intake', 'receive') AND received_by IS NOT NEW.actor;
	UPDATE dossiers SET decided_by = NEW.actor WHERE id = NEW.dossier_id AND NEW.action = 'decide' AND decided_by IS NOT NEW.actor;
	UPDATE dossiers SET returned_by = NEW.actor WHERE id = NEW.dossier_id AND NEW.action = 'return' AND returned_by IS NOT NEW.actor;
	UPDATE dossiers SET closed_by = NEW.actor WHERE id = NEW.dossier_id AND NEW.action IN ('refuse', 'stop') AND closed_by IS NOT NEW.actor;
END;
DROP TRIGGER report_component_insert;
CREATE TRIGGER report_component_insert AFTER INSERT ON dossier_components
WHEN NEW.needed = 1 AND NEW.document IS NULL
	AND (SELECT undigitized FROM dossiers WHERE id = NEW.dossier_id)
		< (SELECT count(*) FROM dossier_components c WHERE c.dossier_id = NEW.dossier_id AND c.needed = 1 AND c.document IS NULL)
BEGIN
	UPDATE dossiers SET undigitized = undigitized + 1 WHERE id = NEW.dossier_id;
END;
