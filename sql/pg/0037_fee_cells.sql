-- PostgreSQL 15 version of sql/sqlite/0037_fee_cells.sql (docs/postgresql.md): the summary's fee
-- figures from cells kept per local day of the dossier's submission, and the partial index of
-- dossiers in work covering the summary's open counts (issue 18 item 6). See the SQLite file for
-- what each figure is; here one function adds a contribution to a dossier's day and the triggers
-- compute it. dossier_fees.dossier_id, payments.dossier_id, method and amount and
-- dossiers.submitted_at are never changed after their insert; the triggers rely on it.
CREATE TABLE fee_cells (
	day BIGINT PRIMARY KEY,
	with_fee BIGINT NOT NULL DEFAULT 0,
	paid_online BIGINT NOT NULL DEFAULT 0,
	paid_online_amount BIGINT NOT NULL DEFAULT 0,
	paid_counter BIGINT NOT NULL DEFAULT 0,
	paid_counter_amount BIGINT NOT NULL DEFAULT 0,
	exempt BIGINT NOT NULL DEFAULT 0,
	exempt_amount BIGINT NOT NULL DEFAULT 0
);

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

CREATE FUNCTION fee_cells_add(p_dossier BIGINT, p_with_fee BIGINT, p_paid_online BIGINT,
	p_paid_online_amount BIGINT, p_paid_counter BIGINT, p_paid_counter_amount BIGINT,
	p_exempt BIGINT, p_exempt_amount BIGINT) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
	IF p_with_fee = 0 AND p_paid_online = 0 AND p_paid_online_amount = 0 AND p_paid_counter = 0
	   AND p_paid_counter_amount = 0 AND p_exempt = 0 AND p_exempt_amount = 0 THEN
		RETURN;
	END IF;
	INSERT INTO fee_cells AS c (day, with_fee, paid_online, paid_online_amount, paid_counter, paid_counter_amount, exempt, exempt_amount)
	SELECT (d.submitted_at + 25200) / 86400, p_with_fee, p_paid_online, p_paid_online_amount,
		p_paid_counter, p_paid_counter_amount, p_exempt, p_exempt_amount
	FROM dossiers d WHERE d.id = p_dossier
	ON CONFLICT (day) DO UPDATE SET with_fee = c.with_fee + excluded.with_fee,
		paid_online = c.paid_online + excluded.paid_online, paid_online_amount = c.paid_online_amount + excluded.paid_online_amount,
		paid_counter = c.paid_counter + excluded.paid_counter, paid_counter_amount = c.paid_counter_amount + excluded.paid_counter_amount,
		exempt = c.exempt + excluded.exempt, exempt_amount = c.exempt_amount + excluded.exempt_amount;
END;
$$;

-- A fee record's whole contribution (its own figures and its paid payments'), times sign.
CREATE FUNCTION fee_cells_record(p_dossier BIGINT, p_gross BIGINT, p_total BIGINT, p_exempt BIGINT,
	p_sign BIGINT) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
	n_on BIGINT; a_on BIGINT; n_ct BIGINT; a_ct BIGINT;
BEGIN
	SELECT count(CASE WHEN p.method = 'online' THEN 1 END), coalesce(sum(CASE WHEN p.method = 'online' THEN p.amount END), 0),
	       count(CASE WHEN p.method = 'cash' THEN 1 END), coalesce(sum(CASE WHEN p.method = 'cash' THEN p.amount END), 0)
	INTO n_on, a_on, n_ct, a_ct
	FROM payments p WHERE p.dossier_id = p_dossier AND p.status = 'paid';
	PERFORM fee_cells_add(p_dossier, p_sign * (p_gross > 0)::int, p_sign * (n_on > 0)::int, p_sign * a_on,
		p_sign * (n_ct > 0)::int, p_sign * a_ct, p_sign * p_exempt,
		p_sign * CASE WHEN p_exempt = 1 THEN p_gross - p_total ELSE 0 END);
END;
$$;

