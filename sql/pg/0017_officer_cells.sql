-- PostgreSQL 15 version of sql/sqlite/0017_officer_cells.sql (docs/postgresql.md): the same tables, columns,
-- constraints, indexes and trigger behaviour; the migrator records the version.
-- Statistics by officer (issue 13 item 10): each figure is credited to the officer who did the act
-- it counts, never to the account that created the dossier (a citizen's, for an online
-- submission). received (by channel, with its supplement requests and digitization): the receiver
-- who took it in at the counter or by post, or received it at the online desk; processed: the
-- processor who completed a step (steps of the processor role); decided (early, on time, late,
-- denied, approved, electronic result): the approver who decided; returned, and the rating given
-- after it: the receiver who returned the result; stopped and refused: the officer who stopped or
-- refused it (an applicant who stopped their own dossier is no officer: not counted). Work in
-- progress belongs to no officer (steps wait at a role of a unit, not at a person).
--
-- Who did each act is read from the dossier's history: a trigger on dossier_events copies the
-- actor of intake/receive, decide, return, refuse and stop into the dossier's received_by,
-- decided_by, returned_by and closed_by (never a citizen's account), so every writer of the
-- history keeps them; triggers on dossiers and dossier_steps keep the officer day cells from these
-- columns as 0012's keep the units' and procedures' (0012's triggers are rebuilt without the
-- officer grouping). The officer cells and keys are rebuilt from the history below.

ALTER TABLE dossiers ADD COLUMN received_by TEXT;
ALTER TABLE dossiers ADD COLUMN decided_by TEXT;
ALTER TABLE dossiers ADD COLUMN returned_by TEXT;
ALTER TABLE dossiers ADD COLUMN closed_by TEXT;
ALTER TABLE report_cells ADD COLUMN processed BIGINT NOT NULL DEFAULT 0;

DROP TRIGGER report_dossier_insert ON dossiers;
DROP FUNCTION report_dossier_insert();
DROP TRIGGER report_dossier_update_received ON dossiers;
DROP FUNCTION report_dossier_update_received();
DROP TRIGGER report_dossier_update_decided ON dossiers;
DROP FUNCTION report_dossier_update_decided();
DROP TRIGGER report_dossier_update_submitted ON dossiers;
DROP FUNCTION report_dossier_update_submitted();
DROP TRIGGER report_dossier_update_returned ON dossiers;
DROP FUNCTION report_dossier_update_returned();
DROP TRIGGER report_dossier_update_rated ON dossiers;
DROP FUNCTION report_dossier_update_rated();
DROP TRIGGER report_dossier_delete ON dossiers;
DROP FUNCTION report_dossier_delete();
-- Who did each act so far, from the history.
UPDATE dossiers SET received_by = (SELECT e.actor FROM dossier_events e WHERE e.dossier_id = dossiers.id AND e.action IN ('intake', 'receive') AND NOT EXISTS (SELECT 1 FROM users u JOIN user_roles r ON r.user_id = u.id WHERE u.username = e.actor AND r.role = 'citizen') ORDER BY e.id DESC LIMIT 1),
	decided_by = (SELECT e.actor FROM dossier_events e WHERE e.dossier_id = dossiers.id AND e.action IN ('decide') AND NOT EXISTS (SELECT 1 FROM users u JOIN user_roles r ON r.user_id = u.id WHERE u.username = e.actor AND r.role = 'citizen') ORDER BY e.id DESC LIMIT 1),
	returned_by = (SELECT e.actor FROM dossier_events e WHERE e.dossier_id = dossiers.id AND e.action IN ('return') AND NOT EXISTS (SELECT 1 FROM users u JOIN user_roles r ON r.user_id = u.id WHERE u.username = e.actor AND r.role = 'citizen') ORDER BY e.id DESC LIMIT 1),
	closed_by = (SELECT e.actor FROM dossier_events e WHERE e.dossier_id = dossiers.id AND e.action IN ('refuse', 'stop') AND NOT EXISTS (SELECT 1 FROM users u JOIN user_roles r ON r.user_id = u.id WHERE u.username = e.actor AND r.role = 'citizen') ORDER BY e.id DESC LIMIT 1);

DELETE FROM report_cells WHERE kind = 'officer';
DELETE FROM report_keys WHERE kind = 'officer';
INSERT INTO report_cells (kind, day, key, recv_counter, recv_online, recv_post, supplement_requests, digitized, scanned_needed)
SELECT 'officer', (d.received_at + 25200) / 86400 AS day, d.received_by, sum(coalesce((d.channel = 'counter')::int, 0)), sum(coalesce((d.channel = 'online')::int, 0)), sum(coalesce((d.channel = 'post')::int, 0)), sum(coalesce(d.supplement_requests, 0)), sum(coalesce((d.channel <> 'online' AND d.undigitized = 0)::int, 0)), sum(coalesce((d.channel <> 'online')::int, 0))
FROM dossiers d WHERE d.received_by IS NOT NULL AND d.received_at IS NOT NULL GROUP BY day, d.received_by ORDER BY day, d.received_by
ON CONFLICT (kind, day, key) DO UPDATE SET recv_counter = report_cells.recv_counter + excluded.recv_counter, recv_online = report_cells.recv_online + excluded.recv_online, recv_post = report_cells.recv_post + excluded.recv_post, supplement_requests = report_cells.supplement_requests + excluded.supplement_requests, digitized = report_cells.digitized + excluded.digitized, scanned_needed = report_cells.scanned_needed + excluded.scanned_needed;
INSERT INTO report_cells (kind, day, key, early, on_time, late, denied, approved, electronic)
SELECT 'officer', (d.decided_at + 25200) / 86400 AS day, d.decided_by, sum(coalesce((d.timeliness = 'early')::int, 0)), sum(coalesce((d.timeliness = 'on_time')::int, 0)), sum(coalesce((d.timeliness = 'late')::int, 0)), sum(coalesce((d.decision = 'denied')::int, 0)), sum(coalesce((d.decision = 'approved')::int, 0)), sum(coalesce((d.decision = 'approved' AND d.result_document IS NOT NULL)::int, 0))
FROM dossiers d WHERE d.decided_by IS NOT NULL AND d.decided_at IS NOT NULL GROUP BY day, d.decided_by ORDER BY day, d.decided_by
ON CONFLICT (kind, day, key) DO UPDATE SET early = report_cells.early + excluded.early, on_time = report_cells.on_time + excluded.on_time, late = report_cells.late + excluded.late, denied = report_cells.denied + excluded.denied, approved = report_cells.approved + excluded.approved, electronic = report_cells.electronic + excluded.electronic;
INSERT INTO report_cells (kind, day, key, stopped, refused)
SELECT 'officer', (d.submitted_at + 25200) / 86400 AS day, d.closed_by, sum(coalesce((d.status = 'stopped')::int, 0)), sum(coalesce((d.status = 'refused')::int, 0))
FROM dossiers d WHERE d.closed_by IS NOT NULL AND d.status IN ('stopped', 'refused') GROUP BY day, d.closed_by ORDER BY day, d.closed_by
ON CONFLICT (kind, day, key) DO UPDATE SET stopped = report_cells.stopped + excluded.stopped, refused = report_cells.refused + excluded.refused;
INSERT INTO report_cells (kind, day, key, returned)
SELECT 'officer', (d.returned_at + 25200) / 86400 AS day, d.returned_by, sum(coalesce(1, 0))
FROM dossiers d WHERE d.returned_by IS NOT NULL AND d.returned_at IS NOT NULL GROUP BY day, d.returned_by ORDER BY day, d.returned_by
ON CONFLICT (kind, day, key) DO UPDATE SET returned = report_cells.returned + excluded.returned;
INSERT INTO report_cells (kind, day, key, rated, satisfied)
SELECT 'officer', (d.rated_at + 25200) / 86400 AS day, d.returned_by, sum(coalesce(1, 0)), sum(coalesce((d.rating IN ('very_satisfied', 'satisfied'))::int, 0))
FROM dossiers d WHERE d.returned_by IS NOT NULL AND d.rated_at IS NOT NULL GROUP BY day, d.returned_by ORDER BY day, d.returned_by
ON CONFLICT (kind, day, key) DO UPDATE SET rated = report_cells.rated + excluded.rated, satisfied = report_cells.satisfied + excluded.satisfied;
INSERT INTO report_cells (kind, day, key, processed)
SELECT 'officer', (s.done_at + 25200) / 86400 AS day, s.done_by, count(*)
FROM dossier_steps s WHERE s.role = 'processor' AND s.done_by IS NOT NULL AND s.done_at IS NOT NULL GROUP BY day, s.done_by ORDER BY day, s.done_by
ON CONFLICT (kind, day, key) DO UPDATE SET processed = report_cells.processed + excluded.processed;
INSERT INTO report_keys (kind, key, name, first_at)
SELECT 'officer', key, key, min(at) FROM (SELECT received_by AS key, received_at AS at FROM dossiers WHERE received_by IS NOT NULL AND received_at IS NOT NULL
	UNION ALL SELECT decided_by, decided_at FROM dossiers WHERE decided_by IS NOT NULL AND decided_at IS NOT NULL
	UNION ALL SELECT closed_by, submitted_at FROM dossiers WHERE closed_by IS NOT NULL AND status IN ('stopped', 'refused')
	UNION ALL SELECT returned_by, returned_at FROM dossiers WHERE returned_by IS NOT NULL AND returned_at IS NOT NULL
	UNION ALL SELECT done_by, done_at FROM dossier_steps WHERE role = 'processor' AND done_by IS NOT NULL AND done_at IS NOT NULL) AS k GROUP BY key;

