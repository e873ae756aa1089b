#!/usr/bin/env bash
# Do bench_gen_dossiers' two PostgreSQL paths write the same rows? Two throwaway clusters
# (scripts/pg.sh), each with `motcua init` and `motcua demo`, get N dossiers (default 4,000) over
# DAYS days (default 1826) from the same BENCH_GEN_SEED and BENCH_GEN_NOW: one through the stores
# (BENCH_GEN_STORE=1, every statement intake runs, every trigger on), the other through COPY
# (bench/gen_bulk.c, the derived tables written set-based). Then, table by table, the generated
# rows are dumped in key order from both and compared byte for byte: dossiers (every column),
# dossier_steps, dossier_components, dossier_units, dossier_events, dossier_name_words,
# dossier_counters, report_cells, report_keys (whole tables: they hold the demo's contributions
# too, made the same day in both), and the audit events' fields (not their hashes: the demo's
# events before them carry each run's own clock); finally `motcua audit verify` on both.
# Prints one line per table ("same" or "DIFFERENT", with row counts) and exits 0 only when all
# are the same and both chains verify. Stops both clusters it started, by scripts/pg.sh stop.
#
# usage: bench/gen_same.sh [N [DAYS]]     (BUILD_DIR: default build)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build=$root/${BUILD_DIR:-build}
n=${1:-4000}
days=${2:-1826}
seed=${BENCH_GEN_SEED:-20261203}
gen_now=${BENCH_GEN_NOW:-$(date +%s)}
work=$(mktemp -d /tmp/gen-same.XXXXXX)
chmod 755 "$work"
started=()
declare -A urls

# shellcheck disable=SC2317 # run by the trap
cleanup() {
	for d in "${started[@]}"; do
		sh "$root/scripts/pg.sh" stop "$d" >/dev/null 2>&1 || true
	done
	rm -rf "$work"
}
trap cleanup EXIT

# One database: cluster, init, demo, generation along one path. Sets urls[name].
make_one() {
	local name=$1 store=$2 url
	url=$(sh "$root/scripts/pg.sh" start "$work/$name/pg")
	started+=("$work/$name/pg")
	MOTCUA_ADMIN_PASSWORD=gen-same-quantri "$build/motcua" init --data "$work/$name/data" \
		--database "$url" >"$work/$name.log" 2>&1
	MOTCUA_DEMO_PASSWORD=motcua-demo "$build/motcua" demo --data "$work/$name/data" \
		>>"$work/$name.log" 2>&1
	# What existed before the generation: the demo's dossiers and audit events are left out.
	psql -XAt "$url" -c "SELECT coalesce(max(id), 0) FROM dossiers" >"$work/$name.dossier_base"
	psql -XAt "$url" -c "SELECT coalesce(max(id), 0) FROM audit_events" >"$work/$name.audit_base"
	BENCH_GEN_SEED=$seed BENCH_GEN_NOW=$gen_now BENCH_GEN_STORE=$store \
		"$build/bench_gen_dossiers" "$work/$name/data" "$n" 100 "$days" | tee -a "$work/$name.log"
	urls[$name]=$url
}

echo "gen_same: $n dossiers over $days days, seed $seed, now $gen_now"
make_one store 1
make_one copy 0
if ! cmp -s "$work/store.dossier_base" "$work/copy.dossier_base" ||
	! cmp -s "$work/store.audit_base" "$work/copy.audit_base"; then
	echo "gen_same: the two databases differ before the generation" >&2
	exit 1
fi
dbase=$(cat "$work/store.dossier_base")
abase=$(cat "$work/store.audit_base")

# Each check: a name and a query whose rows, in its order, must be the same in both.
checks=(
	"dossiers|SELECT * FROM dossiers WHERE id > $dbase ORDER BY id"
	"dossier_steps|SELECT * FROM dossier_steps WHERE dossier_id > $dbase ORDER BY dossier_id, idx"
	"dossier_components|SELECT * FROM dossier_components WHERE dossier_id > $dbase ORDER BY dossier_id, component_id"
	"dossier_units|SELECT * FROM dossier_units WHERE dossier_id > $dbase ORDER BY dossier_id, unit"
	"dossier_events|SELECT * FROM dossier_events WHERE dossier_id > $dbase ORDER BY id"
	"dossier_name_words|SELECT * FROM dossier_name_words WHERE dossier_id > $dbase ORDER BY dossier_id, word"
	"dossier_counters|SELECT * FROM dossier_counters ORDER BY unit, day"
	"report_cells|SELECT * FROM report_cells ORDER BY kind, day, key"
	"report_keys|SELECT * FROM report_keys ORDER BY kind, key"
	"audit_events|SELECT id, at, actor, unit, action, entity, detail FROM audit_events WHERE id > $abase ORDER BY id"
)
fail=0
for c in "${checks[@]}"; do
	name=${c%%|*}
	sql=${c#*|}
	psql -XAt "${urls[store]}" -c "COPY ($sql) TO STDOUT" >"$work/a.txt"
	psql -XAt "${urls[copy]}" -c "COPY ($sql) TO STDOUT" >"$work/b.txt"
	if cmp -s "$work/a.txt" "$work/b.txt"; then
		printf '%-20s same       (%s rows)\n' "$name" "$(wc -l <"$work/a.txt")"
	else
		printf '%-20s DIFFERENT  (%s rows by the stores, %s by COPY)\n' "$name" \
			"$(wc -l <"$work/a.txt")" "$(wc -l <"$work/b.txt")"
		diff "$work/a.txt" "$work/b.txt" | head -n 6
		fail=1
	fi
done
for name in store copy; do
	if "$build/motcua" audit verify --data "$work/$name/data" 2>/dev/null | tee "$work/verify.txt" |
		grep -q intact; then
		echo "audit chain ($name): $(cat "$work/verify.txt")"
	else
		echo "audit chain ($name): DOES NOT VERIFY: $(cat "$work/verify.txt")"
		fail=1
	fi
done
[ "$fail" = 0 ] && echo "gen_same: the same rows" || echo "gen_same: DIFFERENT"
exit "$fail"
