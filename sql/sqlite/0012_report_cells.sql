-- Maintained roll-ups of the statistics (ARCHITECTURE.md "Runtime"): counts per grouping (receiving
-- unit, resolver unit, procedure, officer) × key × local day, kept by triggers in the same
-- transaction as the dossier's own write, so that a city-wide summary sums a few thousand cells
-- instead of scanning millions of dossiers. Each dossier adds, for each grouping, to the cell of the
-- day of each of its events (received, decided, submitted when stopped or refused, returned, rated);
-- an update takes its old contribution away and adds the new one. Days are Vietnam's (UTC+7):
-- (t + 25200) / 86400. The groups a report lists (any dossier submitted by its end) are kept in
-- report_keys.

-- Needed components still without a document: a dossier is digitized when this is 0.
ALTER TABLE dossiers ADD COLUMN undigitized INTEGER NOT NULL DEFAULT 0;
UPDATE dossiers SET undigitized = (SELECT count(*) FROM dossier_components c
	WHERE c.dossier_id = dossiers.id AND c.needed = 1 AND c.document IS NULL);

CREATE TABLE report_cells (
	kind TEXT NOT NULL CHECK (kind IN ('receiving_unit', 'resolver_unit', 'procedure', 'officer')),
	day INTEGER NOT NULL,
	key TEXT NOT NULL,
	recv_counter INTEGER NOT NULL DEFAULT 0,
	recv_online INTEGER NOT NULL DEFAULT 0,
	recv_post INTEGER NOT NULL DEFAULT 0,
	early INTEGER NOT NULL DEFAULT 0,
	on_time INTEGER NOT NULL DEFAULT 0,
	late INTEGER NOT NULL DEFAULT 0,
	stopped INTEGER NOT NULL DEFAULT 0,
	refused INTEGER NOT NULL DEFAULT 0,
	denied INTEGER NOT NULL DEFAULT 0,
	returned INTEGER NOT NULL DEFAULT 0,
	supplement_requests INTEGER NOT NULL DEFAULT 0,
	digitized INTEGER NOT NULL DEFAULT 0,
	scanned_needed INTEGER NOT NULL DEFAULT 0,
	approved INTEGER NOT NULL DEFAULT 0,
	electronic INTEGER NOT NULL DEFAULT 0,
	rated INTEGER NOT NULL DEFAULT 0,
	satisfied INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (kind, day, key)
) STRICT, WITHOUT ROWID;

CREATE TABLE report_keys (
	kind TEXT NOT NULL CHECK (kind IN ('receiving_unit', 'resolver_unit', 'procedure', 'officer')),
	key TEXT NOT NULL,
	name TEXT NOT NULL,
	first_at INTEGER NOT NULL, -- the earliest submission (or reception) of its dossiers
	PRIMARY KEY (kind, key)
) STRICT, WITHOUT ROWID;

