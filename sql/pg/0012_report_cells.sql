-- PostgreSQL 15 version of sql/sqlite/0012_report_cells.sql (docs/postgresql.md): the same tables, columns,
-- constraints, indexes and trigger behaviour; the migrator records the version.
-- Maintained roll-ups of the statistics (ARCHITECTURE.md "Runtime"): counts per grouping (receiving
-- unit, resolver unit, procedure, officer) × key × local day, kept by triggers in the same
-- transaction as the dossier's own write, so that a city-wide summary sums a few thousand cells
-- instead of scanning millions of dossiers. Each dossier adds, for each grouping, to the cell of the
-- day of each of its events (received, decided, submitted when stopped or refused, returned, rated);
-- an update takes its old contribution away and adds the new one. Days are Vietnam's (UTC+7):
-- (t + 25200) / 86400. The groups a report lists (any dossier submitted by its end) are kept in
-- report_keys.

-- Needed components still without a document: a dossier is digitized when this is 0.
ALTER TABLE dossiers ADD COLUMN undigitized BIGINT NOT NULL DEFAULT 0;
UPDATE dossiers SET undigitized = (SELECT count(*) FROM dossier_components c
	WHERE c.dossier_id = dossiers.id AND c.needed = 1 AND c.document IS NULL);

CREATE TABLE report_cells (
	kind TEXT NOT NULL CHECK (kind IN ('receiving_unit', 'resolver_unit', 'procedure', 'officer')),
	day BIGINT NOT NULL,
	key TEXT NOT NULL,
	recv_counter BIGINT NOT NULL DEFAULT 0,
	recv_online BIGINT NOT NULL DEFAULT 0,
	recv_post BIGINT NOT NULL DEFAULT 0,
	early BIGINT NOT NULL DEFAULT 0,
	on_time BIGINT NOT NULL DEFAULT 0,
	late BIGINT NOT NULL DEFAULT 0,
	stopped BIGINT NOT NULL DEFAULT 0,
	refused BIGINT NOT NULL DEFAULT 0,
	denied BIGINT NOT NULL DEFAULT 0,
	returned BIGINT NOT NULL DEFAULT 0,
	supplement_requests BIGINT NOT NULL DEFAULT 0,
	digitized BIGINT NOT NULL DEFAULT 0,
	scanned_needed BIGINT NOT NULL DEFAULT 0,
	approved BIGINT NOT NULL DEFAULT 0,
	electronic BIGINT NOT NULL DEFAULT 0,
	rated BIGINT NOT NULL DEFAULT 0,
	satisfied BIGINT NOT NULL DEFAULT 0,
	PRIMARY KEY (kind, day, key)
);

CREATE TABLE report_keys (
	kind TEXT NOT NULL CHECK (kind IN ('receiving_unit', 'resolver_unit', 'procedure', 'officer')),
	key TEXT NOT NULL,
	name TEXT NOT NULL,
	first_at BIGINT NOT NULL, -- the earliest submission (or reception) of its dossiers
	PRIMARY KEY (kind, key)
);