-- The units and procedures, as 0012 kept them.
CREATE FUNCTION report_dossier_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO report_cells (kind, day, key, recv_counter, recv_online, recv_post, supplement_requests, digitized, scanned_needed)
	SELECT k.kind, (NEW.received_at + 25200) / 86400, k.key, +coalesce((NEW.channel = 'counter')::int, 0), +coalesce((NEW.channel = 'online')::int, 0), +coalesce((NEW.channel = 'post')::int, 0), +coalesce((NEW.supplement_requests), 0), +coalesce((NEW.channel <> 'online' AND NEW.undigitized = 0)::int, 0), +coalesce((NEW.channel <> 'online')::int, 0)
	FROM (SELECT 'receiving_unit' AS kind, NEW.receiving_unit AS key UNION ALL SELECT 'resolver_unit' AS kind, NEW.resolver_unit AS key UNION ALL SELECT 'procedure' AS kind, NEW.procedure_code AS key) k WHERE k.key IS NOT NULL AND NEW.received_at IS NOT NULL
	ON CONFLICT (kind, day, key) DO UPDATE SET recv_counter = report_cells.recv_counter + excluded.recv_counter, recv_online = report_cells.recv_online + excluded.recv_online, recv_post = report_cells.recv_post + excluded.recv_post, supplement_requests = report_cells.supplement_requests + excluded.supplement_requests, digitized = report_cells.digitized + excluded.digitized, scanned_needed = report_cells.scanned_needed + excluded.scanned_needed;
	INSERT INTO report_cells (kind, day, key, early, on_time, late, denied, approved, electronic)
	SELECT k.kind, (NEW.decided_at + 25200) / 86400, k.key, +coalesce((NEW.timeliness = 'early')::int, 0), +coalesce((NEW.timeliness = 'on_time')::int, 0), +coalesce((NEW.timeliness = 'late')::int, 0), +coalesce((NEW.decision = 'denied')::int, 0), +coalesce((NEW.decision = 'approved')::int, 0), +coalesce((NEW.decision = 'approved' AND NEW.result_document IS NOT NULL)::int, 0)
	FROM (SELECT 'receiving_unit' AS kind, NEW.receiving_unit AS key UNION ALL SELECT 'resolver_unit' AS kind, NEW.resolver_unit AS key UNION ALL SELECT 'procedure' AS kind, NEW.procedure_code AS key) k WHERE k.key IS NOT NULL AND NEW.decided_at IS NOT NULL
	ON CONFLICT (kind, day, key) DO UPDATE SET early = report_cells.early + excluded.early, on_time = report_cells.on_time + excluded.on_time, late = report_cells.late + excluded.late, denied = report_cells.denied + excluded.denied, approved = report_cells.approved + excluded.approved, electronic = report_cells.electronic + excluded.electronic;
	INSERT INTO report_cells (kind, day, key, stopped, refused)
	SELECT k.kind, (NEW.submitted_at + 25200) / 86400, k.key, +coalesce((NEW.status = 'stopped')::int, 0), +coalesce((NEW.status = 'refused')::int, 0)
	FROM (SELECT 'receiving_unit' AS kind, NEW.receiving_unit AS key UNION ALL SELECT 'resolver_unit' AS kind, NEW.resolver_unit AS key UNION ALL SELECT 'procedure' AS kind, NEW.procedure_code AS key) k WHERE k.key IS NOT NULL AND NEW.status IN ('stopped', 'refused')
	ON CONFLICT (kind, day, key) DO UPDATE SET stopped = report_cells.stopped + excluded.stopped, refused = report_cells.refused + excluded.refused;
	INSERT INTO report_cells (kind, day, key, returned)
	SELECT k.kind, (NEW.returned_at + 25200) / 86400, k.key, +coalesce((1), 0)
	FROM (SELECT 'receiving_unit' AS kind, NEW.receiving_unit AS key UNION ALL SELECT 'resolver_unit' AS kind, NEW.resolver_unit AS key UNION ALL SELECT 'procedure' AS kind, NEW.procedure_code AS key) k WHERE k.key IS NOT NULL AND NEW.returned_at IS NOT NULL
	ON CONFLICT (kind, day, key) DO UPDATE SET returned = report_cells.returned + excluded.returned;
	INSERT INTO report_cells (kind, day, key, rated, satisfied)
	SELECT k.kind, (NEW.rated_at + 25200) / 86400, k.key, +coalesce((1), 0), +coalesce((NEW.rating IN ('very_satisfied', 'satisfied'))::int, 0)
	FROM (SELECT 'receiving_unit' AS kind, NEW.receiving_unit AS key UNION ALL SELECT 'resolver_unit' AS kind, NEW.resolver_unit AS key UNION ALL SELECT 'procedure' AS kind, NEW.procedure_code AS key) k WHERE k.key IS NOT NULL AND NEW.rated_at IS NOT NULL
	ON CONFLICT (kind, day, key) DO UPDATE SET rated = report_cells.rated + excluded.rated, satisfied = report_cells.satisfied + excluded.satisfied;
	INSERT INTO report_keys (kind, key, name, first_at)
	VALUES ('receiving_unit', NEW.receiving_unit, NEW.receiving_unit, LEAST(NEW.submitted_at, coalesce(NEW.received_at, NEW.submitted_at)))
	ON CONFLICT (kind, key) DO UPDATE SET first_at = LEAST(report_keys.first_at, excluded.first_at), name = GREATEST(report_keys.name, excluded.name)
	WHERE excluded.first_at < report_keys.first_at OR excluded.name > report_keys.name;
	INSERT INTO report_keys (kind, key, name, first_at)
	VALUES ('resolver_unit', NEW.resolver_unit, NEW.resolver_unit, LEAST(NEW.submitted_at, coalesce(NEW.received_at, NEW.submitted_at)))
	ON CONFLICT (kind, key) DO UPDATE SET first_at = LEAST(report_keys.first_at, excluded.first_at), name = GREATEST(report_keys.name, excluded.name)
	WHERE excluded.first_at < report_keys.first_at OR excluded.name > report_keys.name;
	INSERT INTO report_keys (kind, key, name, first_at)
	VALUES ('procedure', NEW.procedure_code, NEW.procedure_name, LEAST(NEW.submitted_at, coalesce(NEW.received_at, NEW.submitted_at)))
	ON CONFLICT (kind, key) DO UPDATE SET first_at = LEAST(report_keys.first_at, excluded.first_at), name = GREATEST(report_keys.name, excluded.name)
	WHERE excluded.first_at < report_keys.first_at OR excluded.name > report_keys.name;
	RETURN NULL;
