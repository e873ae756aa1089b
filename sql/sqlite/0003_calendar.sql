-- The working calendar: per year a version and whether its official list is loaded; the official
-- lists (from data/official_days_*.csv or an administrator); day-by-day overrides.
CREATE TABLE calendar_years (
	year INTEGER PRIMARY KEY,
	version INTEGER NOT NULL,
	official INTEGER NOT NULL DEFAULT 0,
	updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE calendar_official (
	day INTEGER PRIMARY KEY,   -- days since 1970-01-01
	year INTEGER NOT NULL,
	working INTEGER NOT NULL,
	name TEXT NOT NULL,
	status TEXT NOT NULL
) STRICT;
CREATE INDEX calendar_official_year ON calendar_official (year, day);

CREATE TABLE calendar_overrides (
	day INTEGER PRIMARY KEY,
	year INTEGER NOT NULL,
	working INTEGER NOT NULL,
	name TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	created_by TEXT NOT NULL
) STRICT;
CREATE INDEX calendar_overrides_year ON calendar_overrides (year, day);