INSERT INTO report_cells (kind, day, key, recv_counter, recv_online, recv_post, supplement_requests, digitized, scanned_needed)
SELECT 'receiving_unit', (d.received_at + 25200) / 86400 AS day, d.receiving_unit, sum(coalesce(d.channel = 'counter', 0)), sum(coalesce(d.channel = 'online', 0)), sum(coalesce(d.channel = 'post', 0)), sum(coalesce(d.supplement_requests, 0)), sum(coalesce(d.channel <> 'online' AND d.undigitized = 0, 0)), sum(coalesce(d.channel <> 'online', 0))
FROM dossiers d WHERE d.received_at IS NOT NULL GROUP BY day, d.receiving_unit ORDER BY day, d.receiving_unit
ON CONFLICT (kind, day, key) DO UPDATE SET recv_counter = recv_counter + excluded.recv_counter, recv_online = recv_online + excluded.recv_online, recv_post = recv_post + excluded.recv_post, supplement_requests = supplement_requests + excluded.supplement_requests, digitized = digitized + excluded.digitized, scanned_needed = scanned_needed + excluded.scanned_needed;
INSERT INTO report_cells (kind, day, key, recv_counter, recv_online, recv_post, supplement_requests, digitized, scanned_needed)
SELECT 'resolver_unit', (d.received_at + 25200) / 86400 AS day, d.resolver_unit, sum(coalesce(d.channel = 'counter', 0)), sum(coalesce(d.channel = 'online', 0)), sum(coalesce(d.channel = 'post', 0)), sum(coalesce(d.supplement_requests, 0)), sum(coalesce(d.channel <> 'online' AND d.undigitized = 0, 0)), sum(coalesce(d.channel <> 'online', 0))
FROM dossiers d WHERE d.received_at IS NOT NULL GROUP BY day, d.resolver_unit ORDER BY day, d.resolver_unit
ON CONFLICT (kind, day, key) DO UPDATE SET recv_counter = recv_counter + excluded.recv_counter, recv_online = recv_online + excluded.recv_online, recv_post = recv_post + excluded.recv_post, supplement_requests = supplement_requests + excluded.supplement_requests, digitized = digitized + excluded.digitized, scanned_needed = scanned_needed + excluded.scanned_needed;
INSERT INTO report_cells (kind, day, key, recv_counter, recv_online, recv_post, supplement_requests, digitized, scanned_needed)
SELECT 'procedure', (d.received_at + 25200) / 86400 AS day, d.procedure_code, sum(coalesce(d.channel = 'counter', 0)), sum(coalesce(d.channel = 'online', 0)), sum(coalesce(d.channel = 'post', 0)), sum(coalesce(d.supplement_requests, 0)), sum(coalesce(d.channel <> 'online' AND d.undigitized = 0, 0)), sum(coalesce(d.channel <> 'online', 0))
FROM dossiers d WHERE d.received_at IS NOT NULL GROUP BY day, d.procedure_code ORDER BY day, d.procedure_code
ON CONFLICT (kind, day, key) DO UPDATE SET recv_counter = recv_counter + excluded.recv_counter, recv_online = recv_online + excluded.recv_online, recv_post = recv_post + excluded.recv_post, supplement_requests = supplement_requests + excluded.supplement_requests, digitized = digitized + excluded.digitized, scanned_needed = scanned_needed + excluded.scanned_needed;
INSERT INTO report_cells (kind, day, key, recv_counter, recv_online, recv_post, supplement_requests, digitized, scanned_needed)
SELECT 'officer', (d.received_at + 25200) / 86400 AS day, d.created_by, sum(coalesce(d.channel = 'counter', 0)), sum(coalesce(d.channel = 'online', 0)), sum(coalesce(d.channel = 'post', 0)), sum(coalesce(d.supplement_requests, 0)), sum(coalesce(d.channel <> 'online' AND d.undigitized = 0, 0)), sum(coalesce(d.channel <> 'online', 0))
FROM dossiers d WHERE d.received_at IS NOT NULL GROUP BY day, d.created_by ORDER BY day, d.created_by
ON CONFLICT (kind, day, key) DO UPDATE SET recv_counter = recv_counter + excluded.recv_counter, recv_online = recv_online + excluded.recv_online, recv_post = recv_post + excluded.recv_post, supplement_requests = supplement_requests + excluded.supplement_requests, digitized = digitized + excluded.digitized, scanned_needed = scanned_needed + excluded.scanned_needed;
INSERT INTO report_cells (kind, day, key, early, on_time, late, denied, approved, electronic)
SELECT 'receiving_unit', (d.decided_at + 25200) / 86400 AS day, d.receiving_unit, sum(coalesce(d.timeliness = 'early', 0)), sum(coalesce(d.timeliness = 'on_time', 0)), sum(coalesce(d.timeliness = 'late', 0)), sum(coalesce(d.decision = 'denied', 0)), sum(coalesce(d.decision = 'approved', 0)), sum(coalesce(d.decision = 'approved' AND d.result_document IS NOT NULL, 0))
FROM dossiers d WHERE d.decided_at IS NOT NULL GROUP BY day, d.receiving_unit ORDER BY day, d.receiving_unit
ON CONFLICT (kind, day, key) DO UPDATE SET early = early + excluded.early, on_time = on_time + excluded.on_time, late = late + excluded.late, denied = denied + excluded.denied, approved = approved + excluded.approved, electronic = electronic + excluded.electronic;
INSERT INTO report_cells (kind, day, key, early, on_time, late, denied, approved, electronic)
SELECT 'resolver_unit', (d.decided_at + 25200) / 86400 AS day, d.resolver_unit, sum(coalesce(d.timeliness = 'early', 0)), sum(coalesce(d.timeliness = 'on_time', 0)), sum(coalesce(d.timeliness = 'late', 0)), sum(coalesce(d.decision = 'denied', 0)), sum(coalesce(d.decision = 'approved', 0)), sum(coalesce(d.decision = 'approved' AND d.result_document IS NOT NULL, 0))
FROM dossiers d WHERE d.decided_at IS NOT NULL GROUP BY day, d.resolver_unit ORDER BY day, d.resolver_unit
ON CONFLICT (kind, day, key) DO UPDATE SET early = early + excluded.early, on_time = on_time + excluded.on_time, late = late + excluded.late, denied = denied + excluded.denied, approved = approved + excluded.approved, electronic = electronic + excluded.electronic;
INSERT INTO report_cells (kind, day, key, early, on_time, late, denied, approved, electronic)
SELECT 'procedure', (d.decided_at + 25200) / 86400 AS day, d.procedure_code, sum(coalesce(d.timeliness = 'early', 0)), sum(coalesce(d.timeliness = 'on_time', 0)), sum(coalesce(d.timeliness = 'late', 0)), sum(coalesce(d.decision = 'denied', 0)), sum(coalesce(d.decision = 'approved', 0)), sum(coalesce(d.decision = 'approved' AND d.result_document IS NOT NULL, 0))
FROM dossiers d WHERE d.decided_at IS NOT NULL GROUP BY day, d.procedure_code ORDER BY day, d.procedure_code
ON CONFLICT (kind, day, key) DO UPDATE SET early = early + excluded.early, on_time = on_time + excluded.on_time, late = late + excluded.late, denied = denied + excluded.denied, approved = approved + excluded.approved, electronic = electronic + excluded.electronic;
INSERT INTO report_cells (kind, day, key, early, on_time, late, denied, approved, electronic)
SELECT 'officer', (d.decided_at + 25200) / 86400 AS day, d.created_by, sum(coalesce(d.timeliness = 'early', 0)), sum(coalesce(d.timeliness = 'on_time', 0)), sum(coalesce(d.timeliness = 'late', 0)), sum(coalesce(d.decision = 'denied', 0)), sum(coalesce(d.decision = 'approved', 0)), sum(coalesce(d.decision = 'approved' AND d.result_document IS NOT NULL, 0))
FROM dossiers d WHERE d.decided_at IS NOT NULL GROUP BY day, d.created_by ORDER BY day, d.created_by
ON CONFLICT (kind, day, key) DO UPDATE SET early = early + excluded.early, on_time = on_time + excluded.on_time, late = late + excluded.late, denied = denied + excluded.denied, approved = approved + excluded.approved, electronic = electronic + excluded.electronic;
INSERT INTO report_cells (kind, day, key, stopped, refused)
SELECT 'receiving_unit', (d.submitted_at + 25200) / 86400 AS day, d.receiving_unit, sum(coalesce(d.status = 'stopped', 0)), sum(coalesce(d.status = 'refused', 0))
FROM dossiers d WHERE d.status IN ('stopped', 'refused') GROUP BY day, d.receiving_unit ORDER BY day, d.receiving_unit
ON CONFLICT (kind, day, key) DO UPDATE SET stopped = stopped + excluded.stopped, refused = refused + excluded.refused;
INSERT INTO report_cells (kind, day, key, stopped, refused)
SELECT 'resolver_unit', (d.submitted_at + 25200) / 86400 AS day, d.resolver_unit, sum(coalesce(d.status = 'stopped', 0)), sum(coalesce(d.status = 'refused', 0))
FROM dossiers d WHERE d.status IN ('stopped', 'refused') GROUP BY day, d.resolver_unit ORDER BY day, d.resolver_unit
ON CONFLICT (kind, day, key) DO UPDATE SET stopped = stopped + excluded.stopped, refused = refused + excluded.refused;
INSERT INTO report_cells (kind, day, key, stopped, refused)
SELECT 'procedure', (d.submitted_at + 25200) / 86400 AS day, d.procedure_code, sum(coalesce(d.status = 'stopped', 0)), sum(coalesce(d.status = 'refused', 0))
FROM dossiers d WHERE d.status IN ('stopped', 'refused') GROUP BY day, d.procedure_code ORDER BY day, d.procedure_code
ON CONFLICT (kind, day, key) DO UPDATE SET stopped = stopped + excluded.stopped, refused = refused + excluded.refused;
INSERT INTO report_cells (kind, day, key, stopped, refused)
SELECT 'officer', (d.submitted_at + 25200) / 86400 AS day, d.created_by, sum(coalesce(d.status = 'stopped', 0)), sum(coalesce(d.status = 'refused', 0))
FROM dossiers d WHERE d.status IN ('stopped', 'refused') GROUP BY day, d.created_by ORDER BY day, d.created_by
ON CONFLICT (kind, day, key) DO UPDATE SET stopped = stopped + excluded.stopped, refused = refused + excluded.refused;
INSERT INTO report_cells (kind, day, key, returned)
SELECT 'receiving_unit', (d.returned_at + 25200) / 86400 AS day, d.receiving_unit, sum(coalesce(1, 0))
FROM dossiers d WHERE d.returned_at IS NOT NULL GROUP BY day, d.receiving_unit ORDER BY day, d.receiving_unit
ON CONFLICT (kind, day, key) DO UPDATE SET returned = returned + excluded.returned;
INSERT INTO report_cells (kind, day, key, returned)
SELECT 'resolver_unit', (d.returned_at + 25200) / 86400 AS day, d.resolver_unit, sum(coalesce(1, 0))
FROM dossiers d WHERE d.returned_at IS NOT NULL GROUP BY day, d.resolver_unit ORDER BY day, d.resolver_unit
ON CONFLICT (kind, day, key) DO UPDATE SET returned = returned + excluded.returned;
INSERT INTO report_cells (kind, day, key, returned)
SELECT 'procedure', (d.returned_at + 25200) / 86400 AS day, d.procedure_code, sum(coalesce(1, 0))
FROM dossiers d WHERE d.returned_at IS NOT NULL GROUP BY day, d.procedure_code ORDER BY day, d.procedure_code
ON CONFLICT (kind, day, key) DO UPDATE SET returned = returned + excluded.returned;
INSERT INTO report_cells (kind, day, key, returned)
SELECT 'officer', (d.returned_at + 25200) / 86400 AS day, d.created_by, sum(coalesce(1, 0))
FROM dossiers d WHERE d.returned_at IS NOT NULL GROUP BY day, d.created_by ORDER BY day, d.created_by
ON CONFLICT (kind, day, key) DO UPDATE SET returned = returned + excluded.returned;
INSERT INTO report_cells (kind, day, key, rated, satisfied)
SELECT 'receiving_unit', (d.rated_at + 25200) / 86400 AS day, d.receiving_unit, sum(coalesce(1, 0)), sum(coalesce(d.rating IN ('very_satisfied', 'satisfied'), 0))
FROM dossiers d WHERE d.rated_at IS NOT NULL GROUP BY day, d.receiving_unit ORDER BY day, d.receiving_unit
ON CONFLICT (kind, day, key) DO UPDATE SET rated = rated + excluded.rated, satisfied = satisfied + excluded.satisfied;
INSERT INTO report_cells (kind, day, key, rated, satisfied)
SELECT 'resolver_unit', (d.rated_at + 25200) / 86400 AS day, d.resolver_unit, sum(coalesce(1, 0)), sum(coalesce(d.rating IN ('very_satisfied', 'satisfied'), 0))
FROM dossiers d WHERE d.rated_at IS NOT NULL GROUP BY day, d.resolver_unit ORDER BY day, d.resolver_unit
ON CONFLICT (kind, day, key) DO UPDATE SET rated = rated + excluded.rated, satisfied = satisfied + excluded.satisfied;
INSERT INTO report_cells (kind, day, key, rated, satisfied)
SELECT 'procedure', (d.rated_at + 25200) / 86400 AS day, d.procedure_code, sum(coalesce(1, 0)), sum(coalesce(d.rating IN ('very_satisfied', 'satisfied'), 0))
FROM dossiers d WHERE d.rated_at IS NOT NULL GROUP BY day, d.procedure_code ORDER BY day, d.procedure_code
ON CONFLICT (kind, day, key) DO UPDATE SET rated = rated + excluded.rated, satisfied = satisfied + excluded.satisfied;
INSERT INTO report_cells (kind, day, key, rated, satisfied)
SELECT 'officer', (d.rated_at + 25200) / 86400 AS day, d.created_by, sum(coalesce(1, 0)), sum(coalesce(d.rating IN ('very_satisfied', 'satisfied'), 0))
FROM dossiers d WHERE d.rated_at IS NOT NULL GROUP BY day, d.created_by ORDER BY day, d.created_by
ON CONFLICT (kind, day, key) DO UPDATE SET rated = rated + excluded.rated, satisfied = satisfied + excluded.satisfied;
INSERT INTO report_keys (kind, key, name, first_at)
SELECT 'receiving_unit', receiving_unit, receiving_unit, min(min(submitted_at, coalesce(received_at, submitted_at)))
FROM dossiers GROUP BY receiving_unit;
INSERT INTO report_keys (kind, key, name, first_at)
SELECT 'resolver_unit', resolver_unit, resolver_unit, min(min(submitted_at, coalesce(received_at, submitted_at)))
FROM dossiers GROUP BY resolver_unit;
INSERT INTO report_keys (kind, key, name, first_at)
SELECT 'procedure', procedure_code, max(procedure_name), min(min(submitted_at, coalesce(received_at, submitted_at)))
FROM dossiers GROUP BY procedure_code;
INSERT INTO report_keys (kind, key, name, first_at)
SELECT 'officer', created_by, created_by, min(min(submitted_at, coalesce(received_at, submitted_at)))
FROM dossiers GROUP BY created_by;