END;
$$;
CREATE TRIGGER report_dossier_insert AFTER INSERT ON dossiers FOR EACH ROW
EXECUTE FUNCTION report_dossier_insert();

CREATE FUNCTION report_dossier_update_received() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO report_cells (kind, day, key, recv_counter, recv_online, recv_post, supplement_requests, digitized, scanned_needed)
	SELECT k.kind, (OLD.received_at + 25200) / 86400, k.key, -coalesce((OLD.channel = 'counter')::int, 0), -coalesce((OLD.channel = 'online')::int, 0), -coalesce((OLD.channel = 'post')::int, 0), -coalesce((OLD.supplement_requests), 0), -coalesce((OLD.channel <> 'online' AND OLD.undigitized = 0)::int, 0), -coalesce((OLD.channel <> 'online')::int, 0)
	FROM (SELECT 'receiving_unit' AS kind, OLD.receiving_unit AS key UNION ALL SELECT 'resolver_unit' AS kind, OLD.resolver_unit AS key UNION ALL SELECT 'procedure' AS kind, OLD.procedure_code AS key) k WHERE k.key IS NOT NULL AND OLD.received_at IS NOT NULL
	ON CONFLICT (kind, day, key) DO UPDATE SET recv_counter = report_cells.recv_counter + excluded.recv_counter, recv_online = report_cells.recv_online + excluded.recv_online, recv_post = report_cells.recv_post + excluded.recv_post, supplement_requests = report_cells.supplement_requests + excluded.supplement_requests, digitized = report_cells.digitized + excluded.digitized, scanned_needed = report_cells.scanned_needed + excluded.scanned_needed;
	INSERT INTO report_cells (kind, day, key, recv_counter, recv_online, recv_post, supplement_requests, digitized, scanned_needed)
	SELECT k.kind, (NEW.received_at + 25200) / 86400, k.key, +coalesce((NEW.channel = 'counter')::int, 0), +coalesce((NEW.channel = 'online')::int, 0), +coalesce((NEW.channel = 'post')::int, 0), +coalesce((NEW.supplement_requests), 0), +coalesce((NEW.channel <> 'online' AND NEW.undigitized = 0)::int, 0), +coalesce((NEW.channel <> 'online')::int, 0)
	FROM (SELECT 'receiving_unit' AS kind, NEW.receiving_unit AS key UNION ALL SELECT 'resolver_unit' AS kind, NEW.resolver_unit AS key UNION ALL SELECT 'procedure' AS kind, NEW.procedure_code AS key) k WHERE k.key IS NOT NULL AND NEW.received_at IS NOT NULL
	ON CONFLICT (kind, day, key) DO UPDATE SET recv_counter = report_cells.recv_counter + excluded.recv_counter, recv_online = report_cells.recv_online + excluded.recv_online, recv_post = report_cells.recv_post + excluded.recv_post, supplement_requests = report_cells.supplement_requests + excluded.supplement_requests, digitized = report_cells.digitized + excluded.digitized, scanned_needed = report_cells.scanned_needed + excluded.scanned_needed;
	RETURN NULL;
END;
$$;
CREATE TRIGGER report_dossier_update_received AFTER UPDATE ON dossiers FOR EACH ROW
WHEN (OLD.received_at IS DISTINCT FROM NEW.received_at OR OLD.channel IS DISTINCT FROM NEW.channel OR OLD.supplement_requests IS DISTINCT FROM NEW.supplement_requests OR OLD.undigitized IS DISTINCT FROM NEW.undigitized OR OLD.receiving_unit IS DISTINCT FROM NEW.receiving_unit OR OLD.resolver_unit IS DISTINCT FROM NEW.resolver_unit OR OLD.procedure_code IS DISTINCT FROM NEW.procedure_code)
EXECUTE FUNCTION report_dossier_update_received();

CREATE FUNCTION report_dossier_update_decided() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO report_cells (kind, day, key, early, on_time, late, denied, approved, electronic)
	SELECT k.kind, (OLD.decided_at + 25200) / 86400, k.key, -coalesce((OLD.timeliness = 'early')::int, 0), -coalesce((OLD.timeliness = 'on_time')::int, 0), -coalesce((OLD.timeliness = 'late')::int, 0), -coalesce((OLD.decision = 'denied')::int, 0), -coalesce((OLD.decision = 'approved')::int, 0), -coalesce((OLD.decision = 'approved' AND OLD.result_document IS NOT NULL)::int, 0)
	FROM (SELECT 'receiving_unit' AS kind, OLD.receiving_unit AS key UNION ALL SELECT 'resolver_unit' AS kind, OLD.resolver_unit AS key UNION ALL SELECT 'procedure' AS kind, OLD.procedure_code AS key) k WHERE k.key IS NOT NULL AND OLD.decided_at IS NOT NULL
	ON CONFLICT (kind, day, key) DO UPDATE SET early = report_cells.early + excluded.early, on_time = report_cells.on_time + excluded.on_time, late = report_cells.late + excluded.late, denied = report_cells.denied + excluded.denied, approved = report_cells.approved + excluded.approved, electronic = report_cells.electronic + excluded.electronic;
	INSERT INTO report_cells (kind, day, key, early, on_time, late, denied, approved, electronic)
	SELECT k.kind, (NEW.decided_at + 25200) / 86400, k.key, +coalesce((NEW.timeliness = 'early')::int, 0), +coalesce((NEW.timeliness = 'on_time')::int, 0), +coalesce((NEW.timeliness = 'late')::int, 0), +coalesce((NEW.decision = 'denied')::int, 0), +coalesce((NEW.decision = 'approved')::int, 0), +coalesce((NEW.decision = 'approved' AND NEW.result_document IS NOT NULL)::int, 0)
	FROM (SELECT 'receiving_unit' AS kind, NEW.receiving_unit AS key UNION ALL SELECT 'resolver_unit' AS kind, NEW.resolver_unit AS key UNION ALL SELECT 'procedure' AS kind, NEW.procedure_code AS key) k WHERE k.key IS NOT NULL AND NEW.decided_at IS NOT NULL
	ON CONFLICT (kind, day, key) DO UPDATE SET early = report_cells.early + excluded.early, on_time = report_cells.on_time + excluded.on_time, late = report_cells.late + excluded.late, denied = report_cells.denied + excluded.denied, approved = report_cells.approved + excluded.approved, electronic = report_cells.electronic + excluded.electronic;
	RETURN NULL;
END;
$$;
CREATE TRIGGER report_dossier_update_decided AFTER UPDATE ON dossiers FOR EACH ROW
WHEN (OLD.decided_at IS DISTINCT FROM NEW.decided_at OR OLD.timeliness IS DISTINCT FROM NEW.timeliness OR OLD.decision IS DISTINCT FROM NEW.decision OR OLD.result_document IS DISTINCT FROM NEW.result_document OR OLD.receiving_unit IS DISTINCT FROM NEW.receiving_unit OR OLD.resolver_unit IS DISTINCT FROM NEW.resolver_unit OR OLD.procedure_code IS DISTINCT FROM NEW.procedure_code)
EXECUTE FUNCTION report_dossier_update_decided();