INSERT INTO report_cells (kind, day, key, recv_counter, recv_online, recv_post, supplement_requests, digitized, scanned_needed)
SELECT 'receiving_unit', (d.received_at + 25200) / 86400 AS day, d.receiving_unit, sum(coalesce((d.channel = 'counter')::int, 0)), sum(coalesce((d.channel = 'online')::int, 0)), sum(coalesce((d.channel = 'post')::int, 0)), sum(coalesce(d.supplement_requests, 0)), sum(coalesce((d.channel <> 'online' AND d.undigitized = 0)::int, 0)), sum(coalesce((d.channel <> 'online')::int, 0))
FROM dossiers d WHERE d.received_at IS NOT NULL GROUP BY day, d.receiving_unit ORDER BY day, d.receiving_unit
ON CONFLICT (kind, day, key) DO UPDATE SET recv_counter = report_cells.recv_counter + excluded.recv_counter, recv_online = report_cells.recv_online + excluded.recv_online, recv_post = report_cells.recv_post + excluded.recv_post, supplement_requests = report_cells.supplement_requests + excluded.supplement_requests, digitized = report_cells.digitized + excluded.digitized, scanned_needed = report_cells.scanned_needed + excluded.scanned_needed;
INSERT INTO report_cells (kind, day, key, recv_counter, recv_online, recv_post, supplement_requests, digitized, scanned_needed)
SELECT 'resolver_unit', (d.received_at + 25200) / 86400 AS day, d.resolver_unit, sum(coalesce((d.channel = 'counter')::int, 0)), sum(coalesce((d.channel = 'online')::int, 0)), sum(coalesce((d.channel = 'post')::int, 0)), sum(coalesce(d.supplement_requests, 0)), sum(coalesce((d.channel <> 'online' AND d.undigitized = 0)::int, 0)), sum(coalesce((d.channel <> 'online')::int, 0))
FROM dossiers d WHERE d.received_at IS NOT NULL GROUP BY day, d.resolver_unit ORDER BY day, d.resolver_unit
ON CONFLICT (kind, day, key) DO UPDATE SET recv_counter = report_cells.recv_counter + excluded.recv_counter, recv_online = report_cells.recv_online + excluded.recv_online, recv_post = report_cells.recv_post + excluded.recv_post, supplement_requests = report_cells.supplement_requests + excluded.supplement_requests, digitized = report_cells.digitized + excluded.digitized, scanned_needed = report_cells.scanned_needed + excluded.scanned_needed;
INSERT INTO report_cells (kind, day, key, recv_counter, recv_online, recv_post, supplement_requests, digitized, scanned_needed)
SELECT 'procedure', (d.received_at + 25200) / 86400 AS day, d.procedure_code, sum(coalesce((d.channel = 'counter')::int, 0)), sum(coalesce((d.channel = 'online')::int, 0)), sum(coalesce((d.channel = 'post')::int, 0)), sum(coalesce(d.supplement_requests, 0)), sum(coalesce((d.channel <> 'online' AND d.undigitized = 0)::int, 0)), sum(coalesce((d.channel <> 'online')::int, 0))
FROM dossiers d WHERE d.received_at IS NOT NULL GROUP BY day, d.procedure_code ORDER BY day, d.procedure_code
ON CONFLICT (kind, day, key) DO UPDATE SET recv_counter = report_cells.recv_counter + excluded.recv_counter, recv_online = report_cells.recv_online + excluded.recv_online, recv_post = report_cells.recv_post + excluded.recv_post, supplement_requests = report_cells.supplement_requests + excluded.supplement_requests, digitized = report_cells.digitized + excluded.digitized, scanned_needed = report_cells.scanned_needed + excluded.scanned_needed;
INSERT INTO report_cells (kind, day, key, recv_counter, recv_online, recv_post, supplement_requests, digitized, scanned_needed)
SELECT 'officer', (d.received_at + 25200) / 86400 AS day, d.created_by, sum(coalesce((d.channel = 'counter')::int, 0)), sum(coalesce((d.channel = 'online')::int, 0)), sum(coalesce((d.channel = 'post')::int, 0)), sum(coalesce(d.supplement_requests, 0)), sum(coalesce((d.channel <> 'online' AND d.undigitized = 0)::int, 0)), sum(coalesce((d.channel <> 'online')::int, 0))
FROM dossiers d WHERE d.received_at IS NOT NULL GROUP BY day, d.created_by ORDER BY day, d.created_by
ON CONFLICT (kind, day, key) DO UPDATE SET recv_counter = report_cells.recv_counter + excluded.recv_counter, recv_online = report_cells.recv_online + excluded.recv_online, recv_post = report_cells.recv_post + excluded.recv_post, supplement_requests = report_cells.supplement_requests + excluded.supplement_requests, digitized = report_cells.digitized + excluded.digitized, scanned_needed = report_cells.scanned_needed + excluded.scanned_needed;
INSERT INTO report_cells (kind, day, key, early, on_time, late, denied, approved, electronic)
SELECT 'receiving_unit', (d.decided_at + 25200) / 86400 AS day, d.receiving_unit, sum(coalesce((d.timeliness = 'early')::int, 0)), sum(coalesce((d.timeliness = 'on_time')::int, 0)), sum(coalesce((d.timeliness = 'late')::int, 0)), sum(coalesce((d.decision = 'denied')::int, 0)), sum(coalesce((d.decision = 'approved')::int, 0)), sum(coalesce((d.decision = 'approved' AND d.result_document IS NOT NULL)::int, 0))
FROM dossiers d WHERE d.decided_at IS NOT NULL GROUP BY day, d.receiving_unit ORDER BY day, d.receiving_unit
ON CONFLICT (kind, day, key) DO UPDATE SET early = report_cells.early + excluded.early, on_time = report_cells.on_time + excluded.on_time, late = report_cells.late + excluded.late, denied = report_cells.denied + excluded.denied, approved = report_cells.approved + excluded.approved, electronic = report_cells.electronic + excluded.electronic;
INSERT INTO report_cells (kind, day, key, early, on_time, late, denied, approved, electronic)
SELECT 'resolver_unit', (d.decided_at + 25200) / 86400 AS day, d.resolver_unit, sum(coalesce((d.timeliness = 'early')::int, 0)), sum(coalesce((d.timeliness = 'on_time')::int, 0)), sum(coalesce((d.timeliness = 'late')::int, 0)), sum(coalesce((d.decision = 'denied')::int, 0)), sum(coalesce((d.decision = 'approved')::int, 0)), sum(coalesce((d.decision = 'approved' AND d.result_document IS NOT NULL)::int, 0))
FROM dossiers d WHERE d.decided_at IS NOT NULL GROUP BY day, d.resolver_unit ORDER BY day, d.resolver_unit
ON CONFLICT (kind, day, key) DO UPDATE SET early = report_cells.early + excluded.early, on_time = report_cells.on_time + excluded.on_time, late = report_cells.late + excluded.late, denied = report_cells.denied + excluded.denied, approved = report_cells.approved + excluded.approved, electronic = report_cells.electronic + excluded.electronic;
INSERT INTO report_cells (kind, day, key, early, on_time, late, denied, approved, electronic)
SELECT 'procedure', (d.decided_at + 25200) / 86400 AS day, d.procedure_code, sum(coalesce((d.timeliness = 'early')::int, 0)), sum(coalesce((d.timeliness = 'on_time')::int, 0)), sum(coalesce((d.timeliness = 'late')::int, 0)), sum(coalesce((d.decision = 'denied')::int, 0)), sum(coalesce((d.decision = 'approved')::int, 0)), sum(coalesce((d.decision = 'approved' AND d.result_document IS NOT NULL)::int, 0))
FROM dossiers d WHERE d.decided_at IS NOT NULL GROUP BY day, d.procedure_code ORDER BY day, d.procedure_code
ON CONFLICT (kind, day, key) DO UPDATE SET early = report_cells.early + excluded.early, on_time = report_cells.on_time + excluded.on_time, late = report_cells.late + excluded.late, denied = report_cells.denied + excluded.denied, approved = report_cells.approved + excluded.approved, electronic = report_cells.electronic + excluded.electronic;
INSERT INTO report_cells (kind, day, key, early, on_time, late, denied, approved, electronic)
SELECT 'officer', (d.decided_at + 25200) / 86400 AS day, d.created_by, sum(coalesce((d.timeliness = 'early')::int, 0)), sum(coalesce((d.timeliness = 'on_time')::int, 0)), sum(coalesce((d.timeliness = 'late')::int, 0)), sum(coalesce((d.decision = 'denied')::int, 0)), sum(coalesce((d.decision = 'approved')::int, 0)), sum(coalesce((d.decision = 'approved' AND d.result_document IS NOT NULL)::int, 0))
FROM dossiers d WHERE d.decided_at IS NOT NULL GROUP BY day, d.created_by ORDER BY day, d.created_by
ON CONFLICT (kind, day, key) DO UPDATE SET early = report_cells.early + excluded.early, on_time = report_cells.on_time + excluded.on_time, late = report_cells.late + excluded.late, denied = report_cells.denied + excluded.denied, approved = report_cells.approved + excluded.approved, electronic = report_cells.electronic + excluded.electronic;
INSERT INTO report_cells (kind, day, key, stopped, refused)
SELECT 'receiving_unit', (d.submitted_at + 25200) / 86400 AS day, d.receiving_unit, sum(coalesce((d.status = 'stopped')::int, 0)), sum(coalesce((d.status = 'refused')::int, 0))
FROM dossiers d WHERE d.status IN ('stopped', 'refused') GROUP BY day, d.receiving_unit ORDER BY day, d.receiving_unit
ON CONFLICT (kind, day, key) DO UPDATE SET stopped = report_cells.stopped + excluded.stopped, refused = report_cells.refused + excluded.refused;
INSERT INTO report_cells (kind, day, key, stopped, refused)
SELECT 'resolver_unit', (d.submitted_at + 25200) / 86400 AS day, d.resolver_unit, sum(coalesce((d.status = 'stopped')::int, 0)), sum(coalesce((d.status = 'refused')::int, 0))
FROM dossiers d WHERE d.status IN ('stopped', 'refused') GROUP BY day, d.resolver_unit ORDER BY day, d.resolver_unit
ON CONFLICT (kind, day, key) DO UPDATE SET stopped = report_cells.stopped + excluded.stopped, refused = report_cells.refused + excluded.refused;
INSERT INTO report_cells (kind, day, key, stopped, refused)
SELECT 'procedure', (d.submitted_at + 25200) / 86400 AS day, d.procedure_code, sum(coalesce((d.status = 'stopped')::int, 0)), sum(coalesce((d.status = 'refused')::int, 0))
FROM dossiers d WHERE d.status IN ('stopped', 'refused') GROUP BY day, d.procedure_code ORDER BY day, d.procedure_code
ON CONFLICT (kind, day, key) DO UPDATE SET stopped = report_cells.stopped + excluded.stopped, refused = report_cells.refused + excluded.refused;
INSERT INTO report_cells (kind, day, key, stopped, refused)
SELECT 'officer', (d.submitted_at + 25200) / 86400 AS day, d.created_by, sum(coalesce((d.status = 'stopped')::int, 0)), sum(coalesce((d.status = 'refused')::int, 0))
FROM dossiers d WHERE d.status IN ('stopped', 'refused') GROUP BY day, d.created_by ORDER BY day, d.created_by
ON CONFLICT (kind, day, key) DO UPDATE SET stopped = report_cells.stopped + excluded.stopped, refused = report_cells.refused + excluded.refused;
INSERT INTO report_cells (kind, day, key, returned)
SELECT 'receiving_unit', (d.returned_at + 25200) / 86400 AS day, d.receiving_unit, sum(coalesce(1, 0))
FROM dossiers d WHERE d.returned_at IS NOT NULL GROUP BY day, d.receiving_unit ORDER BY day, d.receiving_unit
ON CONFLICT (kind, day, key) DO UPDATE SET returned = report_cells.returned + excluded.returned;
INSERT INTO report_cells (kind, day, key, returned)
SELECT 'resolver_unit', (d.returned_at + 25200) / 86400 AS day, d.resolver_unit, sum(coalesce(1, 0))
FROM dossiers d WHERE d.returned_at IS NOT NULL GROUP BY day, d.resolver_unit ORDER BY day, d.resolver_unit
ON CONFLICT (kind, day, key) DO UPDATE SET returned = report_cells.returned + excluded.returned;
INSERT INTO report_cells (kind, day, key, returned)
SELECT 'procedure', (d.returned_at + 25200) / 86400 AS day, d.procedure_code, sum(coalesce(1, 0))
FROM dossiers d WHERE d.returned_at IS NOT NULL GROUP BY day, d.procedure_code ORDER BY day, d.procedure_code
ON CONFLICT (kind, day, key) DO UPDATE SET returned = report_cells.returned + excluded.returned;
INSERT INTO report_cells (kind, day, key, returned)
SELECT 'officer', (d.returned_at + 25200) / 86400 AS day, d.created_by, sum(coalesce(1, 0))
FROM dossiers d WHERE d.returned_at IS NOT NULL GROUP BY day, d.created_by ORDER BY day, d.created_by
ON CONFLICT (kind, day, key) DO UPDATE SET returned = report_cells.returned + excluded.returned;
INSERT INTO report_cells (kind, day, key, rated, satisfied)
SELECT 'receiving_unit', (d.rated_at + 25200) / 86400 AS day, d.receiving_unit, sum(coalesce(1, 0)), sum(coalesce((d.rating IN ('very_satisfied', 'satisfied'))::int, 0))
FROM dossiers d WHERE d.rated_at IS NOT NULL GROUP BY day, d.receiving_unit ORDER BY day, d.receiving_unit
ON CONFLICT (kind, day, key) DO UPDATE SET rated = report_cells.rated + excluded.rated, satisfied = report_cells.satisfied + excluded.satisfied;
INSERT INTO report_cells (kind, day, key, rated, satisfied)
SELECT 'resolver_unit', (d.rated_at + 25200) / 86400 AS day, d.resolver_unit, sum(coalesce(1, 0)), sum(coalesce((d.rating IN ('very_satisfied', 'satisfied'))::int, 0))
FROM dossiers d WHERE d.rated_at IS NOT NULL GROUP BY day, d.resolver_unit ORDER BY day, d.resolver_unit
ON CONFLICT (kind, day, key) DO UPDATE SET rated = report_cells.rated + excluded.rated, satisfied = report_cells.satisfied + excluded.satisfied;
INSERT INTO report_cells (kind, day, key, rated, satisfied)
SELECT 'procedure', (d.rated_at + 25200) / 86400 AS day, d.procedure_code, sum(coalesce(1, 0)), sum(coalesce((d.rating IN ('very_satisfied', 'satisfied'))::int, 0))
FROM dossiers d WHERE d.rated_at IS NOT NULL GROUP BY day, d.procedure_code ORDER BY day, d.procedure_code
ON CONFLICT (kind, day, key) DO UPDATE SET rated = report_cells.rated + excluded.rated, satisfied = report_cells.satisfied + excluded.satisfied;
INSERT INTO report_cells (kind, day, key, rated, satisfied)
SELECT 'officer', (d.rated_at + 25200) / 86400 AS day, d.created_by, sum(coalesce(1, 0)), sum(coalesce((d.rating IN ('very_satisfied', 'satisfied'))::int, 0))
FROM dossiers d WHERE d.rated_at IS NOT NULL GROUP BY day, d.created_by ORDER BY day, d.created_by
ON CONFLICT (kind, day, key) DO UPDATE SET rated = report_cells.rated + excluded.rated, satisfied = report_cells.satisfied + excluded.satisfied;
INSERT INTO report_keys (kind, key, name, first_at)
SELECT 'receiving_unit', receiving_unit, receiving_unit, min(LEAST(submitted_at, coalesce(received_at, submitted_at)))
FROM dossiers GROUP BY receiving_unit;
INSERT INTO report_keys (kind, key, name, first_at)
SELECT 'resolver_unit', resolver_unit, resolver_unit, min(LEAST(submitted_at, coalesce(received_at, submitted_at)))
FROM dossiers GROUP BY resolver_unit;
INSERT INTO report_keys (kind, key, name, first_at)
SELECT 'procedure', procedure_code, max(procedure_name), min(LEAST(submitted_at, coalesce(received_at, submitted_at)))
FROM dossiers GROUP BY procedure_code;
INSERT INTO report_keys (kind, key, name, first_at)
SELECT 'officer', created_by, created_by, min(LEAST(submitted_at, coalesce(received_at, submitted_at)))
FROM dossiers GROUP BY created_by;