CREATE TRIGGER report_dossier_insert AFTER INSERT ON dossiers BEGIN
	INSERT INTO report_cells (kind, day, key, recv_counter, recv_online, recv_post, supplement_requests, digitized, scanned_needed)
	SELECT k.kind, (NEW.received_at + 25200) / 86400, k.key, +coalesce((NEW.channel = 'counter'), 0), +coalesce((NEW.channel = 'online'), 0), +coalesce((NEW.channel = 'post'), 0), +coalesce((NEW.supplement_requests), 0), +coalesce((NEW.channel <> 'online' AND NEW.undigitized = 0), 0), +coalesce((NEW.channel <> 'online'), 0)
	FROM (SELECT 'receiving_unit' AS kind, NEW.receiving_unit AS key UNION ALL SELECT 'resolver_unit' AS kind, NEW.resolver_unit AS key UNION ALL SELECT 'procedure' AS kind, NEW.procedure_code AS key UNION ALL SELECT 'officer' AS kind, NEW.created_by AS key) k WHERE NEW.received_at IS NOT NULL
	ON CONFLICT (kind, day, key) DO UPDATE SET recv_counter = recv_counter + excluded.recv_counter, recv_online = recv_online + excluded.recv_online, recv_post = recv_post + excluded.recv_post, supplement_requests = supplement_requests + excluded.supplement_requests, digitized = digitized + excluded.digitized, scanned_needed = scanned_needed + excluded.scanned_needed;
	INSERT INTO report_cells (kind, day, key, early, on_time, late, denied, approved, electronic)
	SELECT k.kind, (NEW.decided_at + 25200) / 86400, k.key, +coalesce((NEW.timeliness = 'early'), 0), +coalesce((NEW.timeliness = 'on_time'), 0), +coalesce((NEW.timeliness = 'late'), 0), +coalesce((NEW.decision = 'denied'), 0), +coalesce((NEW.decision = 'approved'), 0), +coalesce((NEW.decision = 'approved' AND NEW.result_document IS NOT NULL), 0)
	FROM (SELECT 'receiving_unit' AS kind, NEW.receiving_unit AS key UNION ALL SELECT 'resolver_unit' AS kind, NEW.resolver_unit AS key UNION ALL SELECT 'procedure' AS kind, NEW.procedure_code AS key UNION ALL SELECT 'officer' AS kind, NEW.created_by AS key) k WHERE NEW.decided_at IS NOT NULL
	ON CONFLICT (kind, day, key) DO UPDATE SET early = early + excluded.early, on_time = on_time + excluded.on_time, late = late + excluded.late, denied = denied + excluded.denied, approved = approved + excluded.approved, electronic = electronic + excluded.electronic;
	INSERT INTO report_cells (kind, day, key, stopped, refused)
	SELECT k.kind, (NEW.submitted_at + 25200) / 86400, k.key, +coalesce((NEW.status = 'stopped'), 0), +coalesce((NEW.status = 'refused'), 0)
	FROM (SELECT 'receiving_unit' AS kind, NEW.receiving_unit AS key UNION ALL SELECT 'resolver_unit' AS kind, NEW.resolver_unit AS key UNION ALL SELECT 'procedure' AS kind, NEW.procedure_code AS key UNION ALL SELECT 'officer' AS kind, NEW.created_by AS key) k WHERE NEW.status IN ('stopped', 'refused')
	ON CONFLICT (kind, day, key) DO UPDATE SET stopped = stopped + excluded.stopped, refused = refused + excluded.refused;
	INSERT INTO report_cells (kind, day, key, returned)
	SELECT k.kind, (NEW.returned_at + 25200) / 86400, k.key, +coalesce((1), 0)
	FROM (SELECT 'receiving_unit' AS kind, NEW.receiving_unit AS key UNION ALL SELECT 'resolver_unit' AS kind, NEW.resolver_unit AS key UNION ALL SELECT 'procedure' AS kind, NEW.procedure_code AS key UNION ALL SELECT 'officer' AS kind, NEW.created_by AS key) k WHERE NEW.returned_at IS NOT NULL
	ON CONFLICT (kind, day, key) DO UPDATE SET returned = returned + excluded.returned;
	INSERT INTO report_cells (kind, day, key, rated, satisfied)
	SELECT k.kind, (NEW.rated_at + 25200) / 86400, k.key, +coalesce((1), 0), +coalesce((NEW.rating IN ('very_satisfied', 'satisfied')), 0)
	FROM (SELECT 'receiving_unit' AS kind, NEW.receiving_unit AS key UNION ALL SELECT 'resolver_unit' AS kind, NEW.resolver_unit AS key UNION ALL SELECT 'procedure' AS kind, NEW.procedure_code AS key UNION ALL SELECT 'officer' AS kind, NEW.created_by AS key) k WHERE NEW.rated_at IS NOT NULL
	ON CONFLICT (kind, day, key) DO UPDATE SET rated = rated + excluded.rated, satisfied = satisfied + excluded.satisfied;
	INSERT INTO report_keys (kind, key, name, first_at)
	VALUES ('receiving_unit', NEW.receiving_unit, NEW.receiving_unit, min(NEW.submitted_at, coalesce(NEW.received_at, NEW.submitted_at)))
	ON CONFLICT (kind, key) DO UPDATE SET first_at = min(first_at, excluded.first_at), name = max(name, excluded.name)
	WHERE excluded.first_at < first_at OR excluded.name > name;
	INSERT INTO report_keys (kind, key, name, first_at)
	VALUES ('resolver_unit', NEW.resolver_unit, NEW.resolver_unit, min(NEW.submitted_at, coalesce(NEW.received_at, NEW.submitted_at)))
	ON CONFLICT (kind, key) DO UPDATE SET first_at = min(first_at, excluded.first_at), name = max(name, excluded.name)
	WHERE excluded.first_at < first_at OR excluded.name > name;
	INSERT INTO report_keys (kind, key, name, first_at)
	VALUES ('procedure', NEW.procedure_code, NEW.procedure_name, min(NEW.submitted_at, coalesce(NEW.received_at, NEW.submitted_at)))
	ON CONFLICT (kind, key) DO UPDATE SET first_at = min(first_at, excluded.first_at), name = max(name, excluded.name)
	WHERE excluded.first_at < first_at OR excluded.name > name;
	INSERT INTO report_keys (kind, key, name, first_at)
	VALUES ('officer', NEW.created_by, NEW.created_by, min(NEW.submitted_at, coalesce(NEW.received_at, NEW.submitted_at)))
	ON CONFLICT (kind, key) DO UPDATE SET first_at = min(first_at, excluded.first_at), name = max(name, excluded.name)
	WHERE excluded.first_at < first_at OR excluded.name > name;
