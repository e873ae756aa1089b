-- PostgreSQL 15 version of sql/sqlite/0018_job_runs.sql (docs/postgresql.md): background work that
-- must run once per interval whichever instance runs it; the last start of each job.
CREATE TABLE job_runs (
	name TEXT PRIMARY KEY,
	started_at BIGINT NOT NULL
);
