-- Agency signing keys and signed electronic results (issue 16, docs/signing.md).
-- A unit's X.509 certificates with their history: the one in force has superseded_at NULL; an
-- import or a rotation sets superseded_at on the one before. The private key is kept sealed
-- (libsodium secretbox under a key derived from MOTCUA_KEY_SECRET), never in clear.
CREATE TABLE signing_certs (
	id INTEGER PRIMARY KEY,
	unit TEXT NOT NULL REFERENCES units (code),
	fingerprint TEXT NOT NULL UNIQUE,
	subject TEXT NOT NULL,
	common_name TEXT NOT NULL,
	issuer TEXT NOT NULL,
	serial TEXT NOT NULL,
	valid_from INTEGER NOT NULL,
	valid_to INTEGER NOT NULL,
	cert_pem TEXT NOT NULL,
	chain_pem TEXT NOT NULL,
	key_sealed TEXT NOT NULL,
	test INTEGER NOT NULL DEFAULT 0,
	imported_by TEXT NOT NULL,
	imported_at INTEGER NOT NULL,
	superseded_at INTEGER
) STRICT;
CREATE INDEX signing_certs_unit ON signing_certs (unit, id);

-- The signature of a dossier's electronic result: the original document, the signed copy, the
-- unit and certificate that signed, the approver whose decision it was, and when.
CREATE TABLE result_signatures (
	dossier_id INTEGER PRIMARY KEY REFERENCES dossiers (id),
	original_document TEXT NOT NULL REFERENCES documents (id),
	signed_document TEXT NOT NULL REFERENCES documents (id),
	unit TEXT NOT NULL,
	fingerprint TEXT NOT NULL,
	signer TEXT NOT NULL,
	signed_at INTEGER NOT NULL
) STRICT;
CREATE INDEX result_signatures_signed ON result_signatures (signed_document);

-- The statistics' electronic-result rate counts only signed results (issue 16): a dossier's
-- result_signed is set when its result's signature is recorded (the trigger below), and the day
-- cells' triggers of 0017 that counted "an approved dossier with a result document" are rebuilt
-- to count "an approved dossier with a signed result" (the same text with that one condition
-- changed). No result was signed before this migration: every cell's electronic count is 0.
ALTER TABLE dossiers ADD COLUMN result_signed INTEGER NOT NULL DEFAULT 0;
UPDATE report_cells SET electronic = 0;

CREATE TRIGGER result_signature_marks AFTER INSERT ON result_signatures BEGIN
	UPDATE dossiers SET result_signed = 1 WHERE id = NEW.dossier_id;
END;