CREATE FUNCTION report_dossier_update_submitted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO report_cells (kind, day, key, stopped, refused)
	SELECT k.kind, (OLD.submitted_at + 25200) / 86400, k.key, -coalesce((OLD.status = 'stopped')::int, 0), -coalesce((OLD.status = 'refused')::int, 0)
	FROM (SELECT 'receiving_unit' AS kind, OLD.receiving_unit AS key UNION ALL SELECT 'resolver_unit' AS kind, OLD.resolver_unit AS key UNION ALL SELECT 'procedure' AS kind, OLD.procedure_code AS key) k WHERE k.key IS NOT NULL AND OLD.status IN ('stopped', 'refused')
	ON CONFLICT (kind, day, key) DO UPDATE SET stopped = report_cells.stopped + excluded.stopped, refused = report_cells.refused + excluded.refused;
	INSERT INTO report_cells (kind, day, key, stopped, refused)
	SELECT k.kind, (NEW.submitted_at + 25200) / 86400, k.key, +coalesce((NEW.status = 'stopped')::int, 0), +coalesce((NEW.status = 'refused')::int, 0)
	FROM (SELECT 'receiving_unit' AS kind, NEW.receiving_unit AS key UNION ALL SELECT 'resolver_unit' AS kind, NEW.resolver_unit AS key UNION ALL SELECT 'procedure' AS kind, NEW.procedure_code AS key) k WHERE k.key IS NOT NULL AND NEW.status IN ('stopped', 'refused')
	ON CONFLICT (kind, day, key) DO UPDATE SET stopped = report_cells.stopped + excluded.stopped, refused = report_cells.refused + excluded.refused;
	RETURN NULL;
END;
$$;
CREATE TRIGGER report_dossier_update_submitted AFTER UPDATE ON dossiers FOR EACH ROW
WHEN ((OLD.status IN ('stopped', 'refused')) IS DISTINCT FROM (NEW.status IN ('stopped', 'refused'))
	OR NEW.status IN ('stopped', 'refused') AND (OLD.status IS DISTINCT FROM NEW.status OR OLD.submitted_at IS DISTINCT FROM NEW.submitted_at OR OLD.receiving_unit IS DISTINCT FROM NEW.receiving_unit OR OLD.resolver_unit IS DISTINCT FROM NEW.resolver_unit OR OLD.procedure_code IS DISTINCT FROM NEW.procedure_code))
EXECUTE FUNCTION report_dossier_update_submitted();

CREATE FUNCTION report_dossier_update_returned() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO report_cells (kind, day, key, returned)
	SELECT k.kind, (OLD.returned_at + 25200) / 86400, k.key, -coalesce((1), 0)
	FROM (SELECT 'receiving_unit' AS kind, OLD.receiving_unit AS key UNION ALL SELECT 'resolver_unit' AS kind, OLD.resolver_unit AS key UNION ALL SELECT 'procedure' AS kind, OLD.procedure_code AS key) k WHERE k.key IS NOT NULL AND OLD.returned_at IS NOT NULL
	ON CONFLICT (kind, day, key) DO UPDATE SET returned = report_cells.returned + excluded.returned;
	INSERT INTO report_cells (kind, day, key, returned)
	SELECT k.kind, (NEW.returned_at + 25200) / 86400, k.key, +coalesce((1), 0)
	FROM (SELECT 'receiving_unit' AS kind, NEW.receiving_unit AS key UNION ALL SELECT 'resolver_unit' AS kind, NEW.resolver_unit AS key UNION ALL SELECT 'procedure' AS kind, NEW.procedure_code AS key) k WHERE k.key IS NOT NULL AND NEW.returned_at IS NOT NULL
	ON CONFLICT (kind, day, key) DO UPDATE SET returned = report_cells.returned + excluded.returned;
	RETURN NULL;
END;
$$;
CREATE TRIGGER report_dossier_update_returned AFTER UPDATE ON dossiers FOR EACH ROW
WHEN (OLD.returned_at IS DISTINCT FROM NEW.returned_at OR OLD.receiving_unit IS DISTINCT FROM NEW.receiving_unit OR OLD.resolver_unit IS DISTINCT FROM NEW.resolver_unit OR OLD.procedure_code IS DISTINCT FROM NEW.procedure_code)
EXECUTE FUNCTION report_dossier_update_returned();

CREATE FUNCTION report_dossier_update_rated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO report_cells (kind, day, key, rated, satisfied)
	SELECT k.kind, (OLD.rated_at + 25200) / 86400, k.key, -coalesce((1), 0), -coalesce((OLD.rating IN ('very_satisfied', 'satisfied'))::int, 0)
	FROM (SELECT 'receiving_unit' AS kind, OLD.receiving_unit AS key UNION ALL SELECT 'resolver_unit' AS kind, OLD.resolver_unit AS key UNION ALL SELECT 'procedure' AS kind, OLD.procedure_code AS key) k WHERE k.key IS NOT NULL AND OLD.rated_at IS NOT NULL
	ON CONFLICT (kind, day, key) DO UPDATE SET rated = report_cells.rated + excluded.rated, satisfied = report_cells.satisfied + excluded.satisfied;
	INSERT INTO report_cells (kind, day, key, rated, satisfied)
	SELECT k.kind, (NEW.rated_at + 25200) / 86400, k.key, +coalesce((1), 0), +coalesce((NEW.rating IN ('very_satisfied', 'satisfied'))::int, 0)
	FROM (SELECT 'receiving_unit' AS kind, NEW.receiving_unit AS key UNION ALL SELECT 'resolver_unit' AS kind, NEW.resolver_unit AS key UNION ALL SELECT 'procedure' AS kind, NEW.procedure_code AS key) k WHERE k.key IS NOT NULL AND NEW.rated_at IS NOT NULL
	ON CONFLICT (kind, day, key) DO UPDATE SET rated = report_cells.rated + excluded.rated, satisfied = report_cells.satisfied + excluded.satisfied;
	RETURN NULL;
END;
$$;
CREATE TRIGGER report_dossier_update_rated AFTER UPDATE ON dossiers FOR EACH ROW
WHEN (OLD.rated_at IS DISTINCT FROM NEW.rated_at OR OLD.rating IS DISTINCT FROM NEW.rating OR OLD.receiving_unit IS DISTINCT FROM NEW.receiving_unit OR OLD.resolver_unit IS DISTINCT FROM NEW.resolver_unit OR OLD.procedure_code IS DISTINCT FROM NEW.procedure_code)
EXECUTE FUNCTION report_dossier_update_rated();