CREATE FUNCTION fee_cells_fees() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'INSERT' THEN
		IF NEW.gross > 0 OR NEW.exempt = 1 OR EXISTS (SELECT 1 FROM payments p
				WHERE p.dossier_id = NEW.dossier_id AND p.status = 'paid') THEN
			PERFORM fee_cells_record(NEW.dossier_id, NEW.gross, NEW.total, NEW.exempt, 1);
		END IF;
	ELSIF TG_OP = 'DELETE' THEN
		PERFORM fee_cells_record(OLD.dossier_id, OLD.gross, OLD.total, OLD.exempt, -1);
	ELSE
		PERFORM fee_cells_add(NEW.dossier_id, (NEW.gross > 0)::int - (OLD.gross > 0)::int, 0, 0, 0, 0,
			NEW.exempt - OLD.exempt,
			CASE WHEN NEW.exempt = 1 THEN NEW.gross - NEW.total ELSE 0 END
				- CASE WHEN OLD.exempt = 1 THEN OLD.gross - OLD.total ELSE 0 END);
	END IF;
	RETURN NULL;
END;
$$;
CREATE TRIGGER fee_cells_fees_insert AFTER INSERT ON dossier_fees FOR EACH ROW
EXECUTE FUNCTION fee_cells_fees();
CREATE TRIGGER fee_cells_fees_update AFTER UPDATE ON dossier_fees FOR EACH ROW
WHEN (OLD.gross IS DISTINCT FROM NEW.gross OR OLD.total IS DISTINCT FROM NEW.total OR OLD.exempt IS DISTINCT FROM NEW.exempt)
EXECUTE FUNCTION fee_cells_fees();
CREATE TRIGGER fee_cells_fees_delete AFTER DELETE ON dossier_fees FOR EACH ROW
EXECUTE FUNCTION fee_cells_fees();

-- A payment's change: the dossier's count of paid payments of a method after the change (c) and
-- before it (c, less the new row's, plus the old row's); the dossier counts when that count is
-- above 0. Only for dossiers with a fee record.
CREATE FUNCTION fee_cells_payment() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	d BIGINT; c_on BIGINT; c_ct BIGINT;
	new_on INT := 0; new_ct INT := 0; old_on INT := 0; old_ct INT := 0;
	amt_on BIGINT := 0; amt_ct BIGINT := 0;
BEGIN
	IF TG_OP <> 'DELETE' THEN
		d := NEW.dossier_id;
		new_on := (NEW.status = 'paid' AND NEW.method = 'online')::int;
		new_ct := (NEW.status = 'paid' AND NEW.method = 'cash')::int;
		amt_on := new_on * NEW.amount;
		amt_ct := new_ct * NEW.amount;
	END IF;
	IF TG_OP <> 'INSERT' THEN
		d := OLD.dossier_id;
		old_on := (OLD.status = 'paid' AND OLD.method = 'online')::int;
		old_ct := (OLD.status = 'paid' AND OLD.method = 'cash')::int;
		amt_on := amt_on - old_on * OLD.amount;
		amt_ct := amt_ct - old_ct * OLD.amount;
	END IF;
	IF NOT EXISTS (SELECT 1 FROM dossier_fees f WHERE f.dossier_id = d) THEN
		RETURN NULL;
	END IF;
	SELECT count(CASE WHEN p.method = 'online' THEN 1 END), count(CASE WHEN p.method = 'cash' THEN 1 END)
	INTO c_on, c_ct FROM payments p WHERE p.dossier_id = d AND p.status = 'paid';
	PERFORM fee_cells_add(d, 0, (c_on > 0)::int - (c_on - new_on + old_on > 0)::int, amt_on,
		(c_ct > 0)::int - (c_ct - new_ct + old_ct > 0)::int, amt_ct, 0, 0);
	RETURN NULL;
END;
$$;
CREATE TRIGGER fee_cells_payment_insert AFTER INSERT ON payments FOR EACH ROW
WHEN (NEW.status = 'paid') EXECUTE FUNCTION fee_cells_payment();
CREATE TRIGGER fee_cells_payment_update AFTER UPDATE OF status ON payments FOR EACH ROW
WHEN ((OLD.status = 'paid') <> (NEW.status = 'paid')) EXECUTE FUNCTION fee_cells_payment();
CREATE TRIGGER fee_cells_payment_delete AFTER DELETE ON payments FOR EACH ROW
WHEN (OLD.status = 'paid') EXECUTE FUNCTION fee_cells_payment();

-- The summary's open dossiers read from the index alone (an index-only scan of the partial index
-- of dossiers in work, which now carries the columns the summary's open counts need): at
-- 10,000,000 dossiers, 227,754 open rows read from the heap were 21.8 s of a 24 s summary.
DROP INDEX dossiers_open_received;
CREATE INDEX dossiers_open_received ON dossiers (status, received_at)
	INCLUDE (due_at, extended_due_at, receiving_unit, resolver_unit, procedure_code)
	WHERE status IN ('received', 'processing', 'awaiting_supplement');
