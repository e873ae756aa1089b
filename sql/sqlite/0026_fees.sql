-- Fees and payments (docs/fees.md). A procedure version carries its fee schedule as the JSON text
-- of its rules (svc/fee_json.h; NULL: none, fee_vnd alone applies). A dossier gets its fee lines
-- at intake (dossier_fees, one row per dossier that has a fee record); each payment attempt, cash
-- at the counter or online through the gateway, is a row of payments with a unique order id;
-- receipts are numbered per collecting agency and year (receipt_series).
ALTER TABLE procedures ADD COLUMN fees TEXT;

CREATE TABLE dossier_fees (
	dossier_id INTEGER PRIMARY KEY REFERENCES dossiers (id),
	channel TEXT NOT NULL CHECK (channel IN ('counter', 'online')),
	declared TEXT NOT NULL,   -- JSON object of declared quantities ("pages": 5)
	lines TEXT NOT NULL,      -- JSON array of the computed lines
	gross INTEGER NOT NULL CHECK (gross BETWEEN 0 AND 1000000000000), -- before exemptions
	total INTEGER NOT NULL CHECK (total BETWEEN 0 AND 1000000000000), -- to pay
	paid INTEGER NOT NULL DEFAULT 0 CHECK (paid >= 0),
	refunded INTEGER NOT NULL DEFAULT 0 CHECK (refunded >= 0),
	exempt INTEGER NOT NULL CHECK (exempt IN (0, 1)),
	exemption_code TEXT,
	exemption_reason TEXT,
	exemption_paper TEXT,
	updated_at INTEGER NOT NULL,
	CHECK (exempt = 0 OR (exemption_reason IS NOT NULL AND exemption_paper IS NOT NULL))
) STRICT;

-- status: pending (online, waiting for the gateway), paid, failed (the gateway said no),
-- refunded (a paid payment given back when the dossier was refused or stopped).
CREATE TABLE payments (
	id INTEGER PRIMARY KEY,
	dossier_id INTEGER NOT NULL REFERENCES dossiers (id),
	order_id TEXT NOT NULL UNIQUE,
	method TEXT NOT NULL CHECK (method IN ('cash', 'online')),
	amount INTEGER NOT NULL CHECK (amount BETWEEN 1 AND 1000000000000),
	status TEXT NOT NULL CHECK (status IN ('pending', 'paid', 'failed', 'refunded')),
	agency TEXT NOT NULL,
	receipt_no TEXT UNIQUE,
	gateway_ref TEXT,
	created_at INTEGER NOT NULL,
	created_by TEXT NOT NULL,
	paid_at INTEGER,
	refunded_at INTEGER,
	refund_reason TEXT
) STRICT;
CREATE INDEX payments_dossier ON payments (dossier_id);
CREATE INDEX payments_paid_at ON payments (paid_at) WHERE paid_at IS NOT NULL;

CREATE TABLE receipt_series (
	agency TEXT NOT NULL,
	year INTEGER NOT NULL,
	last INTEGER NOT NULL CHECK (last >= 1),
	PRIMARY KEY (agency, year)
) STRICT;