END;

-- On an update, each kind of event whose fields changed takes its old contribution away and adds
-- the new one; the others cost nothing.
CREATE TRIGGER report_dossier_update_received AFTER UPDATE ON dossiers
WHEN OLD.received_at IS NOT NEW.received_at OR OLD.channel IS NOT NEW.channel OR OLD.supplement_requests IS NOT NEW.supplement_requests OR OLD.undigitized IS NOT NEW.undigitized OR OLD.receiving_unit IS NOT NEW.receiving_unit OR OLD.resolver_unit IS NOT NEW.resolver_unit OR OLD.procedure_code IS NOT NEW.procedure_code OR OLD.created_by IS NOT NEW.created_by
BEGIN
	INSERT INTO report_cells (kind, day, key, recv_counter, recv_online, recv_post, supplement_requests, digitized, scanned_needed)
	SELECT k.kind, (OLD.received_at + 25200) / 86400, k.key, -coalesce((OLD.channel = 'counter'), 0), -coalesce((OLD.channel = 'online'), 0), -coalesce((OLD.channel = 'post'), 0), -coalesce((OLD.supplement_requests), 0), -coalesce((OLD.channel <> 'online' AND OLD.undigitized = 0), 0), -coalesce((OLD.channel <> 'online'), 0)
	FROM (SELECT 'receiving_unit' AS kind, OLD.receiving_unit AS key UNION ALL SELECT 'resolver_unit' AS kind, OLD.resolver_unit AS key UNION ALL SELECT 'procedure' AS kind, OLD.procedure_code AS key UNION ALL SELECT 'officer' AS kind, OLD.created_by AS key) k WHERE OLD.received_at IS NOT NULL
	ON CONFLICT (kind, day, key) DO UPDATE SET recv_counter = recv_counter + excluded.recv_counter, recv_online = recv_online + excluded.recv_online, recv_post = recv_post + excluded.recv_post, supplement_requests = supplement_requests + excluded.supplement_requests, digitized = digitized + excluded.digitized, scanned_needed = scanned_needed + excluded.scanned_needed;
	INSERT INTO report_cells (kind, day, key, recv_counter, recv_online, recv_post, supplement_requests, digitized, scanned_needed)
	SELECT k.kind, (NEW.received_at + 25200) / 86400, k.key, +coalesce((NEW.channel = 'counter'), 0), +coalesce((NEW.channel = 'online'), 0), +coalesce((NEW.channel = 'post'), 0), +coalesce((NEW.supplement_requests), 0), +coalesce((NEW.channel <> 'online' AND NEW.undigitized = 0), 0), +coalesce((NEW.channel <> 'online'), 0)
	FROM (SELECT 'receiving_unit' AS kind, NEW.receiving_unit AS key UNION ALL SELECT 'resolver_unit' AS kind, NEW.resolver_unit AS key UNION ALL SELECT 'procedure' AS kind, NEW.procedure_code AS key UNION ALL SELECT 'officer' AS kind, NEW.created_by AS key) k WHERE NEW.received_at IS NOT NULL
	ON CONFLICT (kind, day, key) DO UPDATE SET recv_counter = recv_counter + excluded.recv_counter, recv_online = recv_online + excluded.recv_online, recv_post = recv_post + excluded.recv_post, supplement_requests = supplement_requests + excluded.supplement_requests, digitized = digitized + excluded.digitized, scanned_needed = scanned_needed + excluded.scanned_needed;
