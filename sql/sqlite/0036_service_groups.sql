-- Procedure groups at service points (issue 21 item 1, docs/appointments.md, docs/queue.md): each
-- point may declare its groups, each covering procedure fields (by the catalog's field_key) and
-- served by a list of counters, with an optional capacity per slot (NULL: the number of its
-- counters); bookings then take places per group (one counter row per group and slot, the same
-- conditional upsert as booking_slots) and remember their group. Queue tickets gain the terminal
-- status 'expired' (a ticket left waiting or called at the end of its day); SQLite cannot change
-- a CHECK, so queue_tickets is rebuilt with its indexes, its dossier links put aside meanwhile.
CREATE TABLE service_groups (
	point_code TEXT NOT NULL REFERENCES units (code),
	position INTEGER NOT NULL CHECK (position BETWEEN 1 AND 30),
	name TEXT NOT NULL,
	capacity INTEGER CHECK (capacity BETWEEN 0 AND 50),
	updated_at INTEGER NOT NULL,
	updated_by TEXT NOT NULL,
	PRIMARY KEY (point_code, position),
	UNIQUE (point_code, name)
) STRICT;
CREATE TABLE service_group_fields (
	point_code TEXT NOT NULL,
	position INTEGER NOT NULL,
	field TEXT NOT NULL,
	field_key TEXT NOT NULL,
	PRIMARY KEY (point_code, position, field_key),
	FOREIGN KEY (point_code, position) REFERENCES service_groups (point_code, position)
		ON DELETE CASCADE
) STRICT;
CREATE TABLE service_group_counters (
	point_code TEXT NOT NULL,
	position INTEGER NOT NULL,
	counter INTEGER NOT NULL CHECK (counter BETWEEN 1 AND 99),
	PRIMARY KEY (point_code, position, counter),
	FOREIGN KEY (point_code, position) REFERENCES service_groups (point_code, position)
		ON DELETE CASCADE
) STRICT;
CREATE INDEX service_group_counters_counter ON service_group_counters (point_code, counter);
CREATE TABLE booking_group_slots (
	point_code TEXT NOT NULL REFERENCES units (code),
	group_name TEXT NOT NULL,
	start_at INTEGER NOT NULL,
	booked INTEGER NOT NULL CHECK (booked >= 0),
	PRIMARY KEY (point_code, group_name, start_at)
) STRICT;
ALTER TABLE bookings ADD COLUMN service_group TEXT;
CREATE TABLE queue_ticket_dossiers_kept (
	dossier_id INTEGER NOT NULL,
	ticket_id INTEGER NOT NULL
) STRICT;
INSERT INTO queue_ticket_dossiers_kept SELECT dossier_id, ticket_id FROM queue_ticket_dossiers;
DELETE FROM queue_ticket_dossiers;
CREATE TABLE queue_tickets_new (
	id INTEGER PRIMARY KEY,
	point_code TEXT NOT NULL REFERENCES units (code),
	day TEXT NOT NULL,
	number INTEGER NOT NULL,
	service_group TEXT NOT NULL,
	priority TEXT CHECK (priority IN ('elderly', 'pregnant', 'disabled', 'appointment')),
	status TEXT NOT NULL CHECK (status IN ('waiting', 'called', 'done', 'skipped', 'expired')),
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
	counter, created_at, called_at, called_by, target_counter, recalls, transfers, finished_at,
	booking_code)
	SELECT id, point_code, day, number, service_group, priority, status, counter, created_at,
		called_at, called_by, target_counter, recalls, transfers, finished_at, booking_code
	FROM queue_tickets;
DROP TABLE queue_tickets;
ALTER TABLE queue_tickets_new RENAME TO queue_tickets;
CREATE INDEX queue_tickets_waiting ON queue_tickets (point_code, day, status, number);
CREATE INDEX queue_tickets_period ON queue_tickets (point_code, day);
CREATE INDEX queue_tickets_open ON queue_tickets (day) WHERE status IN ('waiting', 'called');
INSERT INTO queue_ticket_dossiers (dossier_id, ticket_id)
	SELECT dossier_id, ticket_id FROM queue_ticket_dossiers_kept;
DROP TABLE queue_ticket_dossiers_kept;
