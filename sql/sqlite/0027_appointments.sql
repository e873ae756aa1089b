-- Appointments at service points (docs/appointments.md): each point's booking settings (slot
-- length, places per slot, and opening hours per weekday when they differ from the working
-- periods), the bookings, one counter row per booked slot (the capacity check is a conditional
-- upsert of that row, so it holds under concurrency) and one row per ID number that booked (locked
-- by each booking of that number, so the per-number limit holds too).
CREATE TABLE booking_settings (
	point_code TEXT PRIMARY KEY REFERENCES units (code),
	slot_minutes INTEGER NOT NULL CHECK (slot_minutes IN (10, 15, 20, 30, 60)),
	capacity INTEGER NOT NULL CHECK (capacity BETWEEN 0 AND 50),
	custom_hours INTEGER NOT NULL CHECK (custom_hours IN (0, 1)),
	updated_at INTEGER NOT NULL,
	updated_by TEXT NOT NULL
) STRICT;
CREATE TABLE booking_hours (
	point_code TEXT NOT NULL REFERENCES units (code),
	weekday INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),
	start_sec INTEGER NOT NULL CHECK (start_sec BETWEEN 0 AND 86400),
	end_sec INTEGER NOT NULL CHECK (end_sec BETWEEN 0 AND 86400),
	PRIMARY KEY (point_code, weekday, start_sec)
) STRICT;
CREATE TABLE booking_slots (
	point_code TEXT NOT NULL REFERENCES units (code),
	start_at INTEGER NOT NULL,
	booked INTEGER NOT NULL CHECK (booked >= 0),
	PRIMARY KEY (point_code, start_at)
) STRICT;
CREATE TABLE booking_holders (
	id_number TEXT PRIMARY KEY,
	touched_at INTEGER NOT NULL
) STRICT;
CREATE TABLE bookings (
	id INTEGER PRIMARY KEY,
	code TEXT NOT NULL UNIQUE,
	point_code TEXT NOT NULL REFERENCES units (code),
	procedure_code TEXT NOT NULL,
	start_at INTEGER NOT NULL,
	end_at INTEGER NOT NULL,
	name TEXT NOT NULL,
	id_number TEXT NOT NULL,
	phone TEXT NOT NULL,
	email TEXT,
	status TEXT NOT NULL CHECK (status IN ('booked', 'cancelled', 'arrived', 'no_show')),
	booked_by TEXT,
	created_at INTEGER NOT NULL,
	changed_at INTEGER,
	changed_by TEXT
) STRICT;
CREATE INDEX bookings_point_start ON bookings (point_code, start_at);
CREATE INDEX bookings_holder ON bookings (id_number, status, end_at);
