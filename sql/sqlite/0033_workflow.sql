-- Workflow breadth (issue 20 items 6 and 7, docs/decisions.md "Delegation" and "Send back and
-- opinions"). Delegations: a procedure (optionally only when a given unit decides it) decided under
-- a delegation of another agency (a unit code or a name), with the delegating decision's number and
-- date and its validity; an administrator may end one early. A decision under a delegation records
-- which one (dossiers.delegation_id). Send-backs: a step sent the dossier back to an earlier step,
-- with the reason and the sending step's own timeliness. Opinions: a step asked other units for
-- their opinion in parallel, each with its own due time; the step waits for every answer.
CREATE TABLE delegations (
	id INTEGER PRIMARY KEY,
	procedure_code TEXT NOT NULL,
	unit TEXT REFERENCES units (code), -- the deciding unit it is for; NULL = any
	delegating_unit TEXT REFERENCES units (code), -- the delegating agency when it is a unit
	delegating_name TEXT NOT NULL,
	decision_number TEXT NOT NULL,
	decision_date TEXT NOT NULL, -- YYYY-MM-DD
	valid_from INTEGER NOT NULL,
	valid_to INTEGER, -- NULL = until ended
	ended_at INTEGER,
	ended_by TEXT,
	created_at INTEGER NOT NULL,
	created_by TEXT NOT NULL,
	CHECK (valid_to IS NULL OR valid_to > valid_from)
) STRICT;
CREATE INDEX delegations_procedure ON delegations (procedure_code, id);

ALTER TABLE dossiers ADD COLUMN delegation_id INTEGER REFERENCES delegations (id);

CREATE TABLE dossier_sendbacks (
	id INTEGER PRIMARY KEY,
	dossier_id INTEGER NOT NULL REFERENCES dossiers (id),
	at INTEGER NOT NULL,
	actor TEXT NOT NULL,
	from_step INTEGER NOT NULL,
	to_step INTEGER NOT NULL CHECK (to_step >= 1 AND to_step < from_step),
	unit TEXT NOT NULL, -- the sending step's unit
	reason TEXT NOT NULL,
	from_due_at INTEGER, -- the sending step's own due time
	timeliness TEXT NOT NULL CHECK (timeliness IN ('early', 'on_time', 'late')),
	to_due_at INTEGER NOT NULL -- the reopened step's new due time
) STRICT;
CREATE INDEX dossier_sendbacks_dossier ON dossier_sendbacks (dossier_id, id);

CREATE TABLE dossier_opinions (
	id INTEGER PRIMARY KEY,
	dossier_id INTEGER NOT NULL REFERENCES dossiers (id),
	step INTEGER NOT NULL,
	unit TEXT NOT NULL REFERENCES units (code),
	question TEXT,
	asked_at INTEGER NOT NULL,
	asked_by TEXT NOT NULL,
	due_days INTEGER NOT NULL CHECK (due_days BETWEEN 1 AND 60),
	due_at INTEGER NOT NULL,
	answered_at INTEGER,
	answered_by TEXT,
	agree INTEGER CHECK (agree IN (0, 1)),
	answer TEXT,
	timeliness TEXT CHECK (timeliness IN ('early', 'on_time', 'late'))
) STRICT;
CREATE INDEX dossier_opinions_dossier ON dossier_opinions (dossier_id, id);
CREATE INDEX dossier_opinions_open ON dossier_opinions (unit, id) WHERE answered_at IS NULL;