DROP TRIGGER report_dossier_insert;
CREATE TRIGGER report_dossier_insert AFTER INSERT ON dossiers BEGIN
	INSERT INTO report_cells (kind, day, key, recv_counter, recv_online, recv_post, supplement_requests, digitized, scanned_needed)
	SELECT k.kind, (NEW.received_at + 25200) / 86400, k.key, +coalesce((NEW.channel = 'counter'), 0), +coalesce((NEW.channel = 'online'), 0), +coalesce((NEW.channel = 'post'), 0), +coalesce((NEW.supplement_requests), 0), +coalesce((NEW.channel <> 'online' AND NEW.undigitized = 0), 0), +coalesce((NEW.channel <> 'online'), 0)
	FROM (SELECT 'receiving_unit' AS kind, NEW.receiving_unit AS key UNION ALL SELECT 'resolver_unit' AS kind, NEW.resolver_unit AS key UNION ALL SELECT 'procedure' AS kind, NEW.procedure_code AS key) k WHERE k.key IS NOT NULL AND NEW.received_at IS NOT NULL
	ON CONFLICT (kind, day, key) DO UPDATE SET recv_counter = recv_counter + excluded.recv_counter, recv_online = recv_online + excluded.recv_online, recv_post = recv_post + excluded.recv_post, supplement_requests = supplement_requests + excluded.supplement_requests, digitized = digitized + excluded.digitized, scanned_needed = scanned_needed + excluded.scanned_needed;
	INSERT INTO report_cells (kind, day, key, early, on_time, late, denied, approved, electronic)
	SELECT k.kind, (NEW.decided_at + 25200) / 86400, k.key, +coalesce((NEW.timeliness = 'early'), 0), +coalesce((NEW.timeliness = 'on_time'), 0), +coalesce((NEW.timeliness = 'late'), 0), +coalesce((NEW.decision = 'denied'), 0), +coalesce((NEW.decision = 'approved'), 0), +coalesce((NEW.decision = 'approved' AND NEW.result_signed = 1), 0)
	FROM (SELECT 'receiving_unit' AS kind, NEW.receiving_unit AS key UNION ALL SELECT 'resolver_unit' AS kind, NEW.resolver_unit AS key UNION ALL SELECT 'procedure' AS kind, NEW.procedure_code AS key) k WHERE k.key IS NOT NULL AND NEW.decided_at IS NOT NULL
	ON CONFLICT (kind, day, key) DO UPDATE SET early = early + excluded.early, on_time = on_time + excluded.on_time, late = late + excluded.late, denied = denied + excluded.denied, approved = approved + excluded.approved, electronic = electronic + excluded.electronic;
	INSERT INTO report_cells (kind, day, key, stopped, refused)
	SELECT k.kind, (NEW.submitted_at + 25200) / 86400, k.key, +coalesce((NEW.status = 'stopped'), 0), +coalesce((NEW.status = 'refused'), 0)
	FROM (SELECT 'receiving_unit' AS kind, NEW.receiving_unit AS key UNION ALL SELECT 'resolver_unit' AS kind, NEW.resolver_unit AS key UNION ALL SELECT 'procedure' AS kind, NEW.procedure_code AS key) k WHERE k.key IS NOT NULL AND NEW.status IN ('stopped', 'refused')
	ON CONFLICT (kind, day, key) DO UPDATE SET stopped = stopped + excluded.stopped, refused = refused + excluded.refused;
	INSERT INTO report_cells (kind, day, key, returned)
	SELECT k.kind, (NEW.returned_at + 25200) / 86400, k.key, +coalesce((1), 0)
	FROM (SELECT 'receiving_unit' AS kind, NEW.receiving_unit AS key UNION ALL SELECT 'resolver_unit' AS kind, NEW.resolver_unit AS key UNION ALL SELECT 'procedure' AS kind, NEW.procedure_code AS key) k WHERE k.key IS NOT NULL AND NEW.returned_at IS NOT NULL
	ON CONFLICT (kind, day, key) DO UPDATE SET returned = returned + excluded.returned;
	INSERT INTO report_cells (kind, day, key, rated, satisfied)
	SELECT k.kind, (NEW.rated_at + 25200) / 86400, k.key, +coalesce((1), 0), +coalesce((NEW.rating IN ('very_satisfied', 'satisfied')), 0)
	FROM (SELECT 'receiving_unit' AS kind, NEW.receiving_unit AS key UNION ALL SELECT 'resolver_unit' AS kind, NEW.resolver_unit AS key UNION ALL SELECT 'procedure' AS kind, NEW.procedure_code AS key) k WHERE k.key IS NOT NULL AND NEW.rated_at IS NOT NULL
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
END;

