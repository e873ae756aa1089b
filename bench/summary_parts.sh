#!/usr/bin/env bash
# The city-wide summary's statements before and after migration 0037 (issue 18 item 6;
# bench/README.md "The summary's parts"), timed on a data set that bench/dossiers.sh generated and
# cached: the fee figures summed from the rows (store/fee_store.c SQL_FIGURES, what every summary
# ran before) against the same figures from fee_cells, and the open dossiers' counts (the "p" part
# of store/report_store.c's cell statements) with the partial index of dossiers in work covering
# them against the index as it was (received_at alone), plus the day cells' part for scale.
#
# The generator writes no fees, so inside one transaction the script first gives every third
# dossier a fee record of 50,000 đ (one in ten of those exempt) and a paid payment to half of the
# others (cash or online), which the 0037 triggers count into fee_cells as intake and payment
# would; it times the statements BENCH_ROUNDS times (default 3) in the order old, new, old, new;
# recreates the old index and times the open part again; and rolls everything back, so the cached
# set is left as it was. The period is the set's last 365 days.
#
# usage: bench/summary_parts.sh sqlite|pg   (after `BENCH_ENGINES=<engine> BENCH_PREPARE_ONLY=1
#        bench/dossiers.sh`, with the same BENCH_DOSSIERS_N / BENCH_PG_DOSSIERS_N)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
engine=${1:-sqlite}
rounds=${BENCH_ROUNDS:-3}
work=$(mktemp -d)
pg_dir=
cleanup() {
	[ -z "$pg_dir" ] || sh "$root/scripts/pg.sh" stop "$pg_dir" >/dev/null 2>&1 || true
	rm -rf "$work"
}
trap cleanup EXIT

case $engine in
sqlite)
	cache=$root/bench/.cache/dossiers-${BENCH_DOSSIERS_N:-1000000}
	db=$cache/data/motcua.db
	[ -f "$cache/stamp" ] && [ -f "$db" ] || { echo "bench: no SQLite set in $cache" >&2; exit 1; }
	;;
pg)
	cache=$root/bench/.cache/pg-dossiers-${BENCH_PG_DOSSIERS_N:-10000000}
	[ -f "$cache/stamp" ] || { echo "bench: no PostgreSQL set in $cache" >&2; exit 1; }
	pg_dir=$cache/pg
	url=$(sh "$root/scripts/pg.sh" start "$pg_dir")
	;;
*)
	echo "usage: bench/summary_parts.sh sqlite|pg" >&2
	exit 2
	;;
esac

# Runs SQL (stdin) in one session; prints what it prints.
run_sql() {
	if [ "$engine" = sqlite ]; then
		sqlite3 -bail -batch "$db"
	else
		psql -XAqt -v ON_ERROR_STOP=1 "$url"
	fi
}

# The last 365 whole local days (UTC+7) of the set, so that rows and cells count the same dossiers.
last=$(echo "SELECT max(submitted_at) FROM dossiers;" | run_sql)
day_to=$(((last + 25200) / 86400))
day_from=$((day_to - 364))
from=$((day_from * 86400 - 25200))
to=$(((day_to + 1) * 86400 - 25200 - 1))

fees_rows="SELECT count(CASE WHEN f.gross > 0 THEN 1 END), count(p_on.n), coalesce(sum(p_on.amount), 0),
 count(p_ct.n), coalesce(sum(p_ct.amount), 0), count(CASE WHEN f.exempt = 1 THEN 1 END),
 coalesce(sum(CASE WHEN f.exempt = 1 THEN f.gross - f.total ELSE 0 END), 0)
 FROM dossier_fees f JOIN dossiers d ON d.id = f.dossier_id
 LEFT JOIN (SELECT dossier_id, count(*) AS n, sum(amount) AS amount FROM payments
 WHERE method = 'online' AND status = 'paid' GROUP BY dossier_id) p_on ON p_on.dossier_id = f.dossier_id
 LEFT JOIN (SELECT dossier_id, count(*) AS n, sum(amount) AS amount FROM payments
 WHERE method = 'cash' AND status = 'paid' GROUP BY dossier_id) p_ct ON p_ct.dossier_id = f.dossier_id
 WHERE d.submitted_at BETWEEN $from AND $to AND (NULL IS NULL OR EXISTS (SELECT 1 FROM
 dossier_units u WHERE u.dossier_id = d.id AND u.unit IN (SELECT value FROM json_each(CAST(NULL AS TEXT)))));"
fees_cells="SELECT coalesce(sum(with_fee), 0), coalesce(sum(paid_online), 0),
 coalesce(sum(paid_online_amount), 0), coalesce(sum(paid_counter), 0),
 coalesce(sum(paid_counter_amount), 0), coalesce(sum(exempt), 0),
 coalesce(sum(exempt_amount), 0) FROM fee_cells WHERE day BETWEEN $day_from AND $day_to;"
