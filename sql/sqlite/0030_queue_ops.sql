-- Queue operations (issue 21 item 2, docs/queue.md): the appointment priority group, a ticket's
-- recalls, transfer target, end of service and booking; each point's rule setting (an ordinary
-- ticket at least every N calls), a row per point and day that serialises the calls and holds the
-- rule's count of priority calls in a row; and the dossiers received from a ticket. SQLite cannot
-- change a column's CHECK, so queue_tickets is rebuilt with its index.
CREATE TABLE queue_tickets_new (
	id INTEGER PRIMARY KEY,
	point_code TEXT NOT NULL REFERENCES units (code),
	day TEXT NOT NULL,
	number INTEGER NOT NULL,
	service_group TEXT NOT NULL,
	priority TEXT CHECK (priority IN ('elderly', 'pregnant', 'disabled', 'appointment')),
	status TEXT NOT NULL CHECK (status IN ('waiting', 'called', 'done', 'skipped')),
	counter INTEGER,
	created_at INTEGER NOT NULL,
	called_at INTEGER,
	called_by TEXT,
	target_counter INTEGER,
	recalls INTEGER NOT NULL DEFAULT 0,
	transfers INTEGER NOT NULL DEFAULT 0,
	finished_at INTEGER,
	booking_code TEXT,
	UNIQUE (point_code, day, number)
) STRICT;
INSERT INTO queue_tickets_new (id, point_code, day, number, service_group, priority, status,
	counter, created_at, called_at, called_by)
	SELECT id, point_code, day, number, service_group, priority, status, counter, created_at,
		called_at, called_by
	FROM queue_tickets;
DROP TABLE queue_tickets;
ALTER TABLE queue_tickets_new RENAME TO queue_tickets;
CREATE INDEX queue_tickets_waiting ON queue_tickets (point_code, day, status, number);
CREATE INDEX queue_tickets_period ON queue_tickets (point_code, day);
CREATE TABLE queue_settings (
	point_code TEXT PRIMARY KEY REFERENCES units (code),
	ordinary_every INTEGER NOT NULL CHECK (ordinary_every BETWEEN 2 AND 20),
	updated_at INTEGER NOT NULL,
	updated_by TEXT NOT NULL
) STRICT;
CREATE TABLE queue_days (
	point_code TEXT NOT NULL REFERENCES units (code),
	day TEXT NOT NULL,
	priority_streak INTEGER NOT NULL CHECK (priority_streak >= 0),
	PRIMARY KEY (point_code, day)
) STRICT;
CREATE TABLE queue_ticket_dossiers (
	dossier_id INTEGER PRIMARY KEY REFERENCES dossiers (id),
	ticket_id INTEGER NOT NULL REFERENCES queue_tickets (id)
) STRICT;
CREATE INDEX queue_ticket_dossiers_ticket ON queue_ticket_dossiers (ticket_id);