DROP TRIGGER report_dossier_update_decided;
CREATE TRIGGER report_dossier_update_decided AFTER UPDATE ON dossiers
WHEN OLD.decided_at IS NOT NEW.decided_at OR OLD.timeliness IS NOT NEW.timeliness OR OLD.decision IS NOT NEW.decision OR OLD.result_signed IS NOT NEW.result_signed OR OLD.receiving_unit IS NOT NEW.receiving_unit OR OLD.resolver_unit IS NOT NEW.resolver_unit OR OLD.procedure_code IS NOT NEW.procedure_code
BEGIN
	INSERT INTO report_cells (kind, day, key, early, on_time, late, denied, approved, electronic)
	SELECT k.kind, (OLD.decided_at + 25200) / 86400, k.key, -coalesce((OLD.timeliness = 'early'), 0), -coalesce((OLD.timeliness = 'on_time'), 0), -coalesce((OLD.timeliness = 'late'), 0), -coalesce((OLD.decision = 'denied'), 0), -coalesce((OLD.decision = 'approved'), 0), -coalesce((OLD.decision = 'approved' AND OLD.result_signed = 1), 0)
	FROM (SELECT 'receiving_unit' AS kind, OLD.receiving_unit AS key UNION ALL SELECT 'resolver_unit' AS kind, OLD.resolver_unit AS key UNION ALL SELECT 'procedure' AS kind, OLD.procedure_code AS key) k WHERE k.key IS NOT NULL AND OLD.decided_at IS NOT NULL
	ON CONFLICT (kind, day, key) DO UPDATE SET early = early + excluded.early, on_time = on_time + excluded.on_time, late = late + excluded.late, denied = denied + excluded.denied, approved = approved + excluded.approved, electronic = electronic + excluded.electronic;
	INSERT INTO report_cells (kind, day, key, early, on_time, late, denied, approved, electronic)
	SELECT k.kind, (NEW.decided_at + 25200) / 86400, k.key, +coalesce((NEW.timeliness = 'early'), 0), +coalesce((NEW.timeliness = 'on_time'), 0), +coalesce((NEW.timeliness = 'late'), 0), +coalesce((NEW.decision = 'denied'), 0), +coalesce((NEW.decision = 'approved'), 0), +coalesce((NEW.decision = 'approved' AND NEW.result_signed = 1), 0)
	FROM (SELECT 'receiving_unit' AS kind, NEW.receiving_unit AS key UNION ALL SELECT 'resolver_unit' AS kind, NEW.resolver_unit AS key UNION ALL SELECT 'procedure' AS kind, NEW.procedure_code AS key) k WHERE k.key IS NOT NULL AND NEW.decided_at IS NOT NULL
	ON CONFLICT (kind, day, key) DO UPDATE SET early = early + excluded.early, on_time = on_time + excluded.on_time, late = late + excluded.late, denied = denied + excluded.denied, approved = approved + excluded.approved, electronic = electronic + excluded.electronic;
END;

