-- Citizens' feedback (phản ánh, kiến nghị, khiếu nại; docs/feedback.md) about a dossier, a service
-- point or an officer: routed to the responsible unit, due a number of working days after receipt,
-- answered (late answers flagged), published when the sender agreed and staff chose to. One counter
-- row per dossier holds its unanswered feedback (the per-dossier cap is a conditional upsert of that
-- row, so it holds under concurrency).
CREATE TABLE feedback (
	id INTEGER PRIMARY KEY,
	code TEXT NOT NULL UNIQUE,
	secret TEXT NOT NULL,
	kind TEXT NOT NULL CHECK (kind IN ('phan_anh', 'kien_nghi', 'khieu_nai')),
	about TEXT NOT NULL CHECK (about IN ('dossier', 'point', 'officer')),
	dossier_code TEXT,
	point_code TEXT,
	officer TEXT,
	officer_name TEXT,
	content TEXT NOT NULL,
	contact_name TEXT NOT NULL,
	contact_phone TEXT,
	contact_email TEXT,
	consent INTEGER NOT NULL CHECK (consent IN (0, 1)),
	submitted_by TEXT,
	unit TEXT NOT NULL REFERENCES units (code),
	received_at INTEGER NOT NULL,
	due_at INTEGER NOT NULL,
	status TEXT NOT NULL CHECK (status IN ('open', 'answered')),
	answer TEXT,
	answered_at INTEGER,
	answered_by TEXT,
	late INTEGER NOT NULL CHECK (late IN (0, 1)),
	published INTEGER NOT NULL CHECK (published IN (0, 1))
) STRICT;
CREATE INDEX feedback_unit_due ON feedback (unit, due_at);
CREATE INDEX feedback_received ON feedback (received_at);
CREATE INDEX feedback_due ON feedback (due_at);
CREATE INDEX feedback_published ON feedback (published, answered_at);
CREATE TABLE feedback_open (
	dossier_code TEXT PRIMARY KEY,
	open INTEGER NOT NULL CHECK (open >= 0)
) STRICT;