END;

CREATE TRIGGER report_dossier_update_decided AFTER UPDATE ON dossiers
WHEN OLD.decided_at IS NOT NEW.decided_at OR OLD.timeliness IS NOT NEW.timeliness OR OLD.decision IS NOT NEW.decision OR OLD.result_document IS NOT NEW.result_document OR OLD.receiving_unit IS NOT NEW.receiving_unit OR OLD.resolver_unit IS NOT NEW.resolver_unit OR OLD.procedure_code IS NOT NEW.procedure_code OR OLD.created_by IS NOT NEW.created_by
BEGIN
	INSERT INTO report_cells (kind, day, key, early, on_time, late, denied, approved, electronic)
	SELECT k.kind, (OLD.decided_at + 25200) / 86400, k.key, -coalesce((OLD.timeliness = 'early'), 0), -coalesce((OLD.timeliness = 'on_time'), 0), -coalesce((OLD.timeliness = 'late'), 0), -coalesce((OLD.decision = 'denied'), 0), -coalesce((OLD.decision = 'approved'), 0), -coalesce((OLD.decision = 'approved' AND OLD.result_document IS NOT NULL), 0)
	FROM (SELECT 'receiving_unit' AS kind, OLD.receiving_unit AS key UNION ALL SELECT 'resolver_unit' AS kind, OLD.resolver_unit AS key UNION ALL SELECT 'procedure' AS kind, OLD.procedure_code AS key UNION ALL SELECT 'officer' AS kind, OLD.created_by AS key) k WHERE OLD.decided_at IS NOT NULL
	ON CONFLICT (kind, day, key) DO UPDATE SET early = early + excluded.early, on_time = on_time + excluded.on_time, late = late + excluded.late, denied = denied + excluded.denied, approved = approved + excluded.approved, electronic = electronic + excluded.electronic;
	INSERT INTO report_cells (kind, day, key, early, on_time, late, denied, approved, electronic)
	SELECT k.kind, (NEW.decided_at + 25200) / 86400, k.key, +coalesce((NEW.timeliness = 'early'), 0), +coalesce((NEW.timeliness = 'on_time'), 0), +coalesce((NEW.timeliness = 'late'), 0), +coalesce((NEW.decision = 'denied'), 0), +coalesce((NEW.decision = 'approved'), 0), +coalesce((NEW.decision = 'approved' AND NEW.result_document IS NOT NULL), 0)
	FROM (SELECT 'receiving_unit' AS kind, NEW.receiving_unit AS key UNION ALL SELECT 'resolver_unit' AS kind, NEW.resolver_unit AS key UNION ALL SELECT 'procedure' AS kind, NEW.procedure_code AS key UNION ALL SELECT 'officer' AS kind, NEW.created_by AS key) k WHERE NEW.decided_at IS NOT NULL
	ON CONFLICT (kind, day, key) DO UPDATE SET early = early + excluded.early, on_time = on_time + excluded.on_time, late = late + excluded.late, denied = denied + excluded.denied, approved = approved + excluded.approved, electronic = electronic + excluded.electronic;
