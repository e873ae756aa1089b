-- Queue tickets at service points: numbered per point and local day; priority tickets (elderly,
-- pregnant, disabled) are called before the others.
CREATE TABLE queue_tickets (
	id INTEGER PRIMARY KEY,
	point_code TEXT NOT NULL REFERENCES units (code),
	day TEXT NOT NULL,
	number INTEGER NOT NULL,
	service_group TEXT NOT NULL,
	priority TEXT CHECK (priority IN ('elderly', 'pregnant', 'disabled')),
	status TEXT NOT NULL CHECK (status IN ('waiting', 'called', 'done', 'skipped')),
	counter INTEGER,
	created_at INTEGER NOT NULL,
	called_at INTEGER,
	called_by TEXT,
	UNIQUE (point_code, day, number)
) STRICT;
CREATE INDEX queue_tickets_waiting ON queue_tickets (point_code, day, status, number);
