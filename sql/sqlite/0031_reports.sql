-- Periodic reports as issued (docs/reports.md): each issue of a report of one period and scope is
-- a version kept as it was issued: its figures (JSON) and its files (XLSX and PDF bytes). A later
-- issue of the same period and scope is the next version; no version is ever updated.
CREATE TABLE periodic_reports (
	id INTEGER PRIMARY KEY,
	kind TEXT NOT NULL CHECK (kind IN ('month', 'quarter', 'year')),
	year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
	number INTEGER NOT NULL CHECK (number BETWEEN 1 AND 12),
	scope TEXT NOT NULL, -- a unit code, or '' for the whole city
	version INTEGER NOT NULL CHECK (version >= 1),
	period_from INTEGER NOT NULL,
	period_to INTEGER NOT NULL,
	issued_at INTEGER NOT NULL,
	issued_by TEXT NOT NULL,
	figures TEXT NOT NULL,
	xlsx BLOB NOT NULL,
	pdf BLOB NOT NULL,
	UNIQUE (kind, year, number, scope, version)
) STRICT;