DROP TRIGGER report_dossier_delete;
CREATE TRIGGER report_dossier_delete AFTER DELETE ON dossiers BEGIN
	INSERT INTO report_cells (kind, day, key, recv_counter, recv_online, recv_post, supplement_requests, digitized, scanned_needed)
	SELECT k.kind, (OLD.received_at + 25200) / 86400, k.key, -coalesce((OLD.channel = 'counter'), 0), -coalesce((OLD.channel = 'online'), 0), -coalesce((OLD.channel = 'post'), 0), -coalesce((OLD.supplement_requests), 0), -coalesce((OLD.channel <> 'online' AND OLD.undigitized = 0), 0), -coalesce((OLD.channel <> 'online'), 0)
	FROM (SELECT 'receiving_unit' AS kind, OLD.receiving_unit AS key UNION ALL SELECT 'resolver_unit' AS kind, OLD.resolver_unit AS key UNION ALL SELECT 'procedure' AS kind, OLD.procedure_code AS key) k WHERE k.key IS NOT NULL AND OLD.received_at IS NOT NULL
	ON CONFLICT (kind, day, key) DO UPDATE SET recv_counter = recv_counter + excluded.recv_counter, recv_online = recv_online + excluded.recv_online, recv_post = recv_post + excluded.recv_post, supplement_requests = supplement_requests + excluded.supplement_requests, digitized = digitized + excluded.digitized, scanned_needed = scanned_needed + excluded.scanned_needed;
	INSERT INTO report_cells (kind, day, key, early, on_time, late, denied, approved, electronic)
	SELECT k.kind, (OLD.decided_at + 25200) / 86400, k.key, -coalesce((OLD.timeliness = 'early'), 0), -coalesce((OLD.timeliness = 'on_time'), 0), -coalesce((OLD.timeliness = 'late'), 0), -coalesce((OLD.decision = 'denied'), 0), -coalesce((OLD.decision = 'approved'), 0), -coalesce((OLD.decision = 'approved' AND OLD.result_signed = 1), 0)
	FROM (SELECT 'receiving_unit' AS kind, OLD.receiving_unit AS key UNION ALL SELECT 'resolver_unit' AS kind, OLD.resolver_unit AS key UNION ALL SELECT 'procedure' AS kind, OLD.procedure_code AS key) k WHERE k.key IS NOT NULL AND OLD.decided_at IS NOT NULL
	ON CONFLICT (kind, day, key) DO UPDATE SET early = early + excluded.early, on_time = on_time + excluded.on_time, late = late + excluded.late, denied = denied + excluded.denied, approved = approved + excluded.approved, electronic = electronic + excluded.electronic;
	INSERT INTO report_cells (kind, day, key, stopped, refused)
	SELECT k.kind, (OLD.submitted_at + 25200) / 86400, k.key, -coalesce((OLD.status = 'stopped'), 0), -coalesce((OLD.status = 'refused'), 0)
	FROM (SELECT 'receiving_unit' AS kind, OLD.receiving_unit AS key UNION ALL SELECT 'resolver_unit' AS kind, OLD.resolver_unit AS key UNION ALL SELECT 'procedure' AS kind, OLD.procedure_code AS key) k WHERE k.key IS NOT NULL AND OLD.status IN ('stopped', 'refused')
	ON CONFLICT (kind, day, key) DO UPDATE SET stopped = stopped + excluded.stopped, refused = refused + excluded.refused;
	INSERT INTO report_cells (kind, day, key, returned)
	SELECT k.kind, (OLD.returned_at + 25200) / 86400, k.key, -coalesce((1), 0)
	FROM (SELECT 'receiving_unit' AS kind, OLD.receiving_unit AS key UNION ALL SELECT 'resolver_unit' AS kind, OLD.resolver_unit AS key UNION ALL SELECT 'procedure' AS kind, OLD.procedure_code AS key) k WHERE k.key IS NOT NULL AND OLD.returned_at IS NOT NULL
	ON CONFLICT (kind, day, key) DO UPDATE SET returned = returned + excluded.returned;
	INSERT INTO report_cells (kind, day, key, rated, satisfied)
	SELECT k.kind, (OLD.rated_at + 25200) / 86400, k.key, -coalesce((1), 0), -coalesce((OLD.rating IN ('very_satisfied', 'satisfied')), 0)
	FROM (SELECT 'receiving_unit' AS kind, OLD.receiving_unit AS key UNION ALL SELECT 'resolver_unit' AS kind, OLD.resolver_unit AS key UNION ALL SELECT 'procedure' AS kind, OLD.procedure_code AS key) k WHERE k.key IS NOT NULL AND OLD.rated_at IS NOT NULL
	ON CONFLICT (kind, day, key) DO UPDATE SET rated = rated + excluded.rated, satisfied = satisfied + excluded.satisfied;
END;