CREATE FUNCTION report_dossier_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO report_cells (kind, day, key, recv_counter, recv_online, recv_post, supplement_requests, digitized, scanned_needed)
	SELECT k.kind, (NEW.received_at + 25200) / 86400, k.key, +coalesce((NEW.channel = 'counter')::int, 0), +coalesce((NEW.channel = 'online')::int, 0), +coalesce((NEW.channel = 'post')::int, 0), +coalesce((NEW.supplement_requests), 0), +coalesce((NEW.channel <> 'online' AND NEW.undigitized = 0)::int, 0), +coalesce((NEW.channel <> 'online')::int, 0)
	FROM (SELECT 'receiving_unit' AS kind, NEW.receiving_unit AS key UNION ALL SELECT 'resolver_unit' AS kind, NEW.resolver_unit AS key UNION ALL SELECT 'procedure' AS kind, NEW.procedure_code AS key UNION ALL SELECT 'officer' AS kind, NEW.created_by AS key) k WHERE NEW.received_at IS NOT NULL
	ON CONFLICT (kind, day, key) DO UPDATE SET recv_counter = report_cells.recv_counter + excluded.recv_counter, recv_online = report_cells.recv_online + excluded.recv_online, recv_post = report_cells.recv_post + excluded.recv_post, supplement_requests = report_cells.supplement_requests + excluded.supplement_requests, digitized = report_cells.digitized + excluded.digitized, scanned_needed = report_cells.scanned_needed + excluded.scanned_needed;
	INSERT INTO report_cells (kind, day, key, early, on_time, late, denied, approved, electronic)
	SELECT k.kind, (NEW.decided_at + 25200) / 86400, k.key, +coalesce((NEW.timeliness = 'early')::int, 0), +coalesce((NEW.timeliness = 'on_time')::int, 0), +coalesce((NEW.timeliness = 'late')::int, 0), +coalesce((NEW.decision = 'denied')::int, 0), +coalesce((NEW.decision = 'approved')::int, 0), +coalesce((NEW.decision = 'approved' AND NEW.result_document IS NOT NULL)::int, 0)
	FROM (SELECT 'receiving_unit' AS kind, NEW.receiving_unit AS key UNION ALL SELECT 'resolver_unit' AS kind, NEW.resolver_unit AS key UNION ALL SELECT 'procedure' AS kind, NEW.procedure_code AS key UNION ALL SELECT 'officer' AS kind, NEW.created_by AS key) k WHERE NEW.decided_at IS NOT NULL
	ON CONFLICT (kind, day, key) DO UPDATE SET early = report_cells.early + excluded.early, on_time = report_cells.on_time + excluded.on_time, late = report_cells.late + excluded.late, denied = report_cells.denied + excluded.denied, approved = report_cells.approved + excluded.approved, electronic = report_cells.electronic + excluded.electronic;
	INSERT INTO report_cells (kind, day, key, stopped, refused)
	SELECT k.kind, (NEW.submitted_at + 25200) / 86400, k.key, +coalesce((NEW.status = 'stopped')::int, 0), +coalesce((NEW.status = 'refused')::int, 0)
	FROM (SELECT 'receiving_unit' AS kind, NEW.receiving_unit AS key UNION ALL SELECT 'resolver_unit' AS kind, NEW.resolver_unit AS key UNION ALL SELECT 'procedure' AS kind, NEW.procedure_code AS key UNION ALL SELECT 'officer' AS kind, NEW.created_by AS key) k WHERE NEW.status IN ('stopped', 'refused')
	ON CONFLICT (kind, day, key) DO UPDATE SET stopped = report_cells.stopped + excluded.stopped, refused = report_cells.refused + excluded.refused;
	INSERT INTO report_cells (kind, day, key, returned)
	SELECT k.kind, (NEW.returned_at + 25200) / 86400, k.key, +coalesce((1), 0)
	FROM (SELECT 'receiving_unit' AS kind, NEW.receiving_unit AS key UNION ALL SELECT 'resolver_unit' AS kind, NEW.resolver_unit AS key UNION ALL SELECT 'procedure' AS kind, NEW.procedure_code AS key UNION ALL SELECT 'officer' AS kind, NEW.created_by AS key) k WHERE NEW.returned_at IS NOT NULL
	ON CONFLICT (kind, day, key) DO UPDATE SET returned = report_cells.returned + excluded.returned;
	INSERT INTO report_cells (kind, day, key, rated, satisfied)
	SELECT k.kind, (NEW.rated_at + 25200) / 86400, k.key, +coalesce((1), 0), +coalesce((NEW.rating IN ('very_satisfied', 'satisfied'))::int, 0)
	FROM (SELECT 'receiving_unit' AS kind, NEW.receiving_unit AS key UNION ALL SELECT 'resolver_unit' AS kind, NEW.resolver_unit AS key UNION ALL SELECT 'procedure' AS kind, NEW.procedure_code AS key UNION ALL SELECT 'officer' AS kind, NEW.created_by AS key) k WHERE NEW.rated_at IS NOT NULL
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
	INSERT INTO report_keys (kind, key, name, first_at)
	VALUES ('officer', NEW.created_by, NEW.created_by, LEAST(NEW.submitted_at, coalesce(NEW.received_at, NEW.submitted_at)))
	ON CONFLICT (kind, key) DO UPDATE SET first_at = LEAST(report_keys.first_at, excluded.first_at), name = GREATEST(report_keys.name, excluded.name)
	WHERE excluded.first_at < report_keys.first_at OR excluded.name > report_keys.name;
	RETURN NULL;
