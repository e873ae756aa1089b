-- Background work that must run once per interval whichever instance of motcua runs it (several
-- instances may share one database): the last start of each job (svc/housekeeping.c).
CREATE TABLE job_runs (
	name TEXT PRIMARY KEY,
	started_at INTEGER NOT NULL
) STRICT;
