#!/bin/sh
# The PostgreSQL schema (sql/pg/) against the SQLite one (sql/sqlite/), on a throwaway server
# (scripts/pg.sh; docs/postgresql.md):
#   (a) every table, column (type, NOT NULL, default), index and trigger of SQLite after all its
#       migrations exists in PostgreSQL after all of its own (PostgreSQL's extra rowid columns aside);
#   (b) the compatibility functions answer as SQLite does;
#   (c) one scenario of INSERT/UPDATE/DELETE statements, run on both between the migrations (so
#       that the data migrations of 0012 and 0017 have rows to rebuild) and after them (so that
#       0012's and 0017's triggers keep the cells), leaves the same rows in every table the
#       triggers and data migrations write.
# usage: tests/pg/test_schema.sh   exits 0 when all agree, 1 on a difference, 77 (skipped) when
# sqlite3, psql or PostgreSQL 15 is missing.
set -eu

root=$(cd "$(dirname "$0")/../.." && pwd)
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
for tool in sqlite3 psql "$PGBIN/initdb"; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "test_schema: $tool is missing: skipped (scripts/install-deps.sh installs it)"
		exit 77
	fi
done

pgdir=$(mktemp -d)
work=$(mktemp -d)
cleanup()
{
	sh "$root/scripts/pg.sh" stop "$pgdir" || true
	rm -rf "$pgdir" "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

url=$(sh "$root/scripts/pg.sh" start "$pgdir")
db=$work/motcua.db
fail=0

pg()
{
	psql "$url" -X -q -v ON_ERROR_STOP=1 "$@"
}

lite()
{
	sqlite3 -bail -batch "$db" "$@"
}

# Applies the migrations numbered $1..$2 to both databases.
migrate()
{
	for f in "$root"/sql/sqlite/*.sql; do
		n=$(basename "$f" | cut -c1-4)
		if [ "$n" -ge "$1" ] && [ "$n" -le "$2" ]; then
			lite <"$f"
			pg --single-transaction -f "$root/sql/pg/$(basename "$f")" >/dev/null
		fi
	done
}

# Runs the SQL on stdin on both databases (with SQLite's foreign keys on, as db_sqlite.c has them).
both()
{
	cat >"$work/step.sql"
	{
		echo "PRAGMA foreign_keys=ON;"
		cat "$work/step.sql"
	} | lite
	pg --single-transaction -f "$work/step.sql" >/dev/null
}

# Compares the rows of the tables the triggers and data migrations write; $1 names the moment.
snapshot()
{
	q="SELECT * FROM report_cells ORDER BY kind, day, key;
SELECT '--';
SELECT * FROM report_keys ORDER BY kind, key;
SELECT '--';
SELECT * FROM dossiers ORDER BY id;
SELECT '--';
SELECT * FROM dossier_components ORDER BY dossier_id, component_id;
SELECT '--';
SELECT * FROM dossier_steps ORDER BY dossier_id, idx;"
	lite -separator '|' "$q" >"$work/lite.txt"
	printf '%s\n' "$q" | pg -tA -F '|' >"$work/pg.txt"
	if ! diff -u "$work/lite.txt" "$work/pg.txt" >"$work/diff.txt"; then
		echo "FAIL (c) $1: the rows differ (- SQLite, + PostgreSQL):"
		cat "$work/diff.txt"
		fail=1
	else
		echo "ok (c) $1: $(grep -vc '^--$' "$work/lite.txt") rows agree"
	fi
}

# --- (c) the scenario, interleaved with the migrations ---------------------------------------
migrate 1 11
# Before 0012: what 0012's data migration rebuilds the cells from.
both <<'EOF'
INSERT INTO units (code, name, search_key, kind, subkind, active, created_at) VALUES
	('U1', 'Trung tâm Phục vụ hành chính công', 'trung tam', 'center', NULL, 1, 1690000000),
	('U2', 'UBND phường Hoàn Kiếm', 'ubnd phuong hoan kiem', 'commune_pc', 'phuong', 1, 1690000000),
	('U3', 'Sở Tư pháp', 'so tu phap', 'department', NULL, 1, 1690000000);
INSERT INTO users (id, username, password_hash, full_name, id_number, active, created_at) VALUES
	(1, 'rec1', 'x', 'Nguyễn Văn A', NULL, 1, 1690000000),
	(2, 'appr1', 'x', 'Trần Thị B', NULL, 1, 1690000000),
	(3, '001099000001', 'x', 'Lê Văn C', '001099000001', 1, 1690000000),
	(4, 'proc1', 'x', 'Phạm D', NULL, 1, 1690000000),
	(5, 'rec2', 'x', 'Đỗ E', NULL, 1, 1690000000);
INSERT INTO user_roles (user_id, role, unit_code) VALUES
	(1, 'receiver', 'U1'), (2, 'approver', 'U3'), (3, 'citizen', NULL), (4, 'processor', 'U3'),
	(5, 'receiver', 'U1');
INSERT INTO procedures (code, version, name, search_key, field, field_key, level, duration_value,
	duration_unit, fee_vnd, online, resolver_kind, resolver_unit, result, latest, created_at,
	created_by) VALUES
	('1.000001', 1, 'Chứng thực bản sao', 'chung thuc ban sao', 'Chứng thực', 'chung thuc', 'city', 2,
	'working_days', 2000, 'full', 'unit', 'U3', 'Bản sao', 1, 1690000000, 'admin');
INSERT INTO dossiers (id, code, status, procedure_code, procedure_version, procedure_name,
	applicant_kind, applicant_name, applicant_id, search_key, channel, receiving_unit, served_unit,
	resolver_unit, return_unit, return_channel, duration_value, duration_unit, submitted_at,
	received_at, due_at, supplement_requests, decided_at, decision, timeliness, result_document,
	returned_at, rating, rated_at, tracking_secret, created_by) VALUES
	(1, 'U1-231115-0001', 'returned', '1.000001', 1, 'Chứng thực bản sao', 'person', 'Lê Văn C',
	'001099000001', 'le van c', 'counter', 'U1', 'U1', 'U3', 'U1', 'counter', 2, 'working_days',
	1700000000, 1700000000, 1700200000, 1, 1700100000, 'approved', 'on_time', 'doc-r1',
	1700150000, 'very_satisfied', 1700160000, 's1', 'rec1'),
	(2, 'U1-231115-0002', 'stopped', '1.000001', 1, 'Chứng thực bản sao', 'person', 'Lê Văn C',
	'001099000001', 'le van c', 'online', 'U1', 'U1', 'U3', 'U1', 'online', 2, 'working_days',
	1700003000, 1700061000, NULL, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 's2',
	'001099000001'),
	(3, 'U1-231116-0001', 'refused', '1.000001', 1, 'Chứng thực bản sao', 'organization',
	'Công ty X', '0101234567', 'cong ty x', 'post', 'U1', 'U2', 'U3', 'U2', 'post', 2,
	'working_days', 1700060000, NULL, NULL, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 's3',
	'rec2'),
	(4, 'U1-231116-0002', 'processing', '1.000001', 1, 'Chứng thực bản sao', 'person', 'Đỗ F',
	'001099000002', 'do f', 'counter', 'U1', 'U1', 'U3', 'U1', 'counter', 2, 'working_days',
	1700061000, 1700061200, 1700300000, 2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 's4',
	'rec1');
INSERT INTO dossier_components (dossier_id, component_id, provided, document, needed) VALUES
	(1, 'c1', 1, 'doc-1', 1), (1, 'c2', 1, 'doc-2', 1), (1, 'c3', 1, NULL, 0),
	(3, 'c1', 1, NULL, 1), (4, 'c1', 1, NULL, 1), (4, 'c2', 1, 'doc-3', 1);
INSERT INTO dossier_steps (dossier_id, idx, name, unit, role, duration_value, duration_unit,
	started_at, due_at, done_at, done_by, timeliness) VALUES
	(1, 0, 'Thẩm định', 'U3', 'processor', 1, 'working_days', 1700000000, 1700090000, 1700050000,
	'proc1', 'early'),
	(1, 1, 'Phê duyệt', 'U3', 'approver', 1, 'working_days', 1700050000, 1700140000, 1700100000,
	'appr1', 'early'),
	(4, 0, 'Thẩm định', 'U3', 'processor', 1, 'working_days', 1700061200, 1700150000, NULL, NULL,
	NULL);
INSERT INTO dossier_events (id, dossier_id, at, action, actor, unit, from_status, to_status,
	detail) VALUES
	(1, 1, 1700000000, 'intake', 'rec1', 'U1', NULL, 'received', '{}'),
	(2, 1, 1700100000, 'decide', 'appr1', 'U3', 'processing', 'ready_for_return', '{}'),
	(3, 1, 1700150000, 'return', 'rec2', 'U1', 'ready_for_return', 'returned', '{}'),
	(4, 2, 1700003000, 'submit', '001099000001', NULL, NULL, 'submitted', '{}'),
	(5, 2, 1700061000, 'receive', 'rec2', 'U1', 'submitted', 'received', '{}'),
	(6, 2, 1700070000, 'stop', '001099000001', NULL, 'received', 'stopped', '{}'),
	(7, 3, 1700060000, 'refuse', 'rec2', 'U1', NULL, 'refused', '{}'),
	(8, 4, 1700061200, 'intake', 'rec1', 'U1', NULL, 'received', '{}');
EOF
migrate 12 12
snapshot "after 0012's data migration"

# 0012's triggers at work (before 0017).
both <<'EOF'
INSERT INTO dossiers (id, code, status, procedure_code, procedure_version, procedure_name,
	applicant_kind, applicant_name, applicant_id, search_key, channel, receiving_unit, served_unit,
	resolver_unit, return_unit, return_channel, duration_value, duration_unit, submitted_at,
	received_at, tracking_secret, created_by) VALUES
	(5, 'U2-231117-0001', 'received', '1.000001', 1, 'Chứng thực bản sao (mới)', 'person', 'Vũ G',
	'001099000003', 'vu g', 'counter', 'U2', 'U2', 'U3', 'U2', 'counter', 2, 'working_days',
	1700150000, 1700150000, 's5', 'rec2');
INSERT INTO dossier_components (dossier_id, component_id, provided, document, needed) VALUES
	(5, 'c1', 1, NULL, 1), (5, 'c2', 0, NULL, 1);
UPDATE dossier_components SET document = 'doc-5' WHERE dossier_id = 5 AND component_id = 'c1';
UPDATE dossier_components SET document = 'doc-4' WHERE dossier_id = 4;
UPDATE dossiers SET supplement_requests = supplement_requests + 1, received_at = 1700111000,
	status = 'awaiting_supplement' WHERE id = 4;
UPDATE dossiers SET status = 'stopped' WHERE id = 5;
EOF
migrate 13 16
snapshot "with 0012's triggers"
migrate 17 17
snapshot "after 0017's data migration"

# 0017's triggers at work.
both <<'EOF'
INSERT INTO dossiers (id, code, status, procedure_code, procedure_version, procedure_name,
	applicant_kind, applicant_name, applicant_id, search_key, channel, receiving_unit, served_unit,
	resolver_unit, return_unit, return_channel, duration_value, duration_unit, submitted_at,
	received_at, decided_at, decision, timeliness, tracking_secret, created_by, received_by,
	decided_by) VALUES
	(6, 'U1-231118-0001', 'ready_for_return', '1.000001', 1, 'Chứng thực bản sao', 'person',
	'Hồ H', '001099000004', 'ho h', 'counter', 'U1', 'U1', 'U1', 'U1', 'counter', 0, 'same_day',
	1700250000, 1700250000, 1700260000, 'denied', 'early', 's6', 'rec1', 'rec1', 'rec1');
INSERT INTO dossier_components (dossier_id, component_id, provided, document, needed) VALUES
	(6, 'c1', 1, NULL, 1);
INSERT INTO dossier_events (id, dossier_id, at, action, actor, unit, from_status, to_status,
	detail) VALUES
	(9, 6, 1700270000, 'return', 'rec2', 'U1', 'ready_for_return', 'returned', '{}'),
	(10, 4, 1700280000, 'receive', 'rec2', 'U1', 'awaiting_supplement', 'processing', '{}'),
	(11, 5, 1700290000, 'stop', 'rec1', 'U2', 'received', 'stopped', '{}'),
	(12, 4, 1700290000, 'stop', '001099000001', NULL, 'processing', 'stopped', '{}');
UPDATE dossiers SET status = 'returned', returned_at = 1700270000 WHERE id = 6;
UPDATE dossiers SET rating = 'satisfied', rated_at = 1700280000 WHERE id = 6;
UPDATE dossiers SET rating = 'unsatisfied' WHERE id = 1;
UPDATE dossier_steps SET done_at = 1700300000, done_by = 'proc1', timeliness = 'late'
	WHERE dossier_id = 4 AND idx = 0;
INSERT INTO dossier_steps (dossier_id, idx, name, unit, role, duration_value, duration_unit,
	started_at, due_at, done_at, done_by, timeliness) VALUES
	(6, 0, 'Thẩm định', 'U1', 'processor', 1, 'same_day', 1700250000, 1700260000, 1700255000,
	'proc1', 'early'),
	(6, 1, 'Duyệt', 'U1', 'approver', 1, 'same_day', 1700255000, 1700260000, 1700259000,
	'appr1', 'early');
UPDATE dossier_steps SET done_by = 'rec1' WHERE dossier_id = 1 AND idx = 0;
DELETE FROM dossier_steps WHERE dossier_id = 6 AND idx = 1;
UPDATE dossiers SET decided_at = 1700300000, decision = 'approved', timeliness = 'late',
	result_document = 'doc-r3', receiving_unit = 'U2' WHERE id = 3;
DELETE FROM dossier_components WHERE dossier_id = 5 AND component_id = 'c2';
DELETE FROM dossier_components WHERE dossier_id = 4;
DELETE FROM dossier_steps WHERE dossier_id = 4;
DELETE FROM dossier_events WHERE dossier_id = 4;
DELETE FROM dossiers WHERE id = 4;
EOF
snapshot "with 0017's triggers"
migrate 18 36

# Fees (0037): the day cells of the fee figures, rebuilt by the data migration and kept by the
# triggers, equal on both engines and equal to the figures summed from the rows (the statement
# store/fee_store.c runs for a scoped summary), day by day. $2: the non-empty cells expected.
snapshot_fees()
{
	q="SELECT * FROM fee_cells WHERE with_fee <> 0 OR paid_online <> 0 OR paid_online_amount <> 0
	OR paid_counter <> 0 OR paid_counter_amount <> 0 OR exempt <> 0 OR exempt_amount <> 0 ORDER BY day;"
	rows="SELECT * FROM (SELECT (d.submitted_at + 25200) / 86400 AS day,
	count(CASE WHEN f.gross > 0 THEN 1 END) AS a, count(p_on.n) AS b, coalesce(sum(p_on.amount), 0) AS c,
	count(p_ct.n) AS e, coalesce(sum(p_ct.amount), 0) AS g, count(CASE WHEN f.exempt = 1 THEN 1 END) AS h,
	coalesce(sum(CASE WHEN f.exempt = 1 THEN f.gross - f.total ELSE 0 END), 0) AS i
	FROM dossier_fees f JOIN dossiers d ON d.id = f.dossier_id
	LEFT JOIN (SELECT dossier_id, count(*) AS n, sum(amount) AS amount FROM payments
		WHERE method = 'online' AND status = 'paid' GROUP BY dossier_id) p_on ON p_on.dossier_id = f.dossier_id
	LEFT JOIN (SELECT dossier_id, count(*) AS n, sum(amount) AS amount FROM payments
		WHERE method = 'cash' AND status = 'paid' GROUP BY dossier_id) p_ct ON p_ct.dossier_id = f.dossier_id
	GROUP BY 1) s WHERE a <> 0 OR b <> 0 OR c <> 0 OR e <> 0 OR g <> 0 OR h <> 0 OR i <> 0 ORDER BY day;"
	lite -separator '|' "$q" >"$work/lite.txt"
	printf '%s\n' "$q" | pg -tA -F '|' >"$work/pg.txt"
	lite -separator '|' "$rows" >"$work/rows.txt"
	if [ "$(cat "$work/lite.txt")" != "$2" ]; then
		echo "FAIL (c) $1: the fee cells are not the expected ones:"
		cat "$work/lite.txt"
		fail=1
	elif ! diff -u "$work/lite.txt" "$work/pg.txt" >"$work/diff.txt" ||
		! diff -u "$work/lite.txt" "$work/rows.txt" >>"$work/diff.txt"; then
		echo "FAIL (c) $1: the fee cells differ (SQLite's cells, PostgreSQL's, the rows' sums):"
		cat "$work/diff.txt"
		fail=1
	else
		echo "ok (c) $1: $(wc -l <"$work/lite.txt") fee cells agree with each other and the rows"
	fi
}
both <<'EOF'
INSERT INTO dossier_fees (dossier_id, channel, declared, lines, gross, total, paid, refunded, exempt,
	exemption_code, exemption_reason, exemption_paper, updated_at) VALUES
	(1, 'counter', '{}', '[]', 50000, 50000, 50000, 0, 0, NULL, NULL, NULL, 1700000000),
	(2, 'online', '{}', '[]', 400000, 0, 0, 0, 1, 'stepparent', 'Mẹ kế', 'Giấy kết hôn', 1700000000),
	(3, 'counter', '{}', '[]', 0, 0, 0, 0, 0, NULL, NULL, NULL, 1700000000),
	(5, 'counter', '{}', '[]', 20000, 20000, 20000, 0, 0, NULL, NULL, NULL, 1700000000);
INSERT INTO payments (id, dossier_id, order_id, method, amount, status, agency, receipt_no,
	gateway_ref, created_at, created_by, paid_at) VALUES
	(1, 1, 'O1', 'cash', 30000, 'paid', 'U1', 'R1', NULL, 1700000000, 'rec1', 1700000000),
	(2, 1, 'O2', 'online', 20000, 'paid', 'U1', 'R2', 'G2', 1700000000, 'rec1', 1700000000),
	(3, 5, 'O3', 'online', 20000, 'failed', 'U1', NULL, 'G3', 1700000000, 'rec1', NULL),
	(4, 5, 'O4', 'cash', 20000, 'paid', 'U1', 'R4', NULL, 1700000000, 'rec1', 1700000000),
	(5, 6, 'O5', 'cash', 1000, 'paid', 'U1', 'R5', NULL, 1700000000, 'rec1', 1700000000);
EOF
migrate 37 37
snapshot_fees "after 0037's data migration" "$(printf '%s\n' '19676|2|1|20000|1|30000|1|400000' '19677|1|0|0|1|20000|0|0')"
both <<'EOF'
INSERT INTO payments (id, dossier_id, order_id, method, amount, status, agency, receipt_no,
	gateway_ref, created_at, created_by, paid_at) VALUES
	(6, 1, 'O6', 'cash', 5000, 'paid', 'U1', 'R6', NULL, 1700000000, 'rec1', 1700000000);
UPDATE payments SET status = 'refunded', refunded_at = 1700100000 WHERE id = 1;
UPDATE payments SET status = 'paid', paid_at = 1700100000 WHERE id = 3;
UPDATE payments SET gateway_ref = 'G2b' WHERE id = 2;
UPDATE dossier_fees SET exempt = 0, total = 400000, exemption_code = NULL, exemption_reason = NULL,
	exemption_paper = NULL WHERE dossier_id = 2;
UPDATE dossier_fees SET gross = 10000, total = 10000 WHERE dossier_id = 3;
UPDATE dossier_fees SET exempt = 1, total = 0, exemption_code = 'x', exemption_reason = 'y',
	exemption_paper = 'z' WHERE dossier_id = 3;
INSERT INTO dossier_fees (dossier_id, channel, declared, lines, gross, total, paid, refunded, exempt,
	exemption_code, exemption_reason, exemption_paper, updated_at) VALUES
	(6, 'counter', '{}', '[]', 1000, 1000, 1000, 0, 0, NULL, NULL, NULL, 1700000000);
DELETE FROM payments WHERE id = 4;
UPDATE payments SET status = 'refunded', refunded_at = 1700200000 WHERE id = 6;
EOF
snapshot_fees "with 0037's triggers" "$(printf '%s\n' '19676|3|1|20000|0|0|1|10000' '19677|1|1|20000|0|0|0|0' '19679|1|0|0|1|1000|0|0')"
both <<'EOF'
DELETE FROM payments WHERE dossier_id = 5;
DELETE FROM dossier_fees WHERE dossier_id = 5;
DELETE FROM dossier_fees WHERE dossier_id = 1;
EOF
snapshot_fees "with 0037's delete triggers" "$(printf '%s\n' '19676|2|0|0|0|0|1|10000' '19679|1|0|0|1|1000|0|0')"
migrate 38 44

# 0040's one insert trigger (report_insert, in place of three): a dossier in each state its parts
# count, at keys and days that have cells and keys already and at new ones, with an earlier first
# act (the key's first_at moves back) and a later-sorting procedure name (the key's name moves).
both <<'EOF'
INSERT INTO dossiers (id, code, status, procedure_code, procedure_version, procedure_name,
	applicant_kind, applicant_name, applicant_id, search_key, channel, receiving_unit, served_unit,
	resolver_unit, return_unit, return_channel, duration_value, duration_unit, submitted_at,
	received_at, decided_at, decision, timeliness, returned_at, rating, rated_at, tracking_secret,
	created_by, received_by, decided_by, closed_by, returned_by) VALUES
	(7, 'U1-231118-0002', 'received', '1.000001', 1, 'Chứng thực bản sao', 'person', 'Vũ K',
	'001099000007', 'vu k', 'counter', 'U1', 'U1', 'U3', 'U1', 'counter', 2, 'working_days',
	1700250100, 1700250100, NULL, NULL, NULL, NULL, NULL, NULL, 's7', 'rec2', 'rec2', NULL, NULL,
	NULL),
	(8, 'U1-231119-0001', 'submitted', '1.000001', 1, 'Chứng thực bản sao', 'person', 'Lê Văn C',
	'001099000001', 'le van c', 'online', 'U1', 'U1', 'U3', 'U1', 'online', 2, 'working_days',
	1700350000, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 's8', '001099000001', NULL, NULL, NULL,
	NULL),
	(9, 'U2-231010-0001', 'returned', '1.000001', 1, 'Chứng thực bản sao (bản điện tử)', 'person',
	'Ngô L', '001099000009', 'ngo l', 'post', 'U2', 'U2', 'U3', 'U2', 'post', 2, 'working_days',
	1696900000, 1696900500, 1697000000, 'approved', 'on_time', 1697100000, 'very_satisfied',
	1697200000, 's9', 'rec1', 'rec1', 'appr1', NULL, 'rec2'),
	(10, 'U1-231120-0001', 'stopped', '1.000001', 1, 'Chứng thực bản sao', 'person', 'Đinh M',
	'001099000010', 'dinh m', 'counter', 'U1', 'U1', 'U3', 'U1', 'counter', 2, 'working_days',
	1700450000, 1700450000, NULL, NULL, NULL, NULL, NULL, NULL, 's10', 'rec1', 'rec1', NULL,
	'proc1', NULL),
	(11, 'U2-231120-0001', 'refused', '1.000001', 1, 'Chứng thực bản sao', 'person', 'Mai N',
	'001099000011', 'mai n', 'counter', 'U2', 'U2', 'U2', 'U2', 'counter', 2, 'working_days',
	1700460000, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 's11', 'rec2', NULL, NULL, 'rec2', NULL);
EOF
snapshot "with 0040's one insert trigger"
# From 0045 on, a new dossier's cells and keys are written by the store at COMMIT, not by a
# trigger (src/store/report_batch.c; tests/unit/test_report_batch.c compares the two).
migrate 45 99

# --- (a) the same tables, columns, indexes and triggers --------------------------------------
lite -separator '|' "SELECT m.name, p.name,
	CASE p.type WHEN 'INTEGER' THEN 'bigint' WHEN 'TEXT' THEN 'text' WHEN 'BLOB' THEN 'bytea'
		WHEN 'REAL' THEN 'double precision' ELSE p.type END,
	CASE WHEN p.pk > 0 THEN 1 ELSE p.\"notnull\" END, coalesce(p.dflt_value, '')
	FROM sqlite_schema m, pragma_table_info(m.name) p
	WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' ORDER BY 1, 2" >"$work/cols.lite"
pg -tA -F '|' -c "SELECT table_name, column_name, data_type,
	CASE is_nullable WHEN 'NO' THEN 1 ELSE 0 END,
	coalesce(regexp_replace(column_default, '::(text|bigint)$', ''), '')
	FROM information_schema.columns WHERE table_schema = 'public'
	AND NOT (column_name = 'rowid' AND table_name IN ('units', 'user_roles', 'sessions',
		'idempotency_keys'))
	ORDER BY 1, 2" >"$work/cols.pg"
if diff -u "$work/cols.lite" "$work/cols.pg"; then
	echo "ok (a) $(wc -l <"$work/cols.lite") columns of $(cut -d'|' -f1 "$work/cols.lite" |
		uniq | wc -l) tables agree (name, type, NOT NULL, default)"
else
	echo "FAIL (a) columns differ (- SQLite, + PostgreSQL)"
	fail=1
fi
for t in units user_roles sessions idempotency_keys; do
	r=$(pg -tA -c "SELECT count(*) FROM pg_indexes WHERE tablename = '$t'
		AND indexdef LIKE 'CREATE UNIQUE INDEX % (rowid)'")
	if [ "$r" != 1 ]; then
		echo "FAIL (a) $t has no unique rowid column"
		fail=1
	fi
done
lite "SELECT type || ' ' || name FROM sqlite_schema WHERE type IN ('index', 'trigger')
	AND name NOT LIKE 'sqlite_autoindex_%' ORDER BY 1" >"$work/objs.lite"
# Migration 0047 dropped this one on SQLite alone (no SQLite plan reads it; PostgreSQL's do).
pg -tA -c "SELECT o FROM (SELECT 'index ' || indexname AS o FROM pg_indexes
	WHERE schemaname = 'public' AND indexname NOT LIKE '%\_pkey' AND indexname NOT LIKE '%\_key'
	AND indexname <> 'dossiers_open_due'
	UNION ALL SELECT 'trigger ' || tgname FROM pg_trigger WHERE NOT tgisinternal) s
	ORDER BY 1" >"$work/objs.pg"
for i in dossiers_open_due; do
	if [ "$(pg -tA -c "SELECT count(*) FROM pg_indexes WHERE indexname = '$i'")" != 1 ]; then
		echo "FAIL (a) PostgreSQL lost $i (kept there: sql/pg/0047)"
		fail=1
	fi
done
if diff -u "$work/objs.lite" "$work/objs.pg"; then
	echo "ok (a) $(wc -l <"$work/objs.lite") indexes and triggers agree"
else
	echo "FAIL (a) indexes or triggers differ (- SQLite, + PostgreSQL)"
	fail=1
fi

# --- (b) the compatibility functions ---------------------------------------------------------
check()
{
	got=$(pg -tA -c "$1")
	want=$(lite "$1")
	if [ "$got" = "$2" ] && [ "$want" = "$2" ]; then
		echo "ok (b) $1 = $2"
	else
		echo "FAIL (b) $1: PostgreSQL '$got', SQLite '$want', expected '$2'"
		fail=1
	fi
}
check "SELECT instr('abc', 'c')" 3
check "SELECT instr('abc', 'x')" 0
check "SELECT instr('phường hoàn kiếm', 'hoàn')" 8
check "SELECT value FROM json_each('[\"a\",\"b\"]')" "a
b"
check "SELECT count(*) FROM json_each('[]')" 0
check "SELECT max(3, 7), min(3, 7)" "7|3"
check "SELECT coalesce(max(3, NULL), -1)" -1
# A text parameter (as the stores bind it) picks json_each(text), not the built-in json_each(json).
got=$(pg -tA -c "PREPARE p(text) AS SELECT value FROM json_each(\$1)" \
	-c "EXECUTE p('[\"x\",\"y\"]')" -c "PREPARE q AS SELECT value FROM json_each(\$1)" \
	-c "EXECUTE q('[\"z\"]')" | tr '\n' ' ')
if [ "$got" = "x y z " ]; then
	echo "ok (b) json_each(\$1) with a text or untyped parameter gives the elements as text"
else
	echo "FAIL (b) json_each(\$1): '$got'"
	fail=1
fi

if [ $fail -ne 0 ]; then
	echo "test_schema: FAILED"
	exit 1
fi
echo "test_schema: PostgreSQL and SQLite agree"