END;
$$;
CREATE TRIGGER report_dossier_insert AFTER INSERT ON dossiers FOR EACH ROW
EXECUTE FUNCTION report_dossier_insert();

-- On an update, each kind of event whose fields changed takes its old contribution away and adds
-- the new one; the others cost nothing.
CREATE FUNCTION report_dossier_update_received() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO report_cells (kind, day, key, recv_counter, recv_online, recv_post, supplement_requests, digitized, scanned_needed)
	SELECT k.kind, (OLD.received_at + 25200) / 86400, k.key, -coalesce((OLD.channel = 'counter')::int, 0), -coalesce((OLD.channel = 'online')::int, 0), -coalesce((OLD.channel = 'post')::int, 0), -coalesce((OLD.supplement_requests), 0), -coalesce((OLD.channel <> 'online' AND OLD.undigitized = 0)::int, 0), -coalesce((OLD.channel <> 'online')::int, 0)
	FROM (SELECT 'receiving_unit' AS kind, OLD.receiving_unit AS key UNION ALL SELECT 'resolver_unit' AS kind, OLD.resolver_unit AS key UNION ALL SELECT 'procedure' AS kind, OLD.procedure_code AS key UNION ALL SELECT 'officer' AS kind, OLD.created_by AS key) k WHERE OLD.received_at IS NOT NULL
	ON CONFLICT (kind, day, key) DO UPDATE SET recv_counter = report_cells.recv_counter + excluded.recv_counter, recv_online = report_cells.recv_online + excluded.recv_online, recv_post = report_cells.recv_post + excluded.recv_post, supplement_requests = report_cells.supplement_requests + excluded.supplement_requests, digitized = report_cells.digitized + excluded.digitized, scanned_needed = report_cells.scanned_needed + excluded.scanned_needed;
	INSERT INTO report_cells (kind, day, key, recv_counter, recv_online, recv_post, supplement_requests, digitized, scanned_needed)
	SELECT k.kind, (NEW.received_at + 25200) / 86400, k.key, +coalesce((NEW.channel = 'counter')::int, 0), +coalesce((NEW.channel = 'online')::int, 0), +coalesce((NEW.channel = 'post')::int, 0), +coalesce((NEW.supplement_requests), 0), +coalesce((NEW.channel <> 'online' AND NEW.undigitized = 0)::int, 0), +coalesce((NEW.channel <> 'online')::int, 0)
	FROM (SELECT 'receiving_unit' AS kind, NEW.receiving_unit AS key UNION ALL SELECT 'resolver_unit' AS kind, NEW.resolver_unit AS key UNION ALL SELECT 'procedure' AS kind, NEW.procedure_code AS key UNION ALL SELECT 'officer' AS kind, NEW.created_by AS key) k WHERE NEW.received_at IS NOT NULL
	ON CONFLICT (kind, day, key) DO UPDATE SET recv_counter = report_cells.recv_counter + excluded.recv_counter, recv_online = report_cells.recv_online + excluded.recv_online, recv_post = report_cells.recv_post + excluded.recv_post, supplement_requests = report_cells.supplement_requests + excluded.supplement_requests, digitized = report_cells.digitized + excluded.digitized, scanned_needed = report_cells.scanned_needed + excluded.scanned_needed;
	RETURN NULL;
