-- A dossier's papers and steps in one b-tree each (issue 22): both tables are keyed by their
-- PRIMARY KEY (dossier_id, component_id) and (dossier_id, idx), which SQLite kept as an index beside
-- the table's rowid b-tree, so every paper and step written was two b-tree entries and every intake
-- two more pages in its commit (and in the next checkpoint). As WITHOUT ROWID tables the rows live
-- in the key's own b-tree (https://www.sqlite.org/withoutrowid.html): nothing reads these tables by
-- rowid, every query finds their rows by dossier (the key's first column) or scans them, and the
-- rows are small. The columns, constraints, index and triggers are the same; the tables are rebuilt
-- in key order. PostgreSQL has no rowid b-tree (sql/pg/0043 changes nothing).
CREATE TABLE dossier_components_keyed (
	dossier_id INTEGER NOT NULL REFERENCES dossiers (id),
	component_id TEXT NOT NULL,
	provided INTEGER NOT NULL,
	document TEXT,
	needed INTEGER NOT NULL DEFAULT 0, -- required and to be submitted: digitization counts it
	counted INTEGER NOT NULL DEFAULT 0 CHECK (counted = 0 OR counted = 1),
	PRIMARY KEY (dossier_id, component_id)
) STRICT, WITHOUT ROWID;

INSERT INTO dossier_components_keyed (dossier_id, component_id, provided, document, needed, counted)
SELECT dossier_id, component_id, provided, document, needed, counted FROM dossier_components
ORDER BY dossier_id, component_id;

DROP TABLE dossier_components;
ALTER TABLE dossier_components_keyed RENAME TO dossier_components;

CREATE INDEX dossier_components_document ON dossier_components (document) WHERE document IS NOT NULL;

CREATE TRIGGER report_component_insert AFTER INSERT ON dossier_components
WHEN NEW.counted = 0 AND NEW.needed = 1 AND NEW.document IS NULL
	AND (SELECT undigitized FROM dossiers WHERE id = NEW.dossier_id)
		< (SELECT count(*) FROM dossier_components c WHERE c.dossier_id = NEW.dossier_id AND c.needed = 1 AND c.document IS NULL)
BEGIN
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

CREATE TABLE dossier_steps_keyed (
	dossier_id INTEGER NOT NULL REFERENCES dossiers (id),
	idx INTEGER NOT NULL,
	name TEXT NOT NULL,
	unit TEXT NOT NULL,
	role TEXT NOT NULL,
	duration_value INTEGER NOT NULL,
	duration_unit TEXT NOT NULL,
	started_at INTEGER,
	due_at INTEGER,
	done_at INTEGER,
	done_by TEXT,
	timeliness TEXT,
	paused_seconds INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (dossier_id, idx)
) STRICT, WITHOUT ROWID;

INSERT INTO dossier_steps_keyed (dossier_id, idx, name, unit, role, duration_value, duration_unit,
	started_at, due_at, done_at, done_by, timeliness, paused_seconds)
SELECT dossier_id, idx, name, unit, role, duration_value, duration_unit, started_at, due_at, done_at,
	done_by, timeliness, paused_seconds FROM dossier_steps
ORDER BY dossier_id, idx;

DROP TABLE dossier_steps;
ALTER TABLE dossier_steps_keyed RENAME TO dossier_steps;

CREATE TRIGGER report_step_insert AFTER INSERT ON dossier_steps
WHEN NEW.done_by IS NOT NULL
BEGIN
	INSERT INTO report_cells (kind, day, key, processed)
	SELECT 'officer', (NEW.done_at + 25200) / 86400, NEW.done_by, +1
	WHERE NEW.role = 'processor' AND NEW.done_by IS NOT NULL AND NEW.done_at IS NOT NULL
	ON CONFLICT (kind, day, key) DO UPDATE SET processed = processed + excluded.processed;
	INSERT INTO report_keys (kind, key, name, first_at)
	SELECT 'officer', NEW.done_by, NEW.done_by, NEW.done_at
	WHERE NEW.role = 'processor' AND NEW.done_by IS NOT NULL AND NEW.done_at IS NOT NULL
	ON CONFLICT (kind, key) DO UPDATE SET first_at = excluded.first_at WHERE excluded.first_at < first_at;
END;

CREATE TRIGGER report_step_update AFTER UPDATE ON dossier_steps
WHEN OLD.done_at IS NOT NEW.done_at OR OLD.done_by IS NOT NEW.done_by OR OLD.role IS NOT NEW.role
BEGIN
	INSERT INTO report_cells (kind, day, key, processed)
	SELECT 'officer', (OLD.done_at + 25200) / 86400, OLD.done_by, -1
	WHERE OLD.role = 'processor' AND OLD.done_by IS NOT NULL AND OLD.done_at IS NOT NULL
	ON CONFLICT (kind, day, key) DO UPDATE SET processed = processed + excluded.processed;
	INSERT INTO report_cells (kind, day, key, processed)
	SELECT 'officer', (NEW.done_at + 25200) / 86400, NEW.done_by, +1
	WHERE NEW.role = 'processor' AND NEW.done_by IS NOT NULL AND NEW.done_at IS NOT NULL
	ON CONFLICT (kind, day, key) DO UPDATE SET processed = processed + excluded.processed;
	INSERT INTO report_keys (kind, key, name, first_at)
	SELECT 'officer', NEW.done_by, NEW.done_by, NEW.done_at
	WHERE NEW.role = 'processor' AND NEW.done_by IS NOT NULL AND NEW.done_at IS NOT NULL
	ON CONFLICT (kind, key) DO UPDATE SET first_at = excluded.first_at WHERE excluded.first_at < first_at;
END;

CREATE TRIGGER report_step_delete AFTER DELETE ON dossier_steps
WHEN OLD.done_by IS NOT NULL
BEGIN
	INSERT INTO report_cells (kind, day, key, processed)
	SELECT 'officer', (OLD.done_at + 25200) / 86400, OLD.done_by, -1
	WHERE OLD.role = 'processor' AND OLD.done_by IS NOT NULL AND OLD.done_at IS NOT NULL
	ON CONFLICT (kind, day, key) DO UPDATE SET processed = processed + excluded.processed;
END;