DROP TRIGGER report_officer_insert;
CREATE TRIGGER report_officer_insert AFTER INSERT ON dossiers BEGIN
	INSERT INTO report_cells (kind, day, key, recv_counter, recv_online, recv_post, supplement_requests, digitized, scanned_needed)
	SELECT k.kind, (NEW.received_at + 25200) / 86400, k.key, +coalesce((NEW.channel = 'counter'), 0), +coalesce((NEW.channel = 'online'), 0), +coalesce((NEW.channel = 'post'), 0), +coalesce((NEW.supplement_requests), 0), +coalesce((NEW.channel <> 'online' AND NEW.undigitized = 0), 0), +coalesce((NEW.channel <> 'online'), 0)
	FROM (SELECT 'officer' AS kind, NEW.received_by AS key) k WHERE k.key IS NOT NULL AND NEW.received_at IS NOT NULL
	ON CONFLICT (kind, day, key) DO UPDATE SET recv_counter = recv_counter + excluded.recv_counter, recv_online = recv_online + excluded.recv_online, recv_post = recv_post + excluded.recv_post, supplement_requests = supplement_requests + excluded.supplement_requests, digitized = digitized + excluded.digitized, scanned_needed = scanned_needed + excluded.scanned_needed;
	INSERT INTO report_cells (kind, day, key, early, on_time, late, denied, approved, electronic)
	SELECT k.kind, (NEW.decided_at + 25200) / 86400, k.key, +coalesce((NEW.timeliness = 'early'), 0), +coalesce((NEW.timeliness = 'on_time'), 0), +coalesce((NEW.timeliness = 'late'), 0), +coalesce((NEW.decision = 'denied'), 0), +coalesce((NEW.decision = 'approved'), 0), +coalesce((NEW.decision = 'approved' AND NEW.result_signed = 1), 0)
	FROM (SELECT 'officer' AS kind, NEW.decided_by AS key) k WHERE k.key IS NOT NULL AND NEW.decided_at IS NOT NULL
	ON CONFLICT (kind, day, key) DO UPDATE SET early = early + excluded.early, on_time = on_time + excluded.on_time, late = late + excluded.late, denied = denied + excluded.denied, approved = approved + excluded.approved, electronic = electronic + excluded.electronic;
	INSERT INTO report_cells (kind, day, key, stopped, refused)
	SELECT k.kind, (NEW.submitted_at + 25200) / 86400, k.key, +coalesce((NEW.status = 'stopped'), 0), +coalesce((NEW.status = 'refused'), 0)
	FROM (SELECT 'officer' AS kind, NEW.closed_by AS key) k WHERE k.key IS NOT NULL AND NEW.status IN ('stopped', 'refused')
	ON CONFLICT (kind, day, key) DO UPDATE SET stopped = stopped + excluded.stopped, refused = refused + excluded.refused;
	INSERT INTO report_cells (kind, day, key, returned)
	SELECT k.kind, (NEW.returned_at + 25200) / 86400, k.key, +coalesce((1), 0)
	FROM (SELECT 'officer' AS kind, NEW.returned_by AS key) k WHERE k.key IS NOT NULL AND NEW.returned_at IS NOT NULL
	ON CONFLICT (kind, day, key) DO UPDATE SET returned = returned + excluded.returned;
	INSERT INTO report_cells (kind, day, key, rated, satisfied)
	SELECT k.kind, (NEW.rated_at + 25200) / 86400, k.key, +coalesce((1), 0), +coalesce((NEW.rating IN ('very_satisfied', 'satisfied')), 0)
	FROM (SELECT 'officer' AS kind, NEW.returned_by AS key) k WHERE k.key IS NOT NULL AND NEW.rated_at IS NOT NULL
	ON CONFLICT (kind, day, key) DO UPDATE SET rated = rated + excluded.rated, satisfied = satisfied + excluded.satisfied;
END;

DROP TRIGGER report_officer_update_decided;
CREATE TRIGGER report_officer_update_decided AFTER UPDATE ON dossiers
WHEN OLD.decided_at IS NOT NEW.decided_at OR OLD.timeliness IS NOT NEW.timeliness OR OLD.decision IS NOT NEW.decision OR OLD.result_signed IS NOT NEW.result_signed OR OLD.decided_by IS NOT NEW.decided_by
BEGIN
	INSERT INTO report_cells (kind, day, key, early, on_time, late, denied, approved, electronic)
	SELECT k.kind, (OLD.decided_at + 25200) / 86400, k.key, -coalesce((OLD.timeliness = 'early'), 0), -coalesce((OLD.timeliness = 'on_time'), 0), -coalesce((OLD.timeliness = 'late'), 0), -coalesce((OLD.decision = 'denied'), 0), -coalesce((OLD.decision = 'approved'), 0), -coalesce((OLD.decision = 'approved' AND OLD.result_signed = 1), 0)
	FROM (SELECT 'officer' AS kind, OLD.decided_by AS key) k WHERE k.key IS NOT NULL AND OLD.decided_at IS NOT NULL
	ON CONFLICT (kind, day, key) DO UPDATE SET early = early + excluded.early, on_time = on_time + excluded.on_time, late = late + excluded.late, denied = denied + excluded.denied, approved = approved + excluded.approved, electronic = electronic + excluded.electronic;
	INSERT INTO report_cells (kind, day, key, early, on_time, late, denied, approved, electronic)
	SELECT k.kind, (NEW.decided_at + 25200) / 86400, k.key, +coalesce((NEW.timeliness = 'early'), 0), +coalesce((NEW.timeliness = 'on_time'), 0), +coalesce((NEW.timeliness = 'late'), 0), +coalesce((NEW.decision = 'denied'), 0), +coalesce((NEW.decision = 'approved'), 0), +coalesce((NEW.decision = 'approved' AND NEW.result_signed = 1), 0)
	FROM (SELECT 'officer' AS kind, NEW.decided_by AS key) k WHERE k.key IS NOT NULL AND NEW.decided_at IS NOT NULL
	ON CONFLICT (kind, day, key) DO UPDATE SET early = early + excluded.early, on_time = on_time + excluded.on_time, late = late + excluded.late, denied = denied + excluded.denied, approved = approved + excluded.approved, electronic = electronic + excluded.electronic;