CREATE FUNCTION report_dossier_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO report_cells (kind, day, key, recv_counter, recv_online, recv_post, supplement_requests, digitized, scanned_needed)
	SELECT k.kind, (OLD.received_at + 25200) / 86400, k.key, -coalesce((OLD.channel = 'counter')::int, 0), -coalesce((OLD.channel = 'online')::int, 0), -coalesce((OLD.channel = 'post')::int, 0), -coalesce((OLD.supplement_requests), 0), -coalesce((OLD.channel <> 'online' AND OLD.undigitized = 0)::int, 0), -coalesce((OLD.channel <> 'online')::int, 0)
	FROM (SELECT 'receiving_unit' AS kind, OLD.receiving_unit AS key UNION ALL SELECT 'resolver_unit' AS kind, OLD.resolver_unit AS key UNION ALL SELECT 'procedure' AS kind, OLD.procedure_code AS key) k WHERE k.key IS NOT NULL AND OLD.received_at IS NOT NULL
	ON CONFLICT (kind, day, key) DO UPDATE SET recv_counter = report_cells.recv_counter + excluded.recv_counter, recv_online = report_cells.recv_online + excluded.recv_online, recv_post = report_cells.recv_post + excluded.recv_post, supplement_requests = report_cells.supplement_requests + excluded.supplement_requests, digitized = report_cells.digitized + excluded.digitized, scanned_needed = report_cells.scanned_needed + excluded.scanned_needed;
	INSERT INTO report_cells (kind, day, key, early, on_time, late, denied, approved, electronic)
	SELECT k.kind, (OLD.decided_at + 25200) / 86400, k.key, -coalesce((OLD.timeliness = 'early')::int, 0), -coalesce((OLD.timeliness = 'on_time')::int, 0), -coalesce((OLD.timeliness = 'late')::int, 0), -coalesce((OLD.decision = 'denied')::int, 0), -coalesce((OLD.decision = 'approved')::int, 0), -coalesce((OLD.decision = 'approved' AND OLD.result_document IS NOT NULL)::int, 0)
	FROM (SELECT 'receiving_unit' AS kind, OLD.receiving_unit AS key UNION ALL SELECT 'resolver_unit' AS kind, OLD.resolver_unit AS key UNION ALL SELECT 'procedure' AS kind, OLD.procedure_code AS key) k WHERE k.key IS NOT NULL AND OLD.decided_at IS NOT NULL
	ON CONFLICT (kind, day, key) DO UPDATE SET early = report_cells.early + excluded.early, on_time = report_cells.on_time + excluded.on_time, late = report_cells.late + excluded.late, denied = report_cells.denied + excluded.denied, approved = report_cells.approved + excluded.approved, electronic = report_cells.electronic + excluded.electronic;
	INSERT INTO report_cells (kind, day, key, stopped, refused)
	SELECT k.kind, (OLD.submitted_at + 25200) / 86400, k.key, -coalesce((OLD.status = 'stopped')::int, 0), -coalesce((OLD.status = 'refused')::int, 0)
	FROM (SELECT 'receiving_unit' AS kind, OLD.receiving_unit AS key UNION ALL SELECT 'resolver_unit' AS kind, OLD.resolver_unit AS key UNION ALL SELECT 'procedure' AS kind, OLD.procedure_code AS key) k WHERE k.key IS NOT NULL AND OLD.status IN ('stopped', 'refused')
	ON CONFLICT (kind, day, key) DO UPDATE SET stopped = report_cells.stopped + excluded.stopped, refused = report_cells.refused + excluded.refused;
	INSERT INTO report_cells (kind, day, key, returned)
	SELECT k.kind, (OLD.returned_at + 25200) / 86400, k.key, -coalesce((1), 0)
	FROM (SELECT 'receiving_unit' AS kind, OLD.receiving_unit AS key UNION ALL SELECT 'resolver_unit' AS kind, OLD.resolver_unit AS key UNION ALL SELECT 'procedure' AS kind, OLD.procedure_code AS key) k WHERE k.key IS NOT NULL AND OLD.returned_at IS NOT NULL
	ON CONFLICT (kind, day, key) DO UPDATE SET returned = report_cells.returned + excluded.returned;
	INSERT INTO report_cells (kind, day, key, rated, satisfied)
	SELECT k.kind, (OLD.rated_at + 25200) / 86400, k.key, -coalesce((1), 0), -coalesce((OLD.rating IN ('very_satisfied', 'satisfied'))::int, 0)
	FROM (SELECT 'receiving_unit' AS kind, OLD.receiving_unit AS key UNION ALL SELECT 'resolver_unit' AS kind, OLD.resolver_unit AS key UNION ALL SELECT 'procedure' AS kind, OLD.procedure_code AS key) k WHERE k.key IS NOT NULL AND OLD.rated_at IS NOT NULL
	ON CONFLICT (kind, day, key) DO UPDATE SET rated = report_cells.rated + excluded.rated, satisfied = report_cells.satisfied + excluded.satisfied;
	RETURN NULL;
END;
$$;
CREATE TRIGGER report_dossier_delete AFTER DELETE ON dossiers FOR EACH ROW
EXECUTE FUNCTION report_dossier_delete();

-- The officers: each event under the officer who did its act.
CREATE FUNCTION report_officer_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO report_cells (kind, day, key, recv_counter, recv_online, recv_post, supplement_requests, digitized, scanned_needed)
	SELECT k.kind, (NEW.received_at + 25200) / 86400, k.key, +coalesce((NEW.channel = 'counter')::int, 0), +coalesce((NEW.channel = 'online')::int, 0), +coalesce((NEW.channel = 'post')::int, 0), +coalesce((NEW.supplement_requests), 0), +coalesce((NEW.channel <> 'online' AND NEW.undigitized = 0)::int, 0), +coalesce((NEW.channel <> 'online')::int, 0)
	FROM (SELECT 'officer' AS kind, NEW.received_by AS key) k WHERE k.key IS NOT NULL AND NEW.received_at IS NOT NULL
	ON CONFLICT (kind, day, key) DO UPDATE SET recv_counter = report_cells.recv_counter + excluded.recv_counter, recv_online = report_cells.recv_online + excluded.recv_online, recv_post = report_cells.recv_post + excluded.recv_post, supplement_requests = report_cells.supplement_requests + excluded.supplement_requests, digitized = report_cells.digitized + excluded.digitized, scanned_needed = report_cells.scanned_needed + excluded.scanned_needed;
	INSERT INTO report_cells (kind, day, key, early, on_time, late, denied, approved, electronic)
	SELECT k.kind, (NEW.decided_at + 25200) / 86400, k.key, +coalesce((NEW.timeliness = 'early')::int, 0), +coalesce((NEW.timeliness = 'on_time')::int, 0), +coalesce((NEW.timeliness = 'late')::int, 0), +coalesce((NEW.decision = 'denied')::int, 0), +coalesce((NEW.decision = 'approved')::int, 0), +coalesce((NEW.decision = 'approved' AND NEW.result_document IS NOT NULL)::int, 0)
	FROM (SELECT 'officer' AS kind, NEW.decided_by AS key) k WHERE k.key IS NOT NULL AND NEW.decided_at IS NOT NULL
	ON CONFLICT (kind, day, key) DO UPDATE SET early = report_cells.early + excluded.early, on_time = report_cells.on_time + excluded.on_time, late = report_cells.late + excluded.late, denied = report_cells.denied + excluded.denied, approved = report_cells.approved + excluded.approved, electronic = report_cells.electronic + excluded.electronic;
	INSERT INTO report_cells (kind, day, key, stopped, refused)
	SELECT k.kind, (NEW.submitted_at + 25200) / 86400, k.key, +coalesce((NEW.status = 'stopped')::int, 0), +coalesce((NEW.status = 'refused')::int, 0)
	FROM (SELECT 'officer' AS kind, NEW.closed_by AS key) k WHERE k.key IS NOT NULL AND NEW.status IN ('stopped', 'refused')
	ON CONFLICT (kind, day, key) DO UPDATE SET stopped = report_cells.stopped + excluded.stopped, refused = report_cells.refused + excluded.refused;
	INSERT INTO report_cells (kind, day, key, returned)
	SELECT k.kind, (NEW.returned_at + 25200) / 86400, k.key, +coalesce((1), 0)
	FROM (SELECT 'officer' AS kind, NEW.returned_by AS key) k WHERE k.key IS NOT NULL AND NEW.returned_at IS NOT NULL
	ON CONFLICT (kind, day, key) DO UPDATE SET returned = report_cells.returned + excluded.returned;
	INSERT INTO report_cells (kind, day, key, rated, satisfied)
	SELECT k.kind, (NEW.rated_at + 25200) / 86400, k.key, +coalesce((1), 0), +coalesce((NEW.rating IN ('very_satisfied', 'satisfied'))::int, 0)
	FROM (SELECT 'officer' AS kind, NEW.returned_by AS key) k WHERE k.key IS NOT NULL AND NEW.rated_at IS NOT NULL
	ON CONFLICT (kind, day, key) DO UPDATE SET rated = report_cells.rated + excluded.rated, satisfied = report_cells.satisfied + excluded.satisfied;
	RETURN NULL;
