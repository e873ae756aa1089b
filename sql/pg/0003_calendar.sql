-- PostgreSQL 15 version of sql/sqlite/0003_calendar.sql (docs/postgresql.md): the same tables, columns,
-- constraints, indexes and trigger behaviour; the migrator records the version.
-- The working calendar: per year a version and whether its official list is loaded; the official
-- lists (from data/official_days_*.csv or an administrator); day-by-day overrides.
CREATE TABLE calendar_years (
	year BIGINT PRIMARY KEY,
	version BIGINT NOT NULL,
	official BIGINT NOT NULL DEFAULT 0,
	updated_at BIGINT NOT NULL
);

CREATE TABLE calendar_official (
	day BIGINT PRIMARY KEY,   -- days since 1970-01-01
	year BIGINT NOT NULL,
	working BIGINT NOT NULL,
	name TEXT NOT NULL,
	status TEXT NOT NULL
);
CREATE INDEX calendar_official_year ON calendar_official (year, day);

CREATE TABLE calendar_overrides (
	day BIGINT PRIMARY KEY,
	year BIGINT NOT NULL,
	working BIGINT NOT NULL,
	name TEXT NOT NULL,
	created_at BIGINT NOT NULL,
	created_by TEXT NOT NULL
);
CREATE INDEX calendar_overrides_year ON calendar_overrides (year, day);
