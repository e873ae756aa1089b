-- motcua schema, version 1: units with parent history, accounts, sessions, login throttling and
-- the audit chain. Times are INTEGER seconds since the epoch (UTC); dates are TEXT YYYY-MM-DD.

CREATE TABLE units (
	code TEXT PRIMARY KEY,
	name TEXT NOT NULL,
	search_key TEXT NOT NULL,
	kind TEXT NOT NULL CHECK (kind IN ('city_pc', 'center', 'branch', 'service_point', 'department', 'commune_pc')),
	subkind TEXT CHECK (subkind IN ('phuong', 'xa')),
	gso_code TEXT,
	active INTEGER NOT NULL DEFAULT 1,
	created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX units_kind ON units (kind, code);

-- Parents over time: [valid_from, valid_to), valid_to NULL = still in force.
CREATE TABLE unit_parents (
	id INTEGER PRIMARY KEY,
	unit_code TEXT NOT NULL REFERENCES units (code),
	parent_code TEXT REFERENCES units (code),
	valid_from INTEGER NOT NULL,
	valid_to INTEGER
) STRICT;
CREATE INDEX unit_parents_unit ON unit_parents (unit_code, valid_from);
CREATE INDEX unit_parents_parent ON unit_parents (parent_code, valid_from);

CREATE TABLE users (
	id INTEGER PRIMARY KEY,
	username TEXT NOT NULL UNIQUE,
	password_hash TEXT NOT NULL,
	full_name TEXT NOT NULL,
	id_number TEXT,
	phone TEXT,
	email TEXT,
	active INTEGER NOT NULL DEFAULT 1,
	created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE user_roles (
	user_id INTEGER NOT NULL REFERENCES users (id),
	role TEXT NOT NULL CHECK (role IN ('admin', 'center_manager', 'unit_manager', 'receiver', 'processor', 'approver', 'citizen')),
	unit_code TEXT REFERENCES units (code),
	UNIQUE (user_id, role, unit_code)
) STRICT;

-- Only the BLAKE2b hash of a session token is stored.
CREATE TABLE sessions (
	token_hash BLOB PRIMARY KEY,
	user_id INTEGER NOT NULL REFERENCES users (id),
	created_at INTEGER NOT NULL,
	expires_at INTEGER NOT NULL
) STRICT;
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE login_failures (
	id INTEGER PRIMARY KEY,
	username TEXT NOT NULL,
	at INTEGER NOT NULL
) STRICT;
CREATE INDEX login_failures_user ON login_failures (username, at);

-- The tamper-evident audit log: hash = BLAKE2b-256(prev_hash || canonical fields).
CREATE TABLE audit_events (
	id INTEGER PRIMARY KEY,
	at INTEGER NOT NULL,
	actor TEXT NOT NULL,
	unit TEXT,
	action TEXT NOT NULL,
	entity TEXT NOT NULL,
	detail TEXT NOT NULL,
	prev_hash BLOB NOT NULL,
	hash BLOB NOT NULL
) STRICT;
CREATE INDEX audit_events_entity ON audit_events (entity, id);

CREATE TABLE settings (
	key TEXT PRIMARY KEY,
	value TEXT NOT NULL
) STRICT;
