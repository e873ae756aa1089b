-- The summary's fee figures and its open dossiers without reading the dossiers of the period
-- (issue 18 item 6; docs/fees.md "Figures", docs/performance.md).
--
-- fee_cells: per local day of the dossier's submission ((submitted_at + 25200) / 86400, as
-- report_cells), the city-wide fee figures that store/fee_store.c used to sum from the rows of
-- dossier_fees and payments: dossiers with a fee (gross > 0), dossiers with a paid online payment
-- and the amount paid online, the same at the counter (cash), exempt dossiers and the amount waived
-- (gross - total). Kept by triggers in the same transaction as the fee record's or the payment's
-- own write: a change takes its old contribution away and adds its new one. A payment counts only
-- for a dossier that has a fee record (the figures' join); a dossier counts once per method however
-- many of its payments are paid. dossier_fees.dossier_id, payments.dossier_id, method and amount
-- and dossiers.submitted_at are never changed after their insert (store/fee_store.c,
-- store/dossier_store.c); the triggers rely on it.
CREATE TABLE fee_cells (
	day INTEGER PRIMARY KEY,
	with_fee INTEGER NOT NULL DEFAULT 0,
	paid_online INTEGER NOT NULL DEFAULT 0,
	paid_online_amount INTEGER NOT NULL DEFAULT 0,
	paid_counter INTEGER NOT NULL DEFAULT 0,
	paid_counter_amount INTEGER NOT NULL DEFAULT 0,
	exempt INTEGER NOT NULL DEFAULT 0,
	exempt_amount INTEGER NOT NULL DEFAULT 0
) STRICT;

INSERT INTO fee_cells (day, with_fee, paid_online, paid_online_amount, paid_counter, paid_counter_amount, exempt, exempt_amount)
SELECT (d.submitted_at + 25200) / 86400 AS day, count(CASE WHEN f.gross > 0 THEN 1 END),
	count(p_on.n), coalesce(sum(p_on.amount), 0), count(p_ct.n), coalesce(sum(p_ct.amount), 0),
	count(CASE WHEN f.exempt = 1 THEN 1 END),
	coalesce(sum(CASE WHEN f.exempt = 1 THEN f.gross - f.total ELSE 0 END), 0)
FROM dossier_fees f JOIN dossiers d ON d.id = f.dossier_id
LEFT JOIN (SELECT dossier_id, count(*) AS n, sum(amount) AS amount FROM payments
	WHERE method = 'online' AND status = 'paid' GROUP BY dossier_id) p_on ON p_on.dossier_id = f.dossier_id
LEFT JOIN (SELECT dossier_id, count(*) AS n, sum(amount) AS amount FROM payments
	WHERE method = 'cash' AND status = 'paid' GROUP BY dossier_id) p_ct ON p_ct.dossier_id = f.dossier_id
GROUP BY day ORDER BY day;

CREATE TRIGGER fee_cells_fees_insert AFTER INSERT ON dossier_fees
WHEN NEW.gross > 0 OR NEW.exempt = 1
	OR EXISTS (SELECT 1 FROM payments p WHERE p.dossier_id = NEW.dossier_id AND p.status = 'paid')
BEGIN
	INSERT INTO fee_cells (day, with_fee, paid_online, paid_online_amount, paid_counter, paid_counter_amount, exempt, exempt_amount)
	SELECT (d.submitted_at + 25200) / 86400, NEW.gross > 0,
		EXISTS (SELECT 1 FROM payments p WHERE p.dossier_id = NEW.dossier_id AND p.method = 'online' AND p.status = 'paid'),
		(SELECT coalesce(sum(p.amount), 0) FROM payments p WHERE p.dossier_id = NEW.dossier_id AND p.method = 'online' AND p.status = 'paid'),
		EXISTS (SELECT 1 FROM payments p WHERE p.dossier_id = NEW.dossier_id AND p.method = 'cash' AND p.status = 'paid'),
		(SELECT coalesce(sum(p.amount), 0) FROM payments p WHERE p.dossier_id = NEW.dossier_id AND p.method = 'cash' AND p.status = 'paid'),
		NEW.exempt, CASE WHEN NEW.exempt = 1 THEN NEW.gross - NEW.total ELSE 0 END
	FROM dossiers d WHERE d.id = NEW.dossier_id
	ON CONFLICT (day) DO UPDATE SET with_fee = with_fee + excluded.with_fee,
		paid_online = paid_online + excluded.paid_online, paid_online_amount = paid_online_amount + excluded.paid_online_amount,
		paid_counter = paid_counter + excluded.paid_counter, paid_counter_amount = paid_counter_amount + excluded.paid_counter_amount,
		exempt = exempt + excluded.exempt, exempt_amount = exempt_amount + excluded.exempt_amount;
END;

CREATE TRIGGER fee_cells_fees_update AFTER UPDATE ON dossier_fees
WHEN OLD.gross IS NOT NEW.gross OR OLD.total IS NOT NEW.total OR OLD.exempt IS NOT NEW.exempt
BEGIN
	INSERT INTO fee_cells (day, with_fee, exempt, exempt_amount)
	SELECT (d.submitted_at + 25200) / 86400, (NEW.gross > 0) - (OLD.gross > 0), NEW.exempt - OLD.exempt,
		CASE WHEN NEW.exempt = 1 THEN NEW.gross - NEW.total ELSE 0 END
			- CASE WHEN OLD.exempt = 1 THEN OLD.gross - OLD.total ELSE 0 END
	FROM dossiers d WHERE d.id = NEW.dossier_id
	ON CONFLICT (day) DO UPDATE SET with_fee = with_fee + excluded.with_fee,
		exempt = exempt + excluded.exempt, exempt_amount = exempt_amount + excluded.exempt_amount;
END;

CREATE TRIGGER fee_cells_fees_delete AFTER DELETE ON dossier_fees
BEGIN
	INSERT INTO fee_cells (day, with_fee, paid_online, paid_online_amount, paid_counter, paid_counter_amount, exempt, exempt_amount)
	SELECT (d.submitted_at + 25200) / 86400, -(OLD.gross > 0),
		-EXISTS (SELECT 1 FROM payments p WHERE p.dossier_id = OLD.dossier_id AND p.method = 'online' AND p.status = 'paid'),
		-(SELECT coalesce(sum(p.amount), 0) FROM payments p WHERE p.dossier_id = OLD.dossier_id AND p.method = 'online' AND p.status = 'paid'),
		-EXISTS (SELECT 1 FROM payments p WHERE p.dossier_id = OLD.dossier_id AND p.method = 'cash' AND p.status = 'paid'),
		-(SELECT coalesce(sum(p.amount), 0) FROM payments p WHERE p.dossier_id = OLD.dossier_id AND p.method = 'cash' AND p.status = 'paid'),
		-OLD.exempt, -CASE WHEN OLD.exempt = 1 THEN OLD.gross - OLD.total ELSE 0 END
	FROM dossiers d WHERE d.id = OLD.dossier_id
	ON CONFLICT (day) DO UPDATE SET with_fee = with_fee + excluded.with_fee,
		paid_online = paid_online + excluded.paid_online, paid_online_amount = paid_online_amount + excluded.paid_online_amount,
		paid_counter = paid_counter + excluded.paid_counter, paid_counter_amount = paid_counter_amount + excluded.paid_counter_amount,
		exempt = exempt + excluded.exempt, exempt_amount = exempt_amount + excluded.exempt_amount;
END;

-- A payment's change: the dossier's count of paid payments of a method after the change (c) and
-- before it (c, less the new row's, plus the old row's); the dossier counts when that count is
-- above 0.
CREATE TRIGGER fee_cells_payment_insert AFTER INSERT ON payments
WHEN NEW.status = 'paid' AND EXISTS (SELECT 1 FROM dossier_fees f WHERE f.dossier_id = NEW.dossier_id)
BEGIN
	INSERT INTO fee_cells (day, paid_online, paid_online_amount, paid_counter, paid_counter_amount)
	SELECT (d.submitted_at + 25200) / 86400,
		NEW.method = 'online' AND (SELECT count(*) FROM payments p WHERE p.dossier_id = NEW.dossier_id AND p.method = 'online' AND p.status = 'paid') = 1,
		CASE WHEN NEW.method = 'online' THEN NEW.amount ELSE 0 END,
		NEW.method = 'cash' AND (SELECT count(*) FROM payments p WHERE p.dossier_id = NEW.dossier_id AND p.method = 'cash' AND p.status = 'paid') = 1,
		CASE WHEN NEW.method = 'cash' THEN NEW.amount ELSE 0 END
	FROM dossiers d WHERE d.id = NEW.dossier_id
	ON CONFLICT (day) DO UPDATE SET paid_online = paid_online + excluded.paid_online,
		paid_online_amount = paid_online_amount + excluded.paid_online_amount,
		paid_counter = paid_counter + excluded.paid_counter, paid_counter_amount = paid_counter_amount + excluded.paid_counter_amount;
END;

CREATE TRIGGER fee_cells_payment_update AFTER UPDATE OF status ON payments
WHEN (OLD.status = 'paid') <> (NEW.status = 'paid')
	AND EXISTS (SELECT 1 FROM dossier_fees f WHERE f.dossier_id = NEW.dossier_id)
BEGIN
	INSERT INTO fee_cells (day, paid_online, paid_online_amount, paid_counter, paid_counter_amount)
	SELECT (d.submitted_at + 25200) / 86400, (c.online > 0) - (c.online - (NEW.status = 'paid' AND NEW.method = 'online') + (OLD.status = 'paid' AND OLD.method = 'online') > 0),
		CASE WHEN NEW.status = 'paid' AND NEW.method = 'online' THEN NEW.amount ELSE 0 END
			- CASE WHEN OLD.status = 'paid' AND OLD.method = 'online' THEN OLD.amount ELSE 0 END,
		(c.cash > 0) - (c.cash - (NEW.status = 'paid' AND NEW.method = 'cash') + (OLD.status = 'paid' AND OLD.method = 'cash') > 0),
		CASE WHEN NEW.status = 'paid' AND NEW.method = 'cash' THEN NEW.amount ELSE 0 END
			- CASE WHEN OLD.status = 'paid' AND OLD.method = 'cash' THEN OLD.amount ELSE 0 END
	FROM dossiers d, (SELECT count(CASE WHEN p.method = 'online' THEN 1 END) AS online, count(CASE WHEN p.method = 'cash' THEN 1 END) AS cash
		FROM payments p WHERE p.dossier_id = NEW.dossier_id AND p.status = 'paid') c
	WHERE d.id = NEW.dossier_id
	ON CONFLICT (day) DO UPDATE SET paid_online = paid_online + excluded.paid_online,
		paid_online_amount = paid_online_amount + excluded.paid_online_amount,
		paid_counter = paid_counter + excluded.paid_counter, paid_counter_amount = paid_counter_amount + excluded.paid_counter_amount;
END;

CREATE TRIGGER fee_cells_payment_delete AFTER DELETE ON payments
WHEN OLD.status = 'paid' AND EXISTS (SELECT 1 FROM dossier_fees f WHERE f.dossier_id = OLD.dossier_id)
BEGIN
	INSERT INTO fee_cells (day, paid_online, paid_online_amount, paid_counter, paid_counter_amount)
	SELECT (d.submitted_at + 25200) / 86400,
		-(OLD.method = 'online' AND NOT EXISTS (SELECT 1 FROM payments p WHERE p.dossier_id = OLD.dossier_id AND p.method = 'online' AND p.status = 'paid')),
		-CASE WHEN OLD.method = 'online' THEN OLD.amount ELSE 0 END,
		-(OLD.method = 'cash' AND NOT EXISTS (SELECT 1 FROM payments p WHERE p.dossier_id = OLD.dossier_id AND p.method = 'cash' AND p.status = 'paid')),
		-CASE WHEN OLD.method = 'cash' THEN OLD.amount ELSE 0 END
	FROM dossiers d WHERE d.id = OLD.dossier_id
	ON CONFLICT (day) DO UPDATE SET paid_online = paid_online + excluded.paid_online,
		paid_online_amount = paid_online_amount + excluded.paid_online_amount,
		paid_counter = paid_counter + excluded.paid_counter, paid_counter_amount = paid_counter_amount + excluded.paid_counter_amount;
END;

-- The summary's open dossiers (store/report_store.c, the "p" part of the cell statements: counts of
-- dossiers in work per receiving unit, resolver unit or procedure) read from the index alone: the
-- partial index of dossiers in work carries the columns those counts need, so SQLite scans it as a
-- covering index instead of visiting each open dossier's row (at 10,000,000 dossiers on
-- PostgreSQL, 227,754 open rows read from disk were 21.8 s of a 24 s summary).
DROP INDEX dossiers_open_received;
CREATE INDEX dossiers_open_received ON dossiers (status, received_at, due_at, extended_due_at, receiving_unit, resolver_unit, procedure_code)
	WHERE status IN ('received', 'processing', 'awaiting_supplement');