END;
$$;
CREATE TRIGGER report_dossier_update_received AFTER UPDATE ON dossiers FOR EACH ROW
WHEN (OLD.received_at IS DISTINCT FROM NEW.received_at OR OLD.channel IS DISTINCT FROM NEW.channel OR OLD.supplement_requests IS DISTINCT FROM NEW.supplement_requests OR OLD.undigitized IS DISTINCT FROM NEW.undigitized OR OLD.receiving_unit IS DISTINCT FROM NEW.receiving_unit OR OLD.resolver_unit IS DISTINCT FROM NEW.resolver_unit OR OLD.procedure_code IS DISTINCT FROM NEW.procedure_code OR OLD.created_by IS DISTINCT FROM NEW.created_by)
EXECUTE FUNCTION report_dossier_update_received();

CREATE FUNCTION report_dossier_update_decided() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO report_cells (kind, day, key, early, on_time, late, denied, approved, electronic)
	SELECT k.kind, (OLD.decided_at + 25200) / 86400, k.key, -coalesce((OLD.timeliness = 'early')::int, 0), -coalesce((OLD.timeliness = 'on_time')::int, 0), -coalesce((OLD.timeliness = 'late')::int, 0), -coalesce((OLD.decision = 'denied')::int, 0), -coalesce((OLD.decision = 'approved')::int, 0), -coalesce((OLD.decision = 'approved' AND OLD.result_document IS NOT NULL)::int, 0)
	FROM (SELECT 'receiving_unit' AS kind, OLD.receiving_unit AS key UNION ALL SELECT 'resolver_unit' AS kind, OLD.resolver_unit AS key UNION ALL SELECT 'procedure' AS kind, OLD.procedure_code AS key UNION ALL SELECT 'officer' AS kind, OLD.created_by AS key) k WHERE OLD.decided_at IS NOT NULL
	ON CONFLICT (kind, day, key) DO UPDATE SET early = report_cells.early + excluded.early, on_time = report_cells.on_time + excluded.on_time, late = report_cells.late + excluded.late, denied = report_cells.denied + excluded.denied, approved = report_cells.approved + excluded.approved, electronic = report_cells.electronic + excluded.electronic;
	INSERT INTO report_cells (kind, day, key, early, on_time, late, denied, approved, electronic)
	SELECT k.kind, (NEW.decided_at + 25200) / 86400, k.key, +coalesce((NEW.timeliness = 'early')::int, 0), +coalesce((NEW.timeliness = 'on_time')::int, 0), +coalesce((NEW.timeliness = 'late')::int, 0), +coalesce((NEW.decision = 'denied')::int, 0), +coalesce((NEW.decision = 'approved')::int, 0), +coalesce((NEW.decision = 'approved' AND NEW.result_document IS NOT NULL)::int, 0)
	FROM (SELECT 'receiving_unit' AS kind, NEW.receiving_unit AS key UNION ALL SELECT 'resolver_unit' AS kind, NEW.resolver_unit AS key UNION ALL SELECT 'procedure' AS kind, NEW.procedure_code AS key UNION ALL SELECT 'officer' AS kind, NEW.created_by AS key) k WHERE NEW.decided_at IS NOT NULL
	ON CONFLICT (kind, day, key) DO UPDATE SET early = report_cells.early + excluded.early, on_time = report_cells.on_time + excluded.on_time, late = report_cells.late + excluded.late, denied = report_cells.denied + excluded.denied, approved = report_cells.approved + excluded.approved, electronic = report_cells.electronic + excluded.electronic;
	RETURN NULL;
