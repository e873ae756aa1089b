-- Registers with history (staff, assets, archive records) and reorganizations: decisions, their
-- per-unit handovers and the items of each handover's snapshot.

CREATE TABLE staff (
	id INTEGER PRIMARY KEY,
	full_name TEXT NOT NULL,
	id_number TEXT NOT NULL UNIQUE,
	position TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	version INTEGER NOT NULL DEFAULT 1
) STRICT;

CREATE TABLE assets (
	id INTEGER PRIMARY KEY,
	inventory_code TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	category TEXT NOT NULL,
	quantity INTEGER NOT NULL CHECK (quantity >= 0),
	original_value INTEGER NOT NULL CHECK (original_value >= 0),
	remaining_value INTEGER NOT NULL CHECK (remaining_value >= 0),
	condition TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	version INTEGER NOT NULL DEFAULT 1
) STRICT;

-- Archive records: the box/file inventory of paper records.
CREATE TABLE records (
	id INTEGER PRIMARY KEY,
	box TEXT NOT NULL,
	file TEXT NOT NULL,
	title TEXT NOT NULL,
	year INTEGER NOT NULL,
	sheets INTEGER NOT NULL CHECK (sheets >= 0),
	retention TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	version INTEGER NOT NULL DEFAULT 1
) STRICT;

-- Where each register entry belongs over time: a staff member's assignment (unit and counter), an
-- asset's owner unit, a record's holder unit. [valid_from, valid_to), valid_to NULL = in force.
CREATE TABLE register_spans (
	id INTEGER PRIMARY KEY,
	kind TEXT NOT NULL CHECK (kind IN ('staff', 'asset', 'record')),
	ref_id INTEGER NOT NULL,
	unit_code TEXT NOT NULL REFERENCES units (code),
	counter INTEGER,
	valid_from INTEGER NOT NULL,
	valid_to INTEGER
) STRICT;
CREATE INDEX register_spans_ref ON register_spans (kind, ref_id, valid_from);
CREATE INDEX register_spans_unit ON register_spans (kind, unit_code, valid_from);

-- Leadership: heads and deputies of points and branches over time.
CREATE TABLE appointments (
	id INTEGER PRIMARY KEY,
	staff_id INTEGER NOT NULL REFERENCES staff (id),
	unit_code TEXT NOT NULL REFERENCES units (code),
	position TEXT NOT NULL CHECK (position IN ('head', 'deputy')),
	valid_from INTEGER NOT NULL,
	valid_to INTEGER
) STRICT;
CREATE INDEX appointments_staff ON appointments (staff_id, valid_from);
CREATE INDEX appointments_unit ON appointments (unit_code, position, valid_from);

CREATE TABLE reorganizations (
	id INTEGER PRIMARY KEY,
	decision_number TEXT NOT NULL,
	signed_on TEXT NOT NULL,
	effective_at INTEGER NOT NULL,
	target_unit TEXT NOT NULL REFERENCES units (code),
	handover_days INTEGER NOT NULL,
	deadline TEXT NOT NULL,
	dossiers INTEGER NOT NULL DEFAULT 0,
	events INTEGER NOT NULL DEFAULT 0,
	checksum BLOB,
	created_at INTEGER NOT NULL,
	created_by TEXT NOT NULL
) STRICT;

CREATE TABLE handovers (
	id INTEGER PRIMARY KEY,
	reorg_id INTEGER NOT NULL REFERENCES reorganizations (id),
	unit_code TEXT NOT NULL REFERENCES units (code),
	old_parent TEXT,
	status TEXT NOT NULL CHECK (status IN ('open', 'complete')),
	giver_signed_by TEXT,
	giver_signed_at INTEGER,
	receiver_signed_by TEXT,
	receiver_signed_at INTEGER,
	completed_at INTEGER,
	n_staff INTEGER NOT NULL DEFAULT 0,
	n_dossiers_open INTEGER NOT NULL DEFAULT 0,
	n_dossiers_closed INTEGER NOT NULL DEFAULT 0,
	n_records INTEGER NOT NULL DEFAULT 0,
	n_assets INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX handovers_reorg ON handovers (reorg_id, id);

-- The snapshot: one row per thing to hand over. For a dossier, digest is the BLAKE2b of its code,
-- dates and history at creation (what verification compares against).
CREATE TABLE handover_items (
	id INTEGER PRIMARY KEY,
	handover_id INTEGER NOT NULL REFERENCES handovers (id),
	kind TEXT NOT NULL CHECK (kind IN ('staff', 'dossier', 'record', 'asset')),
	ref TEXT NOT NULL,
	label TEXT NOT NULL,
	status TEXT NOT NULL CHECK (status IN ('pending', 'received', 'missing', 'damaged')),
	note TEXT NOT NULL DEFAULT '',
	digest BLOB,
	events INTEGER NOT NULL DEFAULT 0,
	last_event INTEGER NOT NULL DEFAULT 0,
	confirmed_by TEXT,
	confirmed_at INTEGER
) STRICT;
CREATE INDEX handover_items_handover ON handover_items (handover_id, id);