END;

CREATE TRIGGER report_dossier_update_submitted AFTER UPDATE ON dossiers
WHEN (OLD.status IN ('stopped', 'refused')) IS NOT (NEW.status IN ('stopped', 'refused'))
	OR NEW.status IN ('stopped', 'refused') AND (OLD.status IS NOT NEW.status OR OLD.submitted_at IS NOT NEW.submitted_at OR OLD.receiving_unit IS NOT NEW.receiving_unit OR OLD.resolver_unit IS NOT NEW.resolver_unit OR OLD.procedure_code IS NOT NEW.procedure_code OR OLD.created_by IS NOT NEW.created_by)
BEGIN
	INSERT INTO report_cells (kind, day, key, stopped, refused)
	SELECT k.kind, (OLD.submitted_at + 25200) / 86400, k.key, -coalesce((OLD.status = 'stopped'), 0), -coalesce((OLD.status = 'refused'), 0)
	FROM (SELECT 'receiving_unit' AS kind, OLD.receiving_unit AS key UNION ALL SELECT 'resolver_unit' AS kind, OLD.resolver_unit AS key UNION ALL SELECT 'procedure' AS kind, OLD.procedure_code AS key UNION ALL SELECT 'officer' AS kind, OLD.created_by AS key) k WHERE OLD.status IN ('stopped', 'refused')
	ON CONFLICT (kind, day, key) DO UPDATE SET stopped = stopped + excluded.stopped, refused = refused + excluded.refused;
	INSERT INTO report_cells (kind, day, key, stopped, refused)
	SELECT k.kind, (NEW.submitted_at + 25200) / 86400, k.key, +coalesce((NEW.status = 'stopped'), 0), +coalesce((NEW.status = 'refused'), 0)
	FROM (SELECT 'receiving_unit' AS kind, NEW.receiving_unit AS key UNION ALL SELECT 'resolver_unit' AS kind, NEW.resolver_unit AS key UNION ALL SELECT 'procedure' AS kind, NEW.procedure_code AS key UNION ALL SELECT 'officer' AS kind, NEW.created_by AS key) k WHERE NEW.status IN ('stopped', 'refused')
	ON CONFLICT (kind, day, key) DO UPDATE SET stopped = stopped + excluded.stopped, refused = refused + excluded.refused;