END;
$$;
CREATE TRIGGER report_officer_insert AFTER INSERT ON dossiers FOR EACH ROW
EXECUTE FUNCTION report_officer_insert();

CREATE FUNCTION report_officer_update_received() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO report_cells (kind, day, key, recv_counter, recv_online, recv_post, supplement_requests, digitized, scanned_needed)
	SELECT k.kind, (OLD.received_at + 25200) / 86400, k.key, -coalesce((OLD.channel = 'counter')::int, 0), -coalesce((OLD.channel = 'online')::int, 0), -coalesce((OLD.channel = 'post')::int, 0), -coalesce((OLD.supplement_requests), 0), -coalesce((OLD.channel <> 'online' AND OLD.undigitized = 0)::int, 0), -coalesce((OLD.channel <> 'online')::int, 0)
	FROM (SELECT 'officer' AS kind, OLD.received_by AS key) k WHERE k.key IS NOT NULL AND OLD.received_at IS NOT NULL
	ON CONFLICT (kind, day, key) DO UPDATE SET recv_counter = report_cells.recv_counter + excluded.recv_counter, recv_online = report_cells.recv_online + excluded.recv_online, recv_post = report_cells.recv_post + excluded.recv_post, supplement_requests = report_cells.supplement_requests + excluded.supplement_requests, digitized = report_cells.digitized + excluded.digitized, scanned_needed = report_cells.scanned_needed + excluded.scanned_needed;
	INSERT INTO report_cells (kind, day, key, recv_counter, recv_online, recv_post, supplement_requests, digitized, scanned_needed)
	SELECT k.kind, (NEW.received_at + 25200) / 86400, k.key, +coalesce((NEW.channel = 'counter')::int, 0), +coalesce((NEW.channel = 'online')::int, 0), +coalesce((NEW.channel = 'post')::int, 0), +coalesce((NEW.supplement_requests), 0), +coalesce((NEW.channel <> 'online' AND NEW.undigitized = 0)::int, 0), +coalesce((NEW.channel <> 'online')::int, 0)
	FROM (SELECT 'officer' AS kind, NEW.received_by AS key) k WHERE k.key IS NOT NULL AND NEW.received_at IS NOT NULL
	ON CONFLICT (kind, day, key) DO UPDATE SET recv_counter = report_cells.recv_counter + excluded.recv_counter, recv_online = report_cells.recv_online + excluded.recv_online, recv_post = report_cells.recv_post + excluded.recv_post, supplement_requests = report_cells.supplement_requests + excluded.supplement_requests, digitized = report_cells.digitized + excluded.digitized, scanned_needed = report_cells.scanned_needed + excluded.scanned_needed;
	RETURN NULL;
END;
$$;
CREATE TRIGGER report_officer_update_received AFTER UPDATE ON dossiers FOR EACH ROW
WHEN (OLD.received_at IS DISTINCT FROM NEW.received_at OR OLD.channel IS DISTINCT FROM NEW.channel OR OLD.supplement_requests IS DISTINCT FROM NEW.supplement_requests OR OLD.undigitized IS DISTINCT FROM NEW.undigitized OR OLD.received_by IS DISTINCT FROM NEW.received_by)
EXECUTE FUNCTION report_officer_update_received();

CREATE FUNCTION report_officer_update_decided() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO report_cells (kind, day, key, early, on_time, late, denied, approved, electronic)
	SELECT k.kind, (OLD.decided_at + 25200) / 86400, k.key, -coalesce((OLD.timeliness = 'early')::int, 0), -coalesce((OLD.timeliness = 'on_time')::int, 0), -coalesce((OLD.timeliness = 'late')::int, 0), -coalesce((OLD.decision = 'denied')::int, 0), -coalesce((OLD.decision = 'approved')::int, 0), -coalesce((OLD.decision = 'approved' AND OLD.result_document IS NOT NULL)::int, 0)
	FROM (SELECT 'officer' AS kind, OLD.decided_by AS key) k WHERE k.key IS NOT NULL AND OLD.decided_at IS NOT NULL
	ON CONFLICT (kind, day, key) DO UPDATE SET early = report_cells.early + excluded.early, on_time = report_cells.on_time + excluded.on_time, late = report_cells.late + excluded.late, denied = report_cells.denied + excluded.denied, approved = report_cells.approved + excluded.approved, electronic = report_cells.electronic + excluded.electronic;
	INSERT INTO report_cells (kind, day, key, early, on_time, late, denied, approved, electronic)
	SELECT k.kind, (NEW.decided_at + 25200) / 86400, k.key, +coalesce((NEW.timeliness = 'early')::int, 0), +coalesce((NEW.timeliness = 'on_time')::int, 0), +coalesce((NEW.timeliness = 'late')::int, 0), +coalesce((NEW.decision = 'denied')::int, 0), +coalesce((NEW.decision = 'approved')::int, 0), +coalesce((NEW.decision = 'approved' AND NEW.result_document IS NOT NULL)::int, 0)
	FROM (SELECT 'officer' AS kind, NEW.decided_by AS key) k WHERE k.key IS NOT NULL AND NEW.decided_at IS NOT NULL
	ON CONFLICT (kind, day, key) DO UPDATE SET early = report_cells.early + excluded.early, on_time = report_cells.on_time + excluded.on_time, late = report_cells.late + excluded.late, denied = report_cells.denied + excluded.denied, approved = report_cells.approved + excluded.approved, electronic = report_cells.electronic + excluded.electronic;
	RETURN NULL;
END;
$$;
CREATE TRIGGER report_officer_update_decided AFTER UPDATE ON dossiers FOR EACH ROW
WHEN (OLD.decided_at IS DISTINCT FROM NEW.decided_at OR OLD.timeliness IS DISTINCT FROM NEW.timeliness OR OLD.decision IS DISTINCT FROM NEW.decision OR OLD.result_document IS DISTINCT FROM NEW.result_document OR OLD.decided_by IS DISTINCT FROM NEW.decided_by)
EXECUTE FUNCTION report_officer_update_decided();

CREATE FUNCTION report_officer_update_submitted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO report_cells (kind, day, key, stopped, refused)
	SELECT k.kind, (OLD.submitted_at + 25200) / 86400, k.key, -coalesce((OLD.status = 'stopped')::int, 0), -coalesce((OLD.status = 'refused')::int, 0)
	FROM (SELECT 'officer' AS kind, OLD.closed_by AS key) k WHERE k.key IS NOT NULL AND OLD.status IN ('stopped', 'refused')
	ON CONFLICT (kind, day, key) DO UPDATE SET stopped = report_cells.stopped + excluded.stopped, refused = report_cells.refused + excluded.refused;
	INSERT INTO report_cells (kind, day, key, stopped, refused)
	SELECT k.kind, (NEW.submitted_at + 25200) / 86400, k.key, +coalesce((NEW.status = 'stopped')::int, 0), +coalesce((NEW.status = 'refused')::int, 0)
	FROM (SELECT 'officer' AS kind, NEW.closed_by AS key) k WHERE k.key IS NOT NULL AND NEW.status IN ('stopped', 'refused')
	ON CONFLICT (kind, day, key) DO UPDATE SET stopped = report_cells.stopped + excluded.stopped, refused = report_cells.refused + excluded.refused;
	RETURN NULL;
