-- PostgreSQL 15 version of sql/sqlite/0036_service_groups.sql (docs/postgresql.md): the same tables,
-- columns, constraints and indexes; the migrator records the version.
-- Procedure groups at service points (issue 21 item 1, docs/appointments.md, docs/queue.md): each
-- point may declare its groups, each covering procedure fields (by the catalog's field_key) and
-- served by a list of counters, with an optional capacity per slot (NULL: the number of its
-- counters); bookings then take places per group (one counter row per group and slot, the same
-- conditional upsert as booking_slots) and remember their group. Queue tickets gain the terminal
-- status 'expired' (a ticket left waiting or called at the end of its day).
CREATE TABLE service_groups (
	point_code TEXT NOT NULL REFERENCES units (code),
	position BIGINT NOT NULL CHECK (position BETWEEN 1 AND 30),
	name TEXT NOT NULL,
	capacity BIGINT CHECK (capacity BETWEEN 0 AND 50),
	updated_at BIGINT NOT NULL,
	updated_by TEXT NOT NULL,
	PRIMARY KEY (point_code, position),
	UNIQUE (point_code, name)
);
CREATE TABLE service_group_fields (
	point_code TEXT NOT NULL,
	position BIGINT NOT NULL,
	field TEXT NOT NULL,
	field_key TEXT NOT NULL,
	PRIMARY KEY (point_code, position, field_key),
	FOREIGN KEY (point_code, position) REFERENCES service_groups (point_code, position)
		ON DELETE CASCADE
);
CREATE TABLE service_group_counters (
	point_code TEXT NOT NULL,
	position BIGINT NOT NULL,
	counter BIGINT NOT NULL CHECK (counter BETWEEN 1 AND 99),
	PRIMARY KEY (point_code, position, counter),
	FOREIGN KEY (point_code, position) REFERENCES service_groups (point_code, position)
		ON DELETE CASCADE
);
CREATE INDEX service_group_counters_counter ON service_group_counters (point_code, counter);
CREATE TABLE booking_group_slots (
	point_code TEXT NOT NULL REFERENCES units (code),
	group_name TEXT NOT NULL,
	start_at BIGINT NOT NULL,
	booked BIGINT NOT NULL CHECK (booked >= 0),
	PRIMARY KEY (point_code, group_name, start_at)
);
ALTER TABLE bookings ADD COLUMN service_group TEXT;
ALTER TABLE queue_tickets DROP CONSTRAINT queue_tickets_status_check;
ALTER TABLE queue_tickets ADD CONSTRAINT queue_tickets_status_check
	CHECK (status IN ('waiting', 'called', 'done', 'skipped', 'expired'));
CREATE INDEX queue_tickets_open ON queue_tickets (day) WHERE status IN ('waiting', 'called');