END;

CREATE TRIGGER report_dossier_update_returned AFTER UPDATE ON dossiers
WHEN OLD.returned_at IS NOT NEW.returned_at OR OLD.receiving_unit IS NOT NEW.receiving_unit OR OLD.resolver_unit IS NOT NEW.resolver_unit OR OLD.procedure_code IS NOT NEW.procedure_code OR OLD.created_by IS NOT NEW.created_by
BEGIN
	INSERT INTO report_cells (kind, day, key, returned)
	SELECT k.kind, (OLD.returned_at + 25200) / 86400, k.key, -coalesce((1), 0)
	FROM (SELECT 'receiving_unit' AS kind, OLD.receiving_unit AS key UNION ALL SELECT 'resolver_unit' AS kind, OLD.resolver_unit AS key UNION ALL SELECT 'procedure' AS kind, OLD.procedure_code AS key UNION ALL SELECT 'officer' AS kind, OLD.created_by AS key) k WHERE OLD.returned_at IS NOT NULL
	ON CONFLICT (kind, day, key) DO UPDATE SET returned = returned + excluded.returned;
	INSERT INTO report_cells (kind, day, key, returned)
	SELECT k.kind, (NEW.returned_at + 25200) / 86400, k.key, +coalesce((1), 0)
	FROM (SELECT 'receiving_unit' AS kind, NEW.receiving_unit AS key UNION ALL SELECT 'resolver_unit' AS kind, NEW.resolver_unit AS key UNION ALL SELECT 'procedure' AS kind, NEW.procedure_code AS key UNION ALL SELECT 'officer' AS kind, NEW.created_by AS key) k WHERE NEW.returned_at IS NOT NULL
	ON CONFLICT (kind, day, key) DO UPDATE SET returned = returned + excluded.returned;
END;

CREATE TRIGGER report_dossier_update_rated AFTER UPDATE ON dossiers
WHEN OLD.rated_at IS NOT NEW.rated_at OR OLD.rating IS NOT NEW.rating OR OLD.receiving_unit IS NOT NEW.receiving_unit OR OLD.resolver_unit IS NOT NEW.resolver_unit OR OLD.procedure_code IS NOT NEW.procedure_code OR OLD.created_by IS NOT NEW.created_by
BEGIN
	INSERT INTO report_cells (kind, day, key, rated, satisfied)
	SELECT k.kind, (OLD.rated_at + 25200) / 86400, k.key, -coalesce((1), 0), -coalesce((OLD.rating IN ('very_satisfied', 'satisfied')), 0)
	FROM (SELECT 'receiving_unit' AS kind, OLD.receiving_unit AS key UNION ALL SELECT 'resolver_unit' AS kind, OLD.resolver_unit AS key UNION ALL SELECT 'procedure' AS kind, OLD.procedure_code AS key UNION ALL SELECT 'officer' AS kind, OLD.created_by AS key) k WHERE OLD.rated_at IS NOT NULL
	ON CONFLICT (kind, day, key) DO UPDATE SET rated = rated + excluded.rated, satisfied = satisfied + excluded.satisfied;
	INSERT INTO report_cells (kind, day, key, rated, satisfied)
	SELECT k.kind, (NEW.rated_at + 25200) / 86400, k.key, +coalesce((1), 0), +coalesce((NEW.rating IN ('very_satisfied', 'satisfied')), 0)
	FROM (SELECT 'receiving_unit' AS kind, NEW.receiving_unit AS key UNION ALL SELECT 'resolver_unit' AS kind, NEW.resolver_unit AS key UNION ALL SELECT 'procedure' AS kind, NEW.procedure_code AS key UNION ALL SELECT 'officer' AS kind, NEW.created_by AS key) k WHERE NEW.rated_at IS NOT NULL
	ON CONFLICT (kind, day, key) DO UPDATE SET rated = rated + excluded.rated, satisfied = satisfied + excluded.satisfied;
END;