open_part="SELECT count(*), sum(within), sum(past_due), sum(paused) FROM (SELECT d.receiving_unit AS key,
 sum(CASE WHEN d.status IN ('received', 'processing') AND d.received_at <= $to AND coalesce(d.extended_due_at, d.due_at) >= $to THEN 1 ELSE 0 END) AS within,
 sum(CASE WHEN d.status IN ('received', 'processing') AND d.received_at <= $to AND coalesce(d.extended_due_at, d.due_at) < $to THEN 1 ELSE 0 END) AS past_due,
 sum(CASE WHEN d.status = 'awaiting_supplement' AND d.received_at <= $to THEN 1 ELSE 0 END) AS paused
 FROM dossiers d WHERE d.status IN ('received', 'processing', 'awaiting_supplement') GROUP BY d.receiving_unit) p;"
day_cells="SELECT count(*), sum(r) FROM (SELECT key, sum(recv_counter + recv_online + recv_post) AS r
 FROM report_cells WHERE kind = 'receiving_unit' AND day BETWEEN $day_from AND $day_to GROUP BY key) c;"

add_fees="INSERT INTO dossier_fees (dossier_id, channel, declared, lines, gross, total, paid, refunded,
 exempt, exemption_code, exemption_reason, exemption_paper, updated_at)
 SELECT id, CASE WHEN channel = 'online' THEN 'online' ELSE 'counter' END, '{}', '[]', 50000,
 CASE WHEN id % 30 = 0 THEN 0 ELSE 50000 END, 0, 0, CASE WHEN id % 30 = 0 THEN 1 ELSE 0 END,
 CASE WHEN id % 30 = 0 THEN 'bench' END, CASE WHEN id % 30 = 0 THEN 'bench' END,
 CASE WHEN id % 30 = 0 THEN 'bench' END, submitted_at
 FROM dossiers WHERE id % 3 = 0 AND id NOT IN (SELECT dossier_id FROM dossier_fees);
INSERT INTO payments (dossier_id, order_id, method, amount, status, agency, receipt_no, gateway_ref,
 created_at, created_by, paid_at)
 SELECT id, 'BENCH' || id, CASE WHEN id % 12 = 0 THEN 'online' ELSE 'cash' END, 50000, 'paid',
 receiving_unit, 'BENCH-R' || id, NULL, submitted_at, 'bench', submitted_at
 FROM dossiers WHERE id % 6 = 0 AND id % 30 <> 0;"
old_index="DROP INDEX dossiers_open_received;
CREATE INDEX dossiers_open_received ON dossiers (received_at) WHERE status IN ('received', 'processing', 'awaiting_supplement');"

# One session: the fees added, each statement timed per round, the old index, rollback.
{
	if [ "$engine" = sqlite ]; then
		echo ".timer off"
	else
		echo '\timing off'
	fi
	echo "BEGIN;"
	echo "$add_fees"
	echo "SELECT 'fee records ' || (SELECT count(*) FROM dossier_fees) || ', payments ' || (SELECT count(*) FROM payments);"
	timed() { # label, statement
		echo "SELECT 'STATEMENT $1';"
		if [ "$engine" = sqlite ]; then echo ".timer on"; else echo '\timing on'; fi
		echo "$2"
		if [ "$engine" = sqlite ]; then echo ".timer off"; else echo '\timing off'; fi
	}
	for _ in $(seq "$rounds"); do
		timed "fees from the rows (before 0037)" "$fees_rows"
		timed "fees from fee_cells (after)" "$fees_cells"
		timed "open dossiers, covering index (after)" "$open_part"
		timed "day cells (unchanged)" "$day_cells"
	done
	echo "$old_index"
	for _ in $(seq "$rounds"); do
		timed "open dossiers, index on received_at (before)" "$open_part"
	done
	echo "ROLLBACK;"
} | run_sql >"$work/out.txt"

# Prints each statement's answer and its times (ms).
awk -v engine="$engine" '
	/^STATEMENT / { name = substr($0, 11); next }
	/^fee records/ { print; next }
	/^Run Time:/ { t[name] = t[name] sprintf(" %.1f", $4 * 1000); next }
	/^Time:/ { t[name] = t[name] sprintf(" %.1f", $2); next }
	name != "" && !(name in a) { a[name] = $0; order[++n] = name }
	END { for (i = 1; i <= n; i++) printf "%-48s %-40s ms:%s\n", order[i], a[order[i]], t[order[i]] }
' "$work/out.txt"
