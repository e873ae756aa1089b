-- Counter work that creates no dossier: guidance to complete papers (Form 02) and refusals of a
-- request outside the Center's scope (Form 03). Both count in the statistics.
CREATE TABLE intake_notes (
	id INTEGER PRIMARY KEY,
	kind TEXT NOT NULL CHECK (kind IN ('guidance', 'refusal')),
	number TEXT NOT NULL UNIQUE,
	unit TEXT NOT NULL REFERENCES units (code),
	procedure TEXT NOT NULL,
	applicant_kind TEXT NOT NULL,
	applicant_name TEXT NOT NULL,
	applicant_id TEXT NOT NULL,
	missing TEXT NOT NULL,
	text TEXT,
	created_at INTEGER NOT NULL,
	created_by TEXT NOT NULL
) STRICT;
CREATE INDEX intake_notes_unit ON intake_notes (unit, created_at);
