-- PostgreSQL 15 version of sql/sqlite/0019_change_feed.sql (docs/postgresql.md).
-- The change feed (GET /api/v1/dossiers?updated_since=…): its first page starts at the first
-- history row at or after a time, found through this index; later pages follow the row ids.
CREATE INDEX dossier_events_at ON dossier_events (at, id);