END;
$$;
CREATE TRIGGER report_dossier_update_decided AFTER UPDATE ON dossiers FOR EACH ROW
WHEN (OLD.decided_at IS DISTINCT FROM NEW.decided_at OR OLD.timeliness IS DISTINCT FROM NEW.timeliness OR OLD.decision IS DISTINCT FROM NEW.decision OR OLD.result_document IS DISTINCT FROM NEW.result_document OR OLD.receiving_unit IS DISTINCT FROM NEW.receiving_unit OR OLD.resolver_unit IS DISTINCT FROM NEW.resolver_unit OR OLD.procedure_code IS DISTINCT FROM NEW.procedure_code OR OLD.created_by IS DISTINCT FROM NEW.created_by)
EXECUTE FUNCTION report_dossier_update_decided();

CREATE FUNCTION report_dossier_update_submitted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO report_cells (kind, day, key, stopped, refused)
	SELECT k.kind, (OLD.submitted_at + 25200) / 86400, k.key, -coalesce((OLD.status = 'stopped')::int, 0), -coalesce((OLD.status = 'refused')::int, 0)
	FROM (SELECT 'receiving_unit' AS kind, OLD.receiving_unit AS key UNION ALL SELECT 'resolver_unit' AS kind, OLD.resolver_unit AS key UNION ALL SELECT 'procedure' AS kind, OLD.procedure_code AS key UNION ALL SELECT 'officer' AS kind, OLD.created_by AS key) k WHERE OLD.status IN ('stopped', 'refused')
	ON CONFLICT (kind, day, key) DO UPDATE SET stopped = report_cells.stopped + excluded.stopped, refused = report_cells.refused + excluded.refused;
	INSERT INTO report_cells (kind, day, key, stopped, refused)
	SELECT k.kind, (NEW.submitted_at + 25200) / 86400, k.key, +coalesce((NEW.status = 'stopped')::int, 0), +coalesce((NEW.status = 'refused')::int, 0)
	FROM (SELECT 'receiving_unit' AS kind, NEW.receiving_unit AS key UNION ALL SELECT 'resolver_unit' AS kind, NEW.resolver_unit AS key UNION ALL SELECT 'procedure' AS kind, NEW.procedure_code AS key UNION ALL SELECT 'officer' AS kind, NEW.created_by AS key) k WHERE NEW.status IN ('stopped', 'refused')
	ON CONFLICT (kind, day, key) DO UPDATE SET stopped = report_cells.stopped + excluded.stopped, refused = report_cells.refused + excluded.refused;
	RETURN NULL;
END;
$$;
CREATE TRIGGER report_dossier_update_submitted AFTER UPDATE ON dossiers FOR EACH ROW
WHEN ((OLD.status IN ('stopped', 'refused')) IS DISTINCT FROM (NEW.status IN ('stopped', 'refused'))
	OR NEW.status IN ('stopped', 'refused') AND (OLD.status IS DISTINCT FROM NEW.status OR OLD.submitted_at IS DISTINCT FROM NEW.submitted_at OR OLD.receiving_unit IS DISTINCT FROM NEW.receiving_unit OR OLD.resolver_unit IS DISTINCT FROM NEW.resolver_unit OR OLD.procedure_code IS DISTINCT FROM NEW.procedure_code OR OLD.created_by IS DISTINCT FROM NEW.created_by))