END;

DROP TRIGGER report_officer_delete;
CREATE TRIGGER report_officer_delete AFTER DELETE ON dossiers BEGIN
	INSERT INTO report_cells (kind, day, key, recv_counter, recv_online, recv_post, supplement_requests, digitized, scanned_needed)
	SELECT k.kind, (OLD.received_at + 25200) / 86400, k.key, -coalesce((OLD.channel = 'counter'), 0), -coalesce((OLD.channel = 'online'), 0), -coalesce((OLD.channel = 'post'), 0), -coalesce((OLD.supplement_requests), 0), -coalesce((OLD.channel <> 'online' AND OLD.undigitized = 0), 0), -coalesce((OLD.channel <> 'online'), 0)
	FROM (SELECT 'officer' AS kind, OLD.received_by AS key) k WHERE k.key IS NOT NULL AND OLD.received_at IS NOT NULL
	ON CONFLICT (kind, day, key) DO UPDATE SET recv_counter = recv_counter + excluded.recv_counter, recv_online = recv_online + excluded.recv_online, recv_post = recv_post + excluded.recv_post, supplement_requests = supplement_requests + excluded.supplement_requests, digitized = digitized + excluded.digitized, scanned_needed = scanned_needed + excluded.scanned_needed;
	INSERT INTO report_cells (kind, day, key, early, on_time, late, denied, approved, electronic)
	SELECT k.kind, (OLD.decided_at + 25200) / 86400, k.key, -coalesce((OLD.timeliness = 'early'), 0), -coalesce((OLD.timeliness = 'on_time'), 0), -coalesce((OLD.timeliness = 'late'), 0), -coalesce((OLD.decision = 'denied'), 0), -coalesce((OLD.decision = 'approved'), 0), -coalesce((OLD.decision = 'approved' AND OLD.result_signed = 1), 0)
	FROM (SELECT 'officer' AS kind, OLD.decided_by AS key) k WHERE k.key IS NOT NULL AND OLD.decided_at IS NOT NULL
	ON CONFLICT (kind, day, key) DO UPDATE SET early = early + excluded.early, on_time = on_time + excluded.on_time, late = late + excluded.late, denied = denied + excluded.denied, approved = approved + excluded.approved, electronic = electronic + excluded.electronic;
	INSERT INTO report_cells (kind, day, key, stopped, refused)
	SELECT k.kind, (OLD.submitted_at + 25200) / 86400, k.key, -coalesce((OLD.status = 'stopped'), 0), -coalesce((OLD.status = 'refused'), 0)
	FROM (SELECT 'officer' AS kind, OLD.closed_by AS key) k WHERE k.key IS NOT NULL AND OLD.status IN ('stopped', 'refused')
	ON CONFLICT (kind, day, key) DO UPDATE SET stopped = stopped + excluded.stopped, refused = refused + excluded.refused;
	INSERT INTO report_cells (kind, day, key, returned)
	SELECT k.kind, (OLD.returned_at + 25200) / 86400, k.key, -coalesce((1), 0)
	FROM (SELECT 'officer' AS kind, OLD.returned_by AS key) k WHERE k.key IS NOT NULL AND OLD.returned_at IS NOT NULL
	ON CONFLICT (kind, day, key) DO UPDATE SET returned = returned + excluded.returned;
	INSERT INTO report_cells (kind, day, key, rated, satisfied)
	SELECT k.kind, (OLD.rated_at + 25200) / 86400, k.key, -coalesce((1), 0), -coalesce((OLD.rating IN ('very_satisfied', 'satisfied')), 0)
	FROM (SELECT 'officer' AS kind, OLD.returned_by AS key) k WHERE k.key IS NOT NULL AND OLD.rated_at IS NOT NULL
	ON CONFLICT (kind, day, key) DO UPDATE SET rated = rated + excluded.rated, satisfied = satisfied + excluded.satisfied;
END;