END;
$$;
CREATE TRIGGER report_officer_update_submitted AFTER UPDATE ON dossiers FOR EACH ROW
WHEN ((OLD.status IN ('stopped', 'refused')) IS DISTINCT FROM (NEW.status IN ('stopped', 'refused'))
	OR NEW.status IN ('stopped', 'refused') AND (OLD.status IS DISTINCT FROM NEW.status OR OLD.submitted_at IS DISTINCT FROM NEW.submitted_at OR OLD.closed_by IS DISTINCT FROM NEW.closed_by))
EXECUTE FUNCTION report_officer_update_submitted();

CREATE FUNCTION report_officer_update_returned() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO report_cells (kind, day, key, returned)
	SELECT k.kind, (OLD.returned_at + 25200) / 86400, k.key, -coalesce((1), 0)
	FROM (SELECT 'officer' AS kind, OLD.returned_by AS key) k WHERE k.key IS NOT NULL AND OLD.returned_at IS NOT NULL
	ON CONFLICT (kind, day, key) DO UPDATE SET returned = report_cells.returned + excluded.returned;
	INSERT INTO report_cells (kind, day, key, returned)
	SELECT k.kind, (NEW.returned_at + 25200) / 86400, k.key, +coalesce((1), 0)
	FROM (SELECT 'officer' AS kind, NEW.returned_by AS key) k WHERE k.key IS NOT NULL AND NEW.returned_at IS NOT NULL
	ON CONFLICT (kind, day, key) DO UPDATE SET returned = report_cells.returned + excluded.returned;
	RETURN NULL;
END;
$$;
CREATE TRIGGER report_officer_update_returned AFTER UPDATE ON dossiers FOR EACH ROW
WHEN (OLD.returned_at IS DISTINCT FROM NEW.returned_at OR OLD.returned_by IS DISTINCT FROM NEW.returned_by)
EXECUTE FUNCTION report_officer_update_returned();

CREATE FUNCTION report_officer_update_rated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO report_cells (kind, day, key, rated, satisfied)
	SELECT k.kind, (OLD.rated_at + 25200) / 86400, k.key, -coalesce((1), 0), -coalesce((OLD.rating IN ('very_satisfied', 'satisfied'))::int, 0)
	FROM (SELECT 'officer' AS kind, OLD.returned_by AS key) k WHERE k.key IS NOT NULL AND OLD.rated_at IS NOT NULL
	ON CONFLICT (kind, day, key) DO UPDATE SET rated = report_cells.rated + excluded.rated, satisfied = report_cells.satisfied + excluded.satisfied;
	INSERT INTO report_cells (kind, day, key, rated, satisfied)
	SELECT k.kind, (NEW.rated_at + 25200) / 86400, k.key, +coalesce((1), 0), +coalesce((NEW.rating IN ('very_satisfied', 'satisfied'))::int, 0)
	FROM (SELECT 'officer' AS kind, NEW.returned_by AS key) k WHERE k.key IS NOT NULL AND NEW.rated_at IS NOT NULL
	ON CONFLICT (kind, day, key) DO UPDATE SET rated = report_cells.rated + excluded.rated, satisfied = report_cells.satisfied + excluded.satisfied;
	RETURN NULL;
END;
$$;
CREATE TRIGGER report_officer_update_rated AFTER UPDATE ON dossiers FOR EACH ROW
WHEN (OLD.rated_at IS DISTINCT FROM NEW.rated_at OR OLD.rating IS DISTINCT FROM NEW.rating OR OLD.returned_by IS DISTINCT FROM NEW.returned_by)
EXECUTE FUNCTION report_officer_update_rated();

CREATE FUNCTION report_officer_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO report_cells (kind, day, key, recv_counter, recv_online, recv_post, supplement_requests, digitized, scanned_needed)
	SELECT k.kind, (OLD.received_at + 25200) / 86400, k.key, -coalesce((OLD.channel = 'counter')::int, 0), -coalesce((OLD.channel = 'online')::int, 0), -coalesce((OLD.channel = 'post')::int, 0), -coalesce((OLD.supplement_requests), 0), -coalesce((OLD.channel <> 'online' AND OLD.undigitized = 0)::int, 0), -coalesce((OLD.channel <> 'online')::int, 0)
	FROM (SELECT 'officer' AS kind, OLD.received_by AS key) k WHERE k.key IS NOT NULL AND OLD.received_at IS NOT NULL
	ON CONFLICT (kind, day, key) DO UPDATE SET recv_counter = report_cells.recv_counter + excluded.recv_counter, recv_online = report_cells.recv_online + excluded.recv_online, recv_post = report_cells.recv_post + excluded.recv_post, supplement_requests = report_cells.supplement_requests + excluded.supplement_requests, digitized = report_cells.digitized + excluded.digitized, scanned_needed = report_cells.scanned_needed + excluded.scanned_needed;
	INSERT INTO report_cells (kind, day, key, early, on_time, late, denied, approved, electronic)
	SELECT k.kind, (OLD.decided_at + 25200) / 86400, k.key, -coalesce((OLD.timeliness = 'early')::int, 0), -coalesce((OLD.timeliness = 'on_time')::int, 0), -coalesce((OLD.timeliness = 'late')::int, 0), -coalesce((OLD.decision = 'denied')::int, 0), -coalesce((OLD.decision = 'approved')::int, 0), -coalesce((OLD.decision = 'approved' AND OLD.result_document IS NOT NULL)::int, 0)
	FROM (SELECT 'officer' AS kind, OLD.decided_by AS key) k WHERE k.key IS NOT NULL AND OLD.decided_at IS NOT NULL
	ON CONFLICT (kind, day, key) DO UPDATE SET early = report_cells.early + excluded.early, on_time = report_cells.on_time + excluded.on_time, late = report_cells.late + excluded.late, denied = report_cells.denied + excluded.denied, approved = report_cells.approved + excluded.approved, electronic = report_cells.electronic + excluded.electronic;
	INSERT INTO report_cells (kind, day, key, stopped, refused)
	SELECT k.kind, (OLD.submitted_at + 25200) / 86400, k.key, -coalesce((OLD.status = 'stopped')::int, 0), -coalesce((OLD.status = 'refused')::int, 0)
	FROM (SELECT 'officer' AS kind, OLD.closed_by AS key) k WHERE k.key IS NOT NULL AND OLD.status IN ('stopped', 'refused')
	ON CONFLICT (kind, day, key) DO UPDATE SET stopped = report_cells.stopped + excluded.stopped, refused = report_cells.refused + excluded.refused;
	INSERT INTO report_cells (kind, day, key, returned)
	SELECT k.kind, (OLD.returned_at + 25200) / 86400, k.key, -coalesce((1), 0)
	FROM (SELECT 'officer' AS kind, OLD.returned_by AS key) k WHERE k.key IS NOT NULL AND OLD.returned_at IS NOT NULL
	ON CONFLICT (kind, day, key) DO UPDATE SET returned = report_cells.returned + excluded.returned;
	INSERT INTO report_cells (kind, day, key, rated, satisfied)
	SELECT k.kind, (OLD.rated_at + 25200) / 86400, k.key, -coalesce((1), 0), -coalesce((OLD.rating IN ('very_satisfied', 'satisfied'))::int, 0)
	FROM (SELECT 'officer' AS kind, OLD.returned_by AS key) k WHERE k.key IS NOT NULL AND OLD.rated_at IS NOT NULL
	ON CONFLICT (kind, day, key) DO UPDATE SET rated = report_cells.rated + excluded.rated, satisfied = report_cells.satisfied + excluded.satisfied;
	RETURN NULL;
