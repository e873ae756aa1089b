-- PostgreSQL 15 version of sql/sqlite/0004_procedures.sql (docs/postgresql.md): the same tables, columns,
-- constraints, indexes and trigger behaviour; the migrator records the version.
-- The procedure catalog: every published version of a procedure with its components (papers) and
-- internal steps. A version never changes once written; publishing writes the next version and
-- moves the `latest` flag, so dossiers keep the version they were received under.
CREATE TABLE procedures (
	code TEXT NOT NULL CHECK (length(code) = 8),
	version BIGINT NOT NULL CHECK (version >= 1),
	name TEXT NOT NULL,
	search_key TEXT NOT NULL,  -- name without diacritics and case (domain/text.h)
	field TEXT NOT NULL,
	field_key TEXT NOT NULL,   -- the same for the field, so that ?field= ignores them too
	level TEXT NOT NULL CHECK (level IN ('commune', 'city')),
	duration_value BIGINT NOT NULL CHECK (duration_value BETWEEN 0 AND 1000000),
	duration_unit TEXT NOT NULL
		CHECK (duration_unit IN ('working_hours', 'working_days', 'calendar_days', 'same_day')),
	fee_vnd BIGINT CHECK (fee_vnd >= 0), -- NULL: the amount is set by the city and not loaded
	online TEXT NOT NULL CHECK (online IN ('full', 'partial', 'none')),
	resolver_kind TEXT NOT NULL CHECK (resolver_kind IN ('commune_pc', 'unit')),
	resolver_unit TEXT REFERENCES units (code),
	result TEXT NOT NULL,
	latest BIGINT NOT NULL CHECK (latest IN (0, 1)),
	created_at BIGINT NOT NULL,
	created_by TEXT NOT NULL,
	PRIMARY KEY (code, version),
	CHECK ((resolver_kind = 'unit') = (resolver_unit IS NOT NULL)),
	CHECK (duration_unit <> 'same_day' OR duration_value = 1)
);
-- One latest version per code; also the keyset order of the list.
CREATE UNIQUE INDEX procedures_latest ON procedures (code) WHERE latest = 1;

CREATE TABLE procedure_components (
	code TEXT NOT NULL,
	version BIGINT NOT NULL,
	position BIGINT NOT NULL CHECK (position >= 1),
	id TEXT NOT NULL,
	name TEXT NOT NULL,
	original_or_copy TEXT NOT NULL CHECK (original_or_copy IN ('original', 'copy', 'either')),
	quantity BIGINT NOT NULL CHECK (quantity BETWEEN 1 AND 100),
	required BIGINT NOT NULL CHECK (required IN (0, 1)),
	submit_or_present TEXT NOT NULL CHECK (submit_or_present IN ('submit', 'present')),
	PRIMARY KEY (code, version, position),
	UNIQUE (code, version, id),
	FOREIGN KEY (code, version) REFERENCES procedures (code, version)
);

CREATE TABLE procedure_steps (
	code TEXT NOT NULL,
	version BIGINT NOT NULL,
	position BIGINT NOT NULL CHECK (position >= 1),
	name TEXT NOT NULL,
	unit TEXT NOT NULL, -- "resolver" (the dossier's deciding unit) or a unit code
	role TEXT NOT NULL CHECK (role IN ('processor', 'approver')),
	duration_value BIGINT NOT NULL CHECK (duration_value BETWEEN 0 AND 1000000),
	duration_unit TEXT NOT NULL
		CHECK (duration_unit IN ('working_hours', 'working_days', 'calendar_days', 'same_day')),
	PRIMARY KEY (code, version, position),
	FOREIGN KEY (code, version) REFERENCES procedures (code, version),
	CHECK (duration_unit <> 'same_day' OR duration_value = 1)
);
