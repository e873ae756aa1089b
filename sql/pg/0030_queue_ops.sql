-- PostgreSQL 15 version of sql/sqlite/0030_queue_ops.sql (docs/postgresql.md): the same tables,
-- columns, constraints and indexes; the migrator records the version.
-- Queue operations (issue 21 item 2, docs/queue.md): the appointment priority group, a ticket's
-- recalls, transfer target, end of service and booking; each point's rule setting (an ordinary
-- ticket at least every N calls), a row per point and day that serialises the calls and holds the
-- rule's count of priority calls in a row; and the dossiers received from a ticket.
ALTER TABLE queue_tickets DROP CONSTRAINT queue_tickets_priority_check;
ALTER TABLE queue_tickets ADD CONSTRAINT queue_tickets_priority_check
	CHECK (priority IN ('elderly', 'pregnant', 'disabled', 'appointment'));
ALTER TABLE queue_tickets ADD COLUMN target_counter BIGINT;
ALTER TABLE queue_tickets ADD COLUMN recalls BIGINT NOT NULL DEFAULT 0;
ALTER TABLE queue_tickets ADD COLUMN transfers BIGINT NOT NULL DEFAULT 0;
ALTER TABLE queue_tickets ADD COLUMN finished_at BIGINT;
ALTER TABLE queue_tickets ADD COLUMN booking_code TEXT;
CREATE INDEX queue_tickets_period ON queue_tickets (point_code, day);
CREATE TABLE queue_settings (
	point_code TEXT PRIMARY KEY REFERENCES units (code),
	ordinary_every BIGINT NOT NULL CHECK (ordinary_every BETWEEN 2 AND 20),
	updated_at BIGINT NOT NULL,
	updated_by TEXT NOT NULL
);
CREATE TABLE queue_days (
	point_code TEXT NOT NULL REFERENCES units (code),
	day TEXT NOT NULL,
	priority_streak BIGINT NOT NULL CHECK (priority_streak >= 0),
	PRIMARY KEY (point_code, day)
);
CREATE TABLE queue_ticket_dossiers (
	dossier_id BIGINT PRIMARY KEY REFERENCES dossiers (id),
	ticket_id BIGINT NOT NULL REFERENCES queue_tickets (id)
);
CREATE INDEX queue_ticket_dossiers_ticket ON queue_ticket_dossiers (ticket_id);