END;
$$;
CREATE TRIGGER report_officer_delete AFTER DELETE ON dossiers FOR EACH ROW
EXECUTE FUNCTION report_officer_delete();

-- An officer is listed from their first act.
CREATE FUNCTION report_officer_keys_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO report_keys (kind, key, name, first_at)
	SELECT 'officer', k.key, k.key, min(k.at) FROM (SELECT NEW.received_by AS key, NEW.received_at AS at WHERE NEW.received_at IS NOT NULL
		UNION ALL SELECT NEW.decided_by, NEW.decided_at WHERE NEW.decided_at IS NOT NULL
		UNION ALL SELECT NEW.closed_by, NEW.submitted_at WHERE NEW.status IN ('stopped', 'refused')
		UNION ALL SELECT NEW.returned_by, NEW.returned_at WHERE NEW.returned_at IS NOT NULL) k WHERE k.key IS NOT NULL GROUP BY k.key
	ON CONFLICT (kind, key) DO UPDATE SET first_at = excluded.first_at WHERE excluded.first_at < report_keys.first_at;
	RETURN NULL;
END;
$$;
CREATE TRIGGER report_officer_keys_insert AFTER INSERT ON dossiers FOR EACH ROW
WHEN (coalesce(NEW.received_by, NEW.decided_by, NEW.closed_by, NEW.returned_by) IS NOT NULL)
EXECUTE FUNCTION report_officer_keys_insert();

CREATE FUNCTION report_officer_keys_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO report_keys (kind, key, name, first_at)
	SELECT 'officer', k.key, k.key, min(k.at) FROM (SELECT NEW.received_by AS key, NEW.received_at AS at WHERE NEW.received_at IS NOT NULL
		UNION ALL SELECT NEW.decided_by, NEW.decided_at WHERE NEW.decided_at IS NOT NULL
		UNION ALL SELECT NEW.closed_by, NEW.submitted_at WHERE NEW.status IN ('stopped', 'refused')
		UNION ALL SELECT NEW.returned_by, NEW.returned_at WHERE NEW.returned_at IS NOT NULL) k WHERE k.key IS NOT NULL GROUP BY k.key
	ON CONFLICT (kind, key) DO UPDATE SET first_at = excluded.first_at WHERE excluded.first_at < report_keys.first_at;
	RETURN NULL;
END;
$$;
CREATE TRIGGER report_officer_keys_update AFTER UPDATE ON dossiers FOR EACH ROW
WHEN (coalesce(NEW.received_by, NEW.decided_by, NEW.closed_by, NEW.returned_by) IS NOT NULL AND (OLD.received_by IS DISTINCT FROM NEW.received_by OR OLD.decided_by IS DISTINCT FROM NEW.decided_by OR OLD.closed_by IS DISTINCT FROM NEW.closed_by OR OLD.returned_by IS DISTINCT FROM NEW.returned_by OR OLD.received_at IS DISTINCT FROM NEW.received_at OR OLD.decided_at IS DISTINCT FROM NEW.decided_at OR OLD.submitted_at IS DISTINCT FROM NEW.submitted_at OR OLD.returned_at IS DISTINCT FROM NEW.returned_at OR OLD.status IS DISTINCT FROM NEW.status))
EXECUTE FUNCTION report_officer_keys_update();

-- Steps completed by processors.
CREATE FUNCTION report_step_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO report_cells (kind, day, key, processed)
	SELECT 'officer', (NEW.done_at + 25200) / 86400, NEW.done_by, +1
	WHERE NEW.role = 'processor' AND NEW.done_by IS NOT NULL AND NEW.done_at IS NOT NULL
	ON CONFLICT (kind, day, key) DO UPDATE SET processed = report_cells.processed + excluded.processed;
	INSERT INTO report_keys (kind, key, name, first_at)
	SELECT 'officer', NEW.done_by, NEW.done_by, NEW.done_at
	WHERE NEW.role = 'processor' AND NEW.done_by IS NOT NULL AND NEW.done_at IS NOT NULL
	ON CONFLICT (kind, key) DO UPDATE SET first_at = excluded.first_at WHERE excluded.first_at < report_keys.first_at;
	RETURN NULL;
END;
$$;
CREATE TRIGGER report_step_insert AFTER INSERT ON dossier_steps FOR EACH ROW
WHEN (NEW.done_by IS NOT NULL)
EXECUTE FUNCTION report_step_insert();

CREATE FUNCTION report_step_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO report_cells (kind, day, key, processed)
	SELECT 'officer', (OLD.done_at + 25200) / 86400, OLD.done_by, -1
	WHERE OLD.role = 'processor' AND OLD.done_by IS NOT NULL AND OLD.done_at IS NOT NULL
	ON CONFLICT (kind, day, key) DO UPDATE SET processed = report_cells.processed + excluded.processed;
	INSERT INTO report_cells (kind, day, key, processed)
	SELECT 'officer', (NEW.done_at + 25200) / 86400, NEW.done_by, +1
	WHERE NEW.role = 'processor' AND NEW.done_by IS NOT NULL AND NEW.done_at IS NOT NULL
	ON CONFLICT (kind, day, key) DO UPDATE SET processed = report_cells.processed + excluded.processed;
	INSERT INTO report_keys (kind, key, name, first_at)
	SELECT 'officer', NEW.done_by, NEW.done_by, NEW.done_at
	WHERE NEW.role = 'processor' AND NEW.done_by IS NOT NULL AND NEW.done_at IS NOT NULL
	ON CONFLICT (kind, key) DO UPDATE SET first_at = excluded.first_at WHERE excluded.first_at < report_keys.first_at;
	RETURN NULL;
END;
$$;
CREATE TRIGGER report_step_update AFTER UPDATE ON dossier_steps FOR EACH ROW
WHEN (OLD.done_at IS DISTINCT FROM NEW.done_at OR OLD.done_by IS DISTINCT FROM NEW.done_by OR OLD.role IS DISTINCT FROM NEW.role)
EXECUTE FUNCTION report_step_update();

CREATE FUNCTION report_step_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO report_cells (kind, day, key, processed)
	SELECT 'officer', (OLD.done_at + 25200) / 86400, OLD.done_by, -1
	WHERE OLD.role = 'processor' AND OLD.done_by IS NOT NULL AND OLD.done_at IS NOT NULL
	ON CONFLICT (kind, day, key) DO UPDATE SET processed = report_cells.processed + excluded.processed;
	RETURN NULL;
END;
$$;
CREATE TRIGGER report_step_delete AFTER DELETE ON dossier_steps FOR EACH ROW
WHEN (OLD.done_by IS NOT NULL)
EXECUTE FUNCTION report_step_delete();

-- Who did each act, as the history records it (citizens are no officers).
CREATE FUNCTION report_officer_acts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF NOT EXISTS (SELECT 1 FROM users u JOIN user_roles r ON r.user_id = u.id WHERE u.username = NEW.actor AND r.role = 'citizen') THEN
		UPDATE dossiers SET received_by = NEW.actor WHERE id = NEW.dossier_id AND NEW.action IN ('intake', 'receive');
		UPDATE dossiers SET decided_by = NEW.actor WHERE id = NEW.dossier_id AND NEW.action = 'decide';
		UPDATE dossiers SET returned_by = NEW.actor WHERE id = NEW.dossier_id AND NEW.action = 'return';
		UPDATE dossiers SET closed_by = NEW.actor WHERE id = NEW.dossier_id AND NEW.action IN ('refuse', 'stop');
	END IF;
	RETURN NULL;
END;
$$;
CREATE TRIGGER report_officer_acts AFTER INSERT ON dossier_events FOR EACH ROW
WHEN (NEW.action IN ('intake', 'receive', 'decide', 'return', 'refuse', 'stop'))
EXECUTE FUNCTION report_officer_acts();