EXECUTE FUNCTION report_dossier_update_submitted();

CREATE FUNCTION report_dossier_update_returned() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO report_cells (kind, day, key, returned)
	SELECT k.kind, (OLD.returned_at + 25200) / 86400, k.key, -coalesce((1), 0)
	FROM (SELECT 'receiving_unit' AS kind, OLD.receiving_unit AS key UNION ALL SELECT 'resolver_unit' AS kind, OLD.resolver_unit AS key UNION ALL SELECT 'procedure' AS kind, OLD.procedure_code AS key UNION ALL SELECT 'officer' AS kind, OLD.created_by AS key) k WHERE OLD.returned_at IS NOT NULL
	ON CONFLICT (kind, day, key) DO UPDATE SET returned = report_cells.returned + excluded.returned;
	INSERT INTO report_cells (kind, day, key, returned)
	SELECT k.kind, (NEW.returned_at + 25200) / 86400, k.key, +coalesce((1), 0)
	FROM (SELECT 'receiving_unit' AS kind, NEW.receiving_unit AS key UNION ALL SELECT 'resolver_unit' AS kind, NEW.resolver_unit AS key UNION ALL SELECT 'procedure' AS kind, NEW.procedure_code AS key UNION ALL SELECT 'officer' AS kind, NEW.created_by AS key) k WHERE NEW.returned_at IS NOT NULL
	ON CONFLICT (kind, day, key) DO UPDATE SET returned = report_cells.returned + excluded.returned;
	RETURN NULL;
END;
$$;
CREATE TRIGGER report_dossier_update_returned AFTER UPDATE ON dossiers FOR EACH ROW
WHEN (OLD.returned_at IS DISTINCT FROM NEW.returned_at OR OLD.receiving_unit IS DISTINCT FROM NEW.receiving_unit OR OLD.resolver_unit IS DISTINCT FROM NEW.resolver_unit OR OLD.procedure_code IS DISTINCT FROM NEW.procedure_code OR OLD.created_by IS DISTINCT FROM NEW.created_by)
EXECUTE FUNCTION report_dossier_update_returned();

CREATE FUNCTION report_dossier_update_rated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO report_cells (kind, day, key, rated, satisfied)
	SELECT k.kind, (OLD.rated_at + 25200) / 86400, k.key, -coalesce((1), 0), -coalesce((OLD.rating IN ('very_satisfied', 'satisfied'))::int, 0)
	FROM (SELECT 'receiving_unit' AS kind, OLD.receiving_unit AS key UNION ALL SELECT 'resolver_unit' AS kind, OLD.resolver_unit AS key UNION ALL SELECT 'procedure' AS kind, OLD.procedure_code AS key UNION ALL SELECT 'officer' AS kind, OLD.created_by AS key) k WHERE OLD.rated_at IS NOT NULL
	ON CONFLICT (kind, day, key) DO UPDATE SET rated = report_cells.rated + excluded.rated, satisfied = report_cells.satisfied + excluded.satisfied;
	INSERT INTO report_cells (kind, day, key, rated, satisfied)
	SELECT k.kind, (NEW.rated_at + 25200) / 86400, k.key, +coalesce((1), 0), +coalesce((NEW.rating IN ('very_satisfied', 'satisfied'))::int, 0)
	FROM (SELECT 'receiving_unit' AS kind, NEW.receiving_unit AS key UNION ALL SELECT 'resolver_unit' AS kind, NEW.resolver_unit AS key UNION ALL SELECT 'procedure' AS kind, NEW.procedure_code AS key UNION ALL SELECT 'officer' AS kind, NEW.created_by AS key) k WHERE NEW.rated_at IS NOT NULL
	ON CONFLICT (kind, day, key) DO UPDATE SET rated = report_cells.rated + excluded.rated, satisfied = report_cells.satisfied + excluded.satisfied;
	RETURN NULL;
END;
$$;
CREATE TRIGGER report_dossier_update_rated AFTER UPDATE ON dossiers FOR EACH ROW
WHEN (OLD.rated_at IS DISTINCT FROM NEW.rated_at OR OLD.rating IS DISTINCT FROM NEW.rating OR OLD.receiving_unit IS DISTINCT FROM NEW.receiving_unit OR OLD.resolver_unit IS DISTINCT FROM NEW.resolver_unit OR OLD.procedure_code IS DISTINCT FROM NEW.procedure_code OR OLD.created_by IS DISTINCT FROM NEW.created_by)
EXECUTE FUNCTION report_dossier_update_rated();

