-- Dossiers and their life: components, planned and worked steps, history events, the units a
-- dossier involves (for visibility), per-unit daily code counters, idempotency keys.
CREATE TABLE dossiers (
	id INTEGER PRIMARY KEY,
	code TEXT NOT NULL UNIQUE,
	status TEXT NOT NULL CHECK (status IN ('submitted', 'needs_completion', 'received', 'processing',
		'awaiting_supplement', 'ready_for_return', 'returned', 'stopped', 'refused')),
	procedure_code TEXT NOT NULL,
	procedure_version INTEGER NOT NULL,
	procedure_name TEXT NOT NULL,
	applicant_kind TEXT NOT NULL CHECK (applicant_kind IN ('person', 'organization')),
	applicant_name TEXT NOT NULL,
	applicant_id TEXT NOT NULL,
	applicant_phone TEXT,
	applicant_email TEXT,
	applicant_address TEXT,
	search_key TEXT NOT NULL,
	channel TEXT NOT NULL CHECK (channel IN ('counter', 'online', 'post')),
	receiving_unit TEXT NOT NULL REFERENCES units (code),
	served_unit TEXT NOT NULL REFERENCES units (code),
	resolver_unit TEXT NOT NULL REFERENCES units (code),
	return_unit TEXT NOT NULL REFERENCES units (code),
	return_channel TEXT NOT NULL CHECK (return_channel IN ('counter', 'post', 'online')),
	duration_value INTEGER NOT NULL,
	duration_unit TEXT NOT NULL,
	submitted_at INTEGER NOT NULL,
	received_at INTEGER,
	due_at INTEGER,
	paused_since INTEGER,
	paused_seconds INTEGER NOT NULL DEFAULT 0,
	supplement_requests INTEGER NOT NULL DEFAULT 0,
	extended_due_at INTEGER,
	extended_reason TEXT,
	current_step INTEGER,
	decided_at INTEGER,
	decision TEXT CHECK (decision IN ('approved', 'denied')),
	decision_reason TEXT,
	result_number TEXT,
	result_title TEXT,
	result_document TEXT,
	timeliness TEXT CHECK (timeliness IN ('early', 'on_time', 'late')),
	returned_at INTEGER,
	returned_channel TEXT,
	returned_unit TEXT,
	closed_reason TEXT,
	tracking_secret TEXT NOT NULL,
	calendar_versions TEXT NOT NULL DEFAULT '{}',
	created_by TEXT NOT NULL,
	version INTEGER NOT NULL DEFAULT 1,
	rating TEXT,
	rating_comment TEXT,
	rated_at INTEGER
) STRICT;
CREATE INDEX dossiers_applicant ON dossiers (applicant_id, id);
CREATE INDEX dossiers_receiving_received ON dossiers (receiving_unit, received_at);
CREATE INDEX dossiers_status_due ON dossiers (status, due_at);
CREATE INDEX dossiers_open_received ON dossiers (received_at) WHERE status IN ('received', 'processing', 'awaiting_supplement');

CREATE TABLE dossier_components (
	dossier_id INTEGER NOT NULL REFERENCES dossiers (id),
	component_id TEXT NOT NULL,
	provided INTEGER NOT NULL,
	document TEXT,
	needed INTEGER NOT NULL DEFAULT 0, -- required and to be submitted: digitization counts it
	PRIMARY KEY (dossier_id, component_id)
) STRICT;

CREATE TABLE dossier_steps (
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
) STRICT;

CREATE TABLE dossier_events (
	id INTEGER PRIMARY KEY,
	dossier_id INTEGER NOT NULL REFERENCES dossiers (id),
	at INTEGER NOT NULL,
	action TEXT NOT NULL,
	actor TEXT NOT NULL,
	unit TEXT,
	from_status TEXT,
	to_status TEXT,
	detail TEXT NOT NULL
) STRICT;
CREATE INDEX dossier_events_dossier ON dossier_events (dossier_id, id);

-- Every unit a dossier involves (receiving, served, resolver, return, steps): who may see it.
CREATE TABLE dossier_units (
	unit TEXT NOT NULL,
	dossier_id INTEGER NOT NULL REFERENCES dossiers (id),
	PRIMARY KEY (unit, dossier_id)
) WITHOUT ROWID, STRICT;

CREATE TABLE dossier_counters (
	unit TEXT NOT NULL,
	day TEXT NOT NULL,
	last INTEGER NOT NULL,
	PRIMARY KEY (unit, day)
) STRICT;

CREATE TABLE idempotency_keys (
	user_id INTEGER NOT NULL,
	key TEXT NOT NULL,
	request_hash BLOB NOT NULL,
	status INTEGER NOT NULL,
	body TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	PRIMARY KEY (user_id, key)
) STRICT;