CREATE TRIGGER report_dossier_delete AFTER DELETE ON dossiers BEGIN
	INSERT INTO report_cells (kind, day, key, recv_counter, recv_online, recv_post, supplement_requests, digitized, scanned_needed)
	SELECT k.kind, (OLD.received_at + 25200) / 86400, k.key, -coalesce((OLD.channel = 'counter'), 0), -coalesce((OLD.channel = 'online'), 0), -coalesce((OLD.channel = 'post'), 0), -coalesce((OLD.supplement_requests), 0), -coalesce((OLD.channel <> 'online' AND OLD.undigitized = 0), 0), -coalesce((OLD.channel <> 'online'), 0)
	FROM (SELECT 'receiving_unit' AS kind, OLD.receiving_unit AS key UNION ALL SELECT 'resolver_unit' AS kind, OLD.resolver_unit AS key UNION ALL SELECT 'procedure' AS kind, OLD.procedure_code AS key UNION ALL SELECT 'officer' AS kind, OLD.created_by AS key) k WHERE OLD.received_at IS NOT NULL
	ON CONFLICT (kind, day, key) DO UPDATE SET recv_counter = recv_counter + excluded.recv_counter, recv_online = recv_online + excluded.recv_online, recv_post = recv_post + excluded.recv_post, supplement_requests = supplement_requests + excluded.supplement_requests, digitized = digitized + excluded.digitized, scanned_needed = scanned_needed + excluded.scanned_needed;
	INSERT INTO report_cells (kind, day, key, early, on_time, late, denied, approved, electronic)
	SELECT k.kind, (OLD.decided_at + 25200) / 86400, k.key, -coalesce((OLD.timeliness = 'early'), 0), -coalesce((OLD.timeliness = 'on_time'), 0), -coalesce((OLD.timeliness = 'late'), 0), -coalesce((OLD.decision = 'denied'), 0), -coalesce((OLD.decision = 'approved'), 0), -coalesce((OLD.decision = 'approved' AND OLD.result_document IS NOT NULL), 0)
	FROM (SELECT 'receiving_unit' AS kind, OLD.receiving_unit AS key UNION ALL SELECT 'resolver_unit' AS kind, OLD.resolver_unit AS key UNION ALL SELECT 'procedure' AS kind, OLD.procedure_code AS key UNION ALL SELECT 'officer' AS kind, OLD.created_by AS key) k WHERE OLD.decided_at IS NOT NULL
	ON CONFLICT (kind, day, key) DO UPDATE SET early = early + excluded.early, on_time = on_time + excluded.on_time, late = late + excluded.late, denied = denied + excluded.denied, approved = approved + excluded.approved, electronic = electronic + excluded.electronic;
	INSERT INTO report_cells (kind, day, key, stopped, refused)
	SELECT k.kind, (OLD.submitted_at + 25200) / 86400, k.key, -coalesce((OLD.status = 'stopped'), 0), -coalesce((OLD.status = 'refused'), 0)
	FROM (SELECT 'receiving_unit' AS kind, OLD.receiving_unit AS key UNION ALL SELECT 'resolver_unit' AS kind, OLD.resolver_unit AS key UNION ALL SELECT 'procedure' AS kind, OLD.procedure_code AS key UNION ALL SELECT 'officer' AS kind, OLD.created_by AS key) k WHERE OLD.status IN ('stopped', 'refused')
	ON CONFLICT (kind, day, key) DO UPDATE SET stopped = stopped + excluded.stopped, refused = refused + excluded.refused;
	INSERT INTO report_cells (kind, day, key, returned)
	SELECT k.kind, (OLD.returned_at + 25200) / 86400, k.key, -coalesce((1), 0)
	FROM (SELECT 'receiving_unit' AS kind, OLD.receiving_unit AS key UNION ALL SELECT 'resolver_unit' AS kind, OLD.resolver_unit AS key UNION ALL SELECT 'procedure' AS kind, OLD.procedure_code AS key UNION ALL SELECT 'officer' AS kind, OLD.created_by AS key) k WHERE OLD.returned_at IS NOT NULL
	ON CONFLICT (kind, day, key) DO UPDATE SET returned = returned + excluded.returned;
	INSERT INTO report_cells (kind, day, key, rated, satisfied)
	SELECT k.kind, (OLD.rated_at + 25200) / 86400, k.key, -coalesce((1), 0), -coalesce((OLD.rating IN ('very_satisfied', 'satisfied')), 0)
	FROM (SELECT 'receiving_unit' AS kind, OLD.receiving_unit AS key UNION ALL SELECT 'resolver_unit' AS kind, OLD.resolver_unit AS key UNION ALL SELECT 'procedure' AS kind, OLD.procedure_code AS key UNION ALL SELECT 'officer' AS kind, OLD.created_by AS key) k WHERE OLD.rated_at IS NOT NULL
	ON CONFLICT (kind, day, key) DO UPDATE SET rated = rated + excluded.rated, satisfied = satisfied + excluded.satisfied;
END;

-- Digitization follows the components: a needed component without a document counts.
CREATE TRIGGER report_component_insert AFTER INSERT ON dossier_components
WHEN NEW.needed = 1 AND NEW.document IS NULL BEGIN
	UPDATE dossiers SET undigitized = undigitized + 1 WHERE id = NEW.dossier_id;
END;
CREATE TRIGGER report_component_update AFTER UPDATE ON dossier_components
WHEN (OLD.needed = 1 AND OLD.document IS NULL) IS NOT (NEW.needed = 1 AND NEW.document IS NULL) BEGIN
	UPDATE dossiers SET undigitized = undigitized + (NEW.needed = 1 AND NEW.document IS NULL)
		- (OLD.needed = 1 AND OLD.document IS NULL) WHERE id = NEW.dossier_id;
END;
CREATE TRIGGER report_component_delete AFTER DELETE ON dossier_components
WHEN OLD.needed = 1 AND OLD.document IS NULL BEGIN
	UPDATE dossiers SET undigitized = undigitized - 1 WHERE id = OLD.dossier_id;
END;