CREATE FUNCTION report_dossier_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO report_cells (kind, day, key, recv_counter, recv_online, recv_post, supplement_requests, digitized, scanned_needed)
	SELECT k.kind, (OLD.received_at + 25200) / 86400, k.key, -coalesce((OLD.channel = 'counter')::int, 0), -coalesce((OLD.channel = 'online')::int, 0), -coalesce((OLD.channel = 'post')::int, 0), -coalesce((OLD.supplement_requests), 0), -coalesce((OLD.channel <> 'online' AND OLD.undigitized = 0)::int, 0), -coalesce((OLD.channel <> 'online')::int, 0)
	FROM (SELECT 'receiving_unit' AS kind, OLD.receiving_unit AS key UNION ALL SELECT 'resolver_unit' AS kind, OLD.resolver_unit AS key UNION ALL SELECT 'procedure' AS kind, OLD.procedure_code AS key UNION ALL SELECT 'officer' AS kind, OLD.created_by AS key) k WHERE OLD.received_at IS NOT NULL
	ON CONFLICT (kind, day, key) DO UPDATE SET recv_counter = report_cells.recv_counter + excluded.recv_counter, recv_online = report_cells.recv_online + excluded.recv_online, recv_post = report_cells.recv_post + excluded.recv_post, supplement_requests = report_cells.supplement_requests + excluded.supplement_requests, digitized = report_cells.digitized + excluded.digitized, scanned_needed = report_cells.scanned_needed + excluded.scanned_needed;
	INSERT INTO report_cells (kind, day, key, early, on_time, late, denied, approved, electronic)
	SELECT k.kind, (OLD.decided_at + 25200) / 86400, k.key, -coalesce((OLD.timeliness = 'early')::int, 0), -coalesce((OLD.timeliness = 'on_time')::int, 0), -coalesce((OLD.timeliness = 'late')::int, 0), -coalesce((OLD.decision = 'denied')::int, 0), -coalesce((OLD.decision = 'approved')::int, 0), -coalesce((OLD.decision = 'approved' AND OLD.result_document IS NOT NULL)::int, 0)
	FROM (SELECT 'receiving_unit' AS kind, OLD.receiving_unit AS key UNION ALL SELECT 'resolver_unit' AS kind, OLD.resolver_unit AS key UNION ALL SELECT 'procedure' AS kind, OLD.procedure_code AS key UNION ALL SELECT 'officer' AS kind, OLD.created_by AS key) k WHERE OLD.decided_at IS NOT NULL
	ON CONFLICT (kind, day, key) DO UPDATE SET early = report_cells.early + excluded.early, on_time = report_cells.on_time + excluded.on_time, late = report_cells.late + excluded.late, denied = report_cells.denied + excluded.denied, approved = report_cells.approved + excluded.approved, electronic = report_cells.electronic + excluded.electronic;
	INSERT INTO report_cells (kind, day, key, stopped, refused)
	SELECT k.kind, (OLD.submitted_at + 25200) / 86400, k.key, -coalesce((OLD.status = 'stopped')::int, 0), -coalesce((OLD.status = 'refused')::int, 0)
	FROM (SELECT 'receiving_unit' AS kind, OLD.receiving_unit AS key UNION ALL SELECT 'resolver_unit' AS kind, OLD.resolver_unit AS key UNION ALL SELECT 'procedure' AS kind, OLD.procedure_code AS key UNION ALL SELECT 'officer' AS kind, OLD.created_by AS key) k WHERE OLD.status IN ('stopped', 'refused')
	ON CONFLICT (kind, day, key) DO UPDATE SET stopped = report_cells.stopped + excluded.stopped, refused = report_cells.refused + excluded.refused;
	INSERT INTO report_cells (kind, day, key, returned)
	SELECT k.kind, (OLD.returned_at + 25200) / 86400, k.key, -coalesce((1), 0)
	FROM (SELECT 'receiving_unit' AS kind, OLD.receiving_unit AS key UNION ALL SELECT 'resolver_unit' AS kind, OLD.resolver_unit AS key UNION ALL SELECT 'procedure' AS kind, OLD.procedure_code AS key UNION ALL SELECT 'officer' AS kind, OLD.created_by AS key) k WHERE OLD.returned_at IS NOT NULL
	ON CONFLICT (kind, day, key) DO UPDATE SET returned = report_cells.returned + excluded.returned;
	INSERT INTO report_cells (kind, day, key, rated, satisfied)
	SELECT k.kind, (OLD.rated_at + 25200) / 86400, k.key, -coalesce((1), 0), -coalesce((OLD.rating IN ('very_satisfied', 'satisfied'))::int, 0)
	FROM (SELECT 'receiving_unit' AS kind, OLD.receiving_unit AS key UNION ALL SELECT 'resolver_unit' AS kind, OLD.resolver_unit AS key UNION ALL SELECT 'procedure' AS kind, OLD.procedure_code AS key UNION ALL SELECT 'officer' AS kind, OLD.created_by AS key) k WHERE OLD.rated_at IS NOT NULL
	ON CONFLICT (kind, day, key) DO UPDATE SET rated = report_cells.rated + excluded.rated, satisfied = report_cells.satisfied + excluded.satisfied;
	RETURN NULL;
END;
$$;
CREATE TRIGGER report_dossier_delete AFTER DELETE ON dossiers FOR EACH ROW
EXECUTE FUNCTION report_dossier_delete();

-- Digitization follows the components: a needed component without a document counts.
CREATE FUNCTION report_component_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE dossiers SET undigitized = undigitized + 1 WHERE id = NEW.dossier_id;
	RETURN NULL;
END;
$$;
CREATE TRIGGER report_component_insert AFTER INSERT ON dossier_components FOR EACH ROW
WHEN (NEW.needed = 1 AND NEW.document IS NULL)
EXECUTE FUNCTION report_component_insert();
CREATE FUNCTION report_component_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE dossiers SET undigitized = undigitized + (NEW.needed = 1 AND NEW.document IS NULL)::int
		- (OLD.needed = 1 AND OLD.document IS NULL)::int WHERE id = NEW.dossier_id;
	RETURN NULL;
END;
$$;
CREATE TRIGGER report_component_update AFTER UPDATE ON dossier_components FOR EACH ROW
WHEN ((OLD.needed = 1 AND OLD.document IS NULL) IS DISTINCT FROM (NEW.needed = 1 AND NEW.document IS NULL))
EXECUTE FUNCTION report_component_update();
CREATE FUNCTION report_component_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE dossiers SET undigitized = undigitized - 1 WHERE id = OLD.dossier_id;
	RETURN NULL;
END;
$$;
CREATE TRIGGER report_component_delete AFTER DELETE ON dossier_components FOR EACH ROW
WHEN (OLD.needed = 1 AND OLD.document IS NULL)
EXECUTE FUNCTION report_component_delete();
