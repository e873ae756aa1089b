#!/usr/bin/env bash
# The dossier benchmarks (bench/README.md), on SQLite with BENCH_DOSSIERS_N generated dossiers and on
# PostgreSQL with BENCH_PG_DOSSIERS_N, side by side in one table: durable intake against raw
# durable single-row commits of the same engine, public tracking lookups against the bare-server
# ceiling, inbox pages, the search by name without diacritics, and the city-wide summary of a year.
# Each ratio's two sides run alternately in the same run. Listens on 127.0.0.1 only and stops every
# process it started, by PID (PostgreSQL with scripts/pg.sh stop). Builds nothing: `make bench`
# builds first.
#
# The generated data sets are kept in bench/.cache and reused while N, DAYS and the generator's
# source are unchanged: SQLite's in dossiers-N (a few minutes to generate 1,000,000 dossiers),
# PostgreSQL's in pg-dossiers-N, the cluster itself (pg/, started again on each run) beside its
# data directory (data/). Newer migrations are applied when motcua opens them. SQLite's intake runs
# on a copy of its data set, so the cached dossiers never change; PostgreSQL's runs on the cached
# database itself (a copy of tens of GB would take longer than the run), and the dossiers it adds
# are deleted after it (rows with ids above the ones before, audit events at the chain's end,
# today's counter of the intake point). Delete bench/.cache to start afresh.
#
# Environment: BENCH_ENGINES (sqlite,pg; either alone), BENCH_DOSSIERS_N (SQLite, default 1000000),
# BENCH_PG_DOSSIERS_N (default 10000000), BENCH_DAYS (the SQLite set's span of intake dates, 365),
# BENCH_PG_DAYS (1826: five years), BENCH_DURATION seconds per wrk run (8), BENCH_ROUNDS (2),
# BENCH_CONNECTIONS lookup connections (64), BENCH_THREADS wrk threads (2),
# BENCH_INTAKE_CONCURRENCY concurrent intake requests and raw writer threads (default: cores,
# which is motcua's worker threads), BENCH_INBOX_CONNECTIONS (4), BENCH_SUMMARY_SAMPLES (7),
# BUILD_DIR (build), BENCH_PARTS (a comma-separated subset of lookup,inbox,search,summary,intake;
# default all), BENCH_PREPARE_ONLY=1 (make or check the data sets, measure nothing).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build}
engines=,${BENCH_ENGINES:-sqlite,pg},
n_sqlite=${BENCH_DOSSIERS_N:-1000000}
n_pg=${BENCH_PG_DOSSIERS_N:-10000000}
days_sqlite=${BENCH_DAYS:-365}
days_pg=${BENCH_PG_DAYS:-1826}
duration=${BENCH_DURATION:-8}
rounds=${BENCH_ROUNDS:-2}
connections=${BENCH_CONNECTIONS:-64}
wrk_threads=${BENCH_THREADS:-2}
intake_conc=${BENCH_INTAKE_CONCURRENCY:-$(nproc)}
inbox_conc=${BENCH_INBOX_CONNECTIONS:-4}
summary_samples=${BENCH_SUMMARY_SAMPLES:-7}
parts=,${BENCH_PARTS:-lookup,inbox,search,summary,intake},
part() { [[ $parts == *,$1,* ]]; }
engine() { [[ $engines == *,$1,* ]]; }
demo_password=motcua-demo
resolver=001.00.50.H26
search='nguyen thi hang'
# A counter intake of the seeded procedure 1.004837 (guardianship, 3 working days) at Hoàn Kiếm's
# service point, as tests/api/lib/dossiers.mjs builds it.
intake_point=001.01.50.H26

motcua=$build/motcua
ceiling=$build/bench_ceiling
gen=$build/bench_gen_dossiers
sqlite_commit=$build/bench_sqlite_commit
pg_commit=$build/bench_pg_commit
for v in "$n_sqlite" "$n_pg" "$days_sqlite" "$days_pg"; do
	[[ $v =~ ^[1-9][0-9]*$ ]] || { echo "bench: N and DAYS must be positive numbers" >&2; exit 2; }
done

mkdir -p "$root/bench/.cache"
work=$(mktemp -d "$root/bench/.cache/run.XXXXXX") # on the data's file system: same fsync cost
spawn_timeout=900 # motcua may first migrate (and index) the generated database
# shellcheck source=bench/lib.sh
. "$root/bench/lib.sh"
need_binaries "$motcua" "$ceiling" "$gen" "$sqlite_commit" "$pg_commit"
pg_dir=
pg_down() {
	[ -z "$pg_dir" ] || sh "$root/scripts/pg.sh" stop "$pg_dir" || true
	pg_dir=
}
# Huge pages for the cluster's shared memory, as docs/postgresql.md ("Sizing") asks of a server:
# PostgreSQL's default huge_pages = try takes them when the kernel has them reserved. Without them
# every backend maps shared_buffers 4 kB at a time on first touch, and a connection that had not
# yet read the summary's 19,000 buffers took 400 ms for it instead of 100 ms (a 2-core VM,
# 2026-12-03); the parallel workers PostgreSQL starts, new processes each time, always paid it.
# As root (and unless BENCH_HUGE_PAGES=0) the run reserves what the cluster needs, read off the
# stopped cluster with `postgres -C shared_memory_size_in_huge_pages`, on top of the machine's
# reservation, and gives it back at exit.
huge_pages_before=
reserve_huge_pages() { # reserve_huge_pages PG_DIR (the cluster stopped)
	local f=/proc/sys/vm/nr_hugepages need
	if [ "${BENCH_HUGE_PAGES:-1}" = 0 ] || [ ! -w "$f" ] || [ ! -f "$1/data/PG_VERSION" ]; then
		return 0
	fi
	need=$(runuser -u motcua-pg -- /usr/lib/postgresql/15/bin/postgres -C \
		shared_memory_size_in_huge_pages -D "$1/data" 2>/dev/null) || need=
	case $need in '' | *[!0-9]*) echo "bench: huge pages: the cluster's need is unknown" >&2; return 0 ;; esac
	[ -n "$huge_pages_before" ] || huge_pages_before=$(cat "$f")
	echo $((huge_pages_before + need)) >"$f" 2>/dev/null || true
	echo "huge pages for PostgreSQL: $need of 2 MB asked, $(($(cat "$f") - huge_pages_before)) reserved"
	echo "pg huge_pages $(($(cat "$f") - huge_pages_before))" >>"$work/notes"
}
release_huge_pages() {
	[ -z "$huge_pages_before" ] || echo "$huge_pages_before" >/proc/sys/vm/nr_hugepages 2>/dev/null || true
}
trap 'pg_down; release_huge_pages; cleanup' EXIT

# Starts motcua on DATA_DIR; its per-request access log is not kept.
start_motcua() {
	start_motcua_on "$1" "$work/motcua.log"
	: >"$work/motcua.log"
}

login() { # login USER PASSWORD: prints a session token
	local token
	token=$(curl -sf -H 'Content-Type: application/json' \
		-d "{\"username\":\"$1\",\"password\":\"$2\"}" "$motcua_url/api/v1/auth/login" |
		json_field token) || true
	[ -n "$token" ] || { echo "bench: login of $1 failed" >&2; exit 1; }
	echo "$token"
}

# CPU time (us) the benchmark's PostgreSQL cluster has used so far: its postmaster and every
# process it started (motcua's connections' backends, the checkpointer, autovacuum...).
pg_cpu_us() {
	local pm
	pm=$(head -n 1 "$pg_dir/data/postmaster.pid" 2>/dev/null) || { echo 0; return; }
	{ cat /proc/[0-9]*/stat 2>/dev/null || true; } | awk -v pm="$pm" -v hz="$(getconf CLK_TCK)" '
		{ pid = $1; sub(/^.*\) /, ""); if (pid == pm || $2 == pm) t += $12 + $13 }
		END { printf "%d\n", t * 1000000 / hz }'
}

# Runs wrk; appends "ENGINE:LABEL rps p50_us p99_us" to $work/runs and flags non-2xx answers and
# errors. wrk_run LABEL THREADS CONNECTIONS SCRIPT URL [wrk options...]
wrk_run() {
	local label=$1 threads=$2 conns=$3 script=$4 url=$5 out line pid c0 c1 d0=0 d1=0 requests cpu db=
	shift 5
	# The server's CPU over the run per request answered (issue 22): the ceiling's for its runs.
	# On PostgreSQL, the database server's too, apart (a lookup that misses motcua's cache costs
	# more there than in motcua).
	pid=$motcua_pid
	[ "$label" != ceiling ] || pid=$ceiling_pid
	c0=$(cpu_us "$pid")
	[ "$eng" != pg ] || [ "$label" = ceiling ] || d0=$(pg_cpu_us)
	out=$(wrk -t"$threads" -c"$conns" -d"${duration}s" -s "$script" "$@" "$url")
	c1=$(cpu_us "$pid")
	[ "$eng" != pg ] || [ "$label" = ceiling ] || d1=$(pg_cpu_us)
	line=$(grep '^BENCH ' <<<"$out") || { echo "bench: wrk gave no result for $url" >&2; echo "$out" >&2; exit 1; }
	local rps p50 p99 errors non2xx
	rps=$(sed 's/.* rps=\([0-9.]*\).*/\1/' <<<"$line")
	p50=$(sed 's/.* p50_us=\([0-9]*\).*/\1/' <<<"$line")
	p99=$(sed 's/.* p99_us=\([0-9]*\).*/\1/' <<<"$line")
	errors=$(sed 's/.* errors=\([0-9]*\).*/\1/' <<<"$line")
	non2xx=$(sed 's/.* non2xx=\([0-9]*\).*/\1/' <<<"$line")
	if [ "$non2xx" != 0 ] || [ "$errors" != 0 ]; then
		echo "bench: warning: $eng $label: $non2xx non-2xx answers, $errors socket errors" >&2
		warnings="$warnings $eng:$label"
	fi
	requests=$(sed 's/.* requests=\([0-9]*\).*/\1/' <<<"$line")
	cpu=$(awk -v c=$((c1 - c0)) -v n="$requests" 'BEGIN { printf "%.1f", (n > 0 ? c / n : 0) }')
	printf '%s:%s %s %s %s\n' "$eng" "$label" "$rps" "$p50" "$p99" >>"$work/runs"
	printf '%s %s %s\n' "$eng" "$label" "$cpu" >>"$work/cpu"
	if [ "$d1" != 0 ]; then
		db=$(awk -v c=$((d1 - d0)) -v n="$requests" 'BEGIN { printf "%.1f", (n > 0 ? c / n : 0) }')
		printf '%s db:%s %s\n' "$eng" "$label" "$db" >>"$work/cpu"
		db=" + $db us PostgreSQL"
	fi
	printf '  %-10s %10.0f req/s  p50 %6.2f ms  p99 %6.2f ms  %7.1f us CPU/request%s\n' "$label" "$rps" \
		"$(awk -v u="$p50" 'BEGIN { print u / 1000 }')" "$(awk -v u="$p99" 'BEGIN { print u / 1000 }')" "$cpu" "$db"
}

# Raw durable single-row commits of the engine from $intake_conc writers: SQLite in $work (the
# data's file system), PostgreSQL in a table of its own on the benchmark's cluster.
commit_run() {
	local line cps
	if [ "$eng" = sqlite ]; then
		line=$("$sqlite_commit" "$intake_conc" "$duration" "$work" | grep '^BENCH_SQLITE ') ||
			{ echo "bench: bench_sqlite_commit failed" >&2; exit 1; }
	else
		line=$("$pg_commit" "$intake_conc" "$duration" "$pg_url" | grep '^BENCH_PG ') ||
			{ echo "bench: bench_pg_commit failed" >&2; exit 1; }
	fi
	cps=$(sed 's/.* cps=\([0-9.]*\).*/\1/' <<<"$line")
	printf '%s:commit %s 0 0\n' "$eng" "$cps" >>"$work/runs"
	printf '  %-10s %10.0f commits/s\n' commit "$cps"
}

# Records what the generation of a data set printed (its directory: gen.txt, verify.txt).
note_set() {
	local dir=$1 db_bytes=$2
	{
		echo "$eng gen $(head -n 1 "$dir/gen.txt")"
		echo "$eng gen_wall $(sed -n 's/^wall \([0-9]*\) ms$/\1/p' "$dir/gen.txt")"
		echo "$eng verify $(head -n 1 "$dir/verify.txt") ($(sed -n 's/^wall \([0-9]*\) ms$/\1/p' "$dir/verify.txt") ms)"
		echo "$eng size $db_bytes"
	} >>"$work/notes"
}

# Fills DIR/data (already initialized) with N dossiers over DAYS days and checks the audit chain;
# the generator's line and timings go to DIR/gen.txt and DIR/verify.txt.
generate() {
	local dir=$1 n=$2 days=$3 t0 t1
	MOTCUA_DEMO_PASSWORD=$demo_password "$motcua" demo --data "$dir/data" >>"$work/init.log" 2>&1 || {
		echo "bench: motcua demo failed:" >&2
		cat "$work/init.log" >&2
		exit 1
	}
	t0=${EPOCHREALTIME/./}
	"$gen" "$dir/data" "$n" 100000 "$days" | tee "$dir/gen.txt"
	t1=${EPOCHREALTIME/./}
	echo "wall $(((t1 - t0) / 1000)) ms" >>"$dir/gen.txt"
	t0=${EPOCHREALTIME/./}
	"$motcua" audit verify --data "$dir/data" 2>/dev/null | tee "$dir/verify.txt"
	t1=${EPOCHREALTIME/./}
	echo "wall $(((t1 - t0) / 1000)) ms" >>"$dir/verify.txt"
	grep -q 'intact' "$dir/verify.txt" || { echo "bench: the generated audit chain does not verify" >&2; exit 1; }
}

# SQLite's data set: bench/.cache/dossiers-N, reused while N, DAYS and the generator are the same.
prepare_sqlite() {
	local cache=$root/bench/.cache/dossiers-$n_sqlite stamp
	stamp="n=$n_sqlite days=$days_sqlite gen=$(cat "$root"/bench/bench_gen_dossiers.c | sha256sum | cut -c1-16)"
	if [ -f "$cache/stamp" ] && [ "$(cat "$cache/stamp")" = "$stamp" ] && [ -f "$cache/data/bench_codes.txt" ]; then
		echo "sqlite data set: reusing $cache"
	else
		echo "sqlite data set: generating $n_sqlite dossiers into $cache (a few minutes for 1,000,000)"
		# Removed on exit if not finished: only by the run that makes it (a run on PostgreSQL
		# alone, beside this one, once removed a set being made here).
		cleanup_paths+=("$cache.tmp")
		rm -rf "$cache" "$cache.tmp"
		mkdir -p "$cache.tmp"
		admin_password=bench-quantri-$RANDOM$RANDOM
		echo "$admin_password" >"$cache.tmp/admin_password"
		MOTCUA_ADMIN_PASSWORD=$admin_password "$motcua" init --data "$cache.tmp/data" >"$work/init.log" 2>&1 || {
			echo "bench: motcua init failed:" >&2
			cat "$work/init.log" >&2
			exit 1
		}
		generate "$cache.tmp" "$n_sqlite" "$days_sqlite"
		echo "$stamp" >"$cache.tmp/stamp"
		mv "$cache.tmp" "$cache"
	fi
	data=$cache/data
	admin_password=$(cat "$cache/admin_password")
	note_set "$cache" "$(du -cb "$data"/motcua.db* | tail -n 1 | cut -f1)"
}

# Starts the cluster of DIR/pg (scripts/pg.sh: as root it runs as motcua-pg) and sets pg_url.
pg_up() {
	reserve_huge_pages "$1/pg"
	pg_url=$(sh "$root/scripts/pg.sh" start "$1/pg") || { echo "bench: PostgreSQL did not start" >&2; exit 1; }
	pg_dir=$1/pg
}

# PostgreSQL's data set: bench/.cache/pg-dossiers-N holds the cluster (pg/) and the data directory
# (data/), reused while N, DAYS and the generator are the same; the cluster is stopped between
# runs and keeps its data. The stamp is written last: a set without it is made again. The server
# gets memory and checkpoint spacing for tens of GB (bench/README.md); fsync stays on.
prepare_pg() {
	local cache=$root/bench/.cache/pg-dossiers-$n_pg stamp
	stamp="n=$n_pg days=$days_pg gen=$(cat "$root"/bench/bench_gen_dossiers.c "$root"/bench/gen_bulk.c | sha256sum | cut -c1-16)"
	if [ -f "$cache/stamp" ] && [ "$(cat "$cache/stamp")" = "$stamp" ] && [ -f "$cache/data/bench_codes.txt" ]; then
		echo "pg data set: reusing $cache"
		pg_up "$cache"
		echo "$pg_url" >"$cache/data/database-url" # the port is new on each start
	else
		echo "pg data set: generating $n_pg dossiers into $cache"
		[ ! -d "$cache/pg/data" ] || sh "$root/scripts/pg.sh" stop "$cache/pg" || true
		rm -rf "$cache"
		mkdir -p "$cache"
		chmod 755 "$cache"
		pg_up "$cache"
		cat >>"$cache/pg/data/postgresql.conf" <<-EOF
			# bench/dossiers.sh: a server for a data set of tens of GB
			shared_buffers = 2GB
			effective_cache_size = 8GB
			max_wal_size = 8GB
			checkpoint_timeout = 30min
			maintenance_work_mem = 512MB
		EOF
		pg_down
		pg_up "$cache"
		admin_password=bench-quantri-$RANDOM$RANDOM
		echo "$admin_password" >"$cache/admin_password"
		MOTCUA_ADMIN_PASSWORD=$admin_password "$motcua" init --data "$cache/data" \
			--database "$pg_url" >"$work/init.log" 2>&1 || {
			echo "bench: motcua init on PostgreSQL failed:" >&2
			cat "$work/init.log" >&2
			exit 1
		}
		generate "$cache" "$n_pg" "$days_pg"
		# A database that has lived for years has been vacuumed: its visibility map lets the
		# summary's open counts come from the covering index alone. A set just loaded by COPY
		# has none, and PostgreSQL read 222,000 heap pages for them instead (2026-12-03).
		echo "pg data set: VACUUM (ANALYZE)"
		psql -XAtq "$pg_url" -c 'VACUUM (ANALYZE)'
		echo "$stamp" >"$cache/stamp"
	fi
	data=$cache/data
	admin_password=$(cat "$cache/admin_password")
	note_set "$cache" "$(psql -XAt "$pg_url" -c 'SELECT pg_database_size(current_database())')"
}

# The city-wide summary of the last 365 days (GET /api/v1/reports/summary as admin), timed by curl
# $summary_samples times after one warm-up request: "ENGINE:summary median_us max_us" in the runs.
summary_run() {
	local url=$1 token=$2 i t times=()
	curl -sf -o /dev/null -H "Authorization: Bearer $token" "$url" || { echo "bench: $url does not answer 200" >&2; exit 1; }
	for ((i = 0; i < summary_samples; i++)); do
		t=$(curl -sf -o /dev/null -w '%{time_total}' -H "Authorization: Bearer $token" "$url") ||
			{ echo "bench: $url failed" >&2; exit 1; }
		times+=("$(awk -v s="$t" 'BEGIN { printf "%d", s * 1000000 }')")
	done
	printf '%s\n' "${times[@]}" | sort -n | awk -v e="$eng" '{ v[NR] = $1 } END {
		printf "%s:summary 0 %d %d\n", e, v[int((NR + 1) / 2)], v[NR] }' >>"$work/runs"
	tail -n 1 "$work/runs" | awk '{ printf "  summary    median %6.1f ms  max %6.1f ms\n", $3 / 1000, $4 / 1000 }'
}

# PostgreSQL's intake runs on the cached database: what it added goes again afterwards, in one
# transaction (children first, the fees' and payments' too since intake computes fees; the
# triggers take the report cells back; the chain keeps its start).
# dossier_units has no index leading with dossier_id, so each deleted dossier's foreign-key check
# would scan the whole table: a temporary one serves them (seconds to build, dropped in the same
# transaction). The schema keeps none, since motcua never deletes dossiers.
pg_mark() {
	mark=$(psql -XAt "$pg_url" -c "SELECT (SELECT max(id) FROM dossiers) || ' ' || (SELECT max(id) FROM audit_events)")
}
pg_unmark() {
	local d=${mark% *} a=${mark#* } day
	day=$(TZ=Asia/Ho_Chi_Minh date +%y%m%d)
	psql -XAq -v ON_ERROR_STOP=1 "$pg_url" <<-EOF
		BEGIN;
		CREATE INDEX bench_units_dossier ON dossier_units (dossier_id);
		-- A component's delete trigger updates its dossier's undigitized count, whose update
		-- triggers move the cells; the dossier's own delete then takes it out of the cells
		-- whole, from the count it was written with, which ends in the same cells. Without the
		-- detour: 32,000 intakes went in 1m43s; with it, not in 18 minutes (2026-12-03).
		ALTER TABLE dossier_components DISABLE TRIGGER report_component_delete;
		DELETE FROM notifications WHERE dossier_code IN (SELECT code FROM dossiers WHERE id > $d);
		DELETE FROM outbox_messages WHERE dossier_code IN (SELECT code FROM dossiers WHERE id > $d);
		DELETE FROM portal_sync WHERE dossier_code IN (SELECT code FROM dossiers WHERE id > $d);
		DELETE FROM dossier_name_words WHERE dossier_id > $d;
		DELETE FROM document_uses WHERE dossier_id > $d;
		DELETE FROM payments WHERE dossier_id > $d;
		DELETE FROM dossier_fees WHERE dossier_id > $d;
		DELETE FROM queue_ticket_dossiers WHERE dossier_id > $d;
		DELETE FROM dossier_events WHERE dossier_id > $d;
		DELETE FROM dossier_steps WHERE dossier_id > $d;
		DELETE FROM dossier_components WHERE dossier_id > $d;
		DELETE FROM dossier_units WHERE dossier_id > $d;
		DELETE FROM dossiers WHERE id > $d;
		DELETE FROM audit_events WHERE id > $a;
		UPDATE dossier_counters SET last = coalesce((SELECT max(substr(code, length(code) - 3)::bigint)
			FROM dossiers WHERE code LIKE '$intake_point-$day-%'), 0)
			WHERE unit = '$intake_point' AND day = '$day';
		DROP INDEX bench_units_dossier;
		ALTER TABLE dossier_components ENABLE TRIGGER report_component_delete;
		COMMIT;
	EOF
}

# Every measurement on one engine's data set ($data, and $pg_url on PostgreSQL).
measure() {
	local codes first_code code_url processor admin inbox overdue all found summary receiver status
	start_ceiling
	start_motcua "$data"
	codes=$data/bench_codes.txt
	first_code=$(head -n 1 "$codes")
	code_url="$motcua_url/api/v1/public/dossiers/${first_code% *}?secret=${first_code#* }"
	curl -sf -o /dev/null "$code_url" || { echo "bench: $code_url does not answer 200" >&2; exit 1; }
	processor=$(login xuly.hoankiem "$demo_password")
	admin=$(login admin "$admin_password")
	inbox="$motcua_url/api/v1/dossiers?resolver_unit=$resolver&limit=50"
	overdue="$motcua_url/api/v1/dossiers?resolver_unit=$resolver&overdue=true&limit=50"
	all="$motcua_url/api/v1/dossiers?limit=50"
	found="$motcua_url/api/v1/dossiers?q=${search// /%20}&limit=50"
	summary="$motcua_url/api/v1/reports/summary?from=$(date -u -d '365 days ago' +%Y-%m-%d)&to=$(date -u +%Y-%m-%d)&group_by=receiving_unit"
	for u in "$inbox" "$overdue"; do
		curl -sf -o /dev/null -H "Authorization: Bearer $processor" "$u" || { echo "bench: $u does not answer 200" >&2; exit 1; }
	done
	for u in "$all" "$found"; do
		curl -sf -o /dev/null -H "Authorization: Bearer $admin" "$u" || { echo "bench: $u does not answer 200" >&2; exit 1; }
	done
	count_items() { # count_items URL TOKEN: the dossiers on the page
		curl -sf -H "Authorization: Bearer $2" "$1" | { grep -o '"applicant":' || true; } | wc -l
	}
	echo "$eng inbox_n $(count_items "$inbox" "$processor")" >>"$work/notes"
	echo "$eng overdue_n $(count_items "$overdue" "$processor")" >>"$work/notes"
	echo "$eng found_n $(count_items "$found" "$admin")" >>"$work/notes"

	export BENCH_CODES=$codes
	wrk -t1 -c8 -d1s "$ceiling_url/" >/dev/null
	wrk -t1 -c8 -d2s -s "$root/bench/lookup.lua" "$motcua_url" >/dev/null
	for ((r = 1; r <= rounds; r++)); do
		part lookup || break
		echo "round $r: lookups"
		wrk_run ceiling "$wrk_threads" "$connections" "$root/bench/report.lua" "$ceiling_url/"
		wrk_run lookup "$wrk_threads" "$connections" "$root/bench/lookup.lua" "$motcua_url"
	done
	stop "$ceiling_pid"
	if part inbox; then
		echo "inbox pages: wrk -t1 -c$inbox_conc"
		wrk_run inbox 1 "$inbox_conc" "$root/bench/report.lua" "$inbox" --timeout 30s -H "Authorization: Bearer $processor"
		wrk_run overdue 1 "$inbox_conc" "$root/bench/report.lua" "$overdue" --timeout 30s -H "Authorization: Bearer $processor"
		wrk_run all 1 "$inbox_conc" "$root/bench/report.lua" "$all" --timeout 30s -H "Authorization: Bearer $admin"
	fi
	if part search; then
		echo "search by name: wrk -t1 -c$inbox_conc"
		wrk_run search 1 "$inbox_conc" "$root/bench/report.lua" "$found" --timeout 30s -H "Authorization: Bearer $admin"
	fi
	if part summary; then
		echo "city-wide summary of a year: $summary_samples requests"
		summary_run "$summary" "$admin"
	fi
	echo "$eng hwm_kb $(awk '/^VmHWM:/ { print $2 }' "/proc/$motcua_pid/status")" >>"$work/notes"
	stop "$motcua_pid"

	part intake || return 0
	if [ "$eng" = sqlite ]; then
		copy_data "$data" "$work/intake" # on disk before the raw commits and intakes run
		start_motcua "$work/intake"
	else
		pg_mark
		start_motcua "$data"
	fi
	receiver=$(login tiepnhan.hoankiem "$demo_password")
	export BENCH_TOKEN=$receiver
	export BENCH_BODY=$intake_body
	status=$(curl -s -o "$work/intake.json" -w '%{http_code}' -H 'Content-Type: application/json' \
		-H "Authorization: Bearer $receiver" -d "$intake_body" "$motcua_url/api/v1/dossiers")
	[ "$status" = 201 ] || { echo "bench: intake answers $status:" >&2; cat "$work/intake.json" >&2; exit 1; }
	local intake_threads=$((intake_conc < wrk_threads ? intake_conc : wrk_threads))
	for ((r = 1; r <= rounds; r++)); do
		echo "round $r: intake (concurrency $intake_conc)"
		commit_run
		export BENCH_NAMES=0 BENCH_IDS=0 # one applicant over and over (bench/intake.lua)
		wrk_run intake "$intake_threads" "$intake_conc" "$root/bench/intake.lua" "$motcua_url/api/v1/dossiers"
		# the same with a new applicant each request (name and ID number), as at a real counter:
		# the postings of the name search and the entry of the applicant's index land all over
		# their indexes, not where the last intake's did
		echo "round $r: intake, a new applicant each request"
		export BENCH_NAMES=1 BENCH_IDS=1
		wrk_run intake_new "$intake_threads" "$intake_conc" "$root/bench/intake.lua" "$motcua_url/api/v1/dossiers"
		unset BENCH_NAMES BENCH_IDS
	done
	stop "$motcua_pid"
	if [ "$eng" = sqlite ]; then
		rm -rf "$work/intake"
	else
		pg_unmark
	fi
}

warnings=
: >"$work/runs"
: >"$work/cpu"
: >"$work/notes"
echo "motcua dossier benchmark: engines ${engines//,/ }(SQLite $n_sqlite over $days_sqlite days, PostgreSQL $n_pg over $days_pg days), ${duration}s per run, rounds: $rounds, cores: $(nproc)"
for eng in sqlite pg; do
	engine "$eng" || continue
	echo "== $eng"
	if [ "$eng" = sqlite ]; then prepare_sqlite; else prepare_pg; fi
	[ "${BENCH_PREPARE_ONLY:-0}" = 1 ] || measure
	[ "$eng" = sqlite ] || pg_down
done
[ "${BENCH_PREPARE_ONLY:-0}" = 1 ] && exit 0

# The table, on stdout and in bench/results/dossiers.txt: one row per measurement, one column
# group per engine.
table=$(awk -v conc="$intake_conc" -v conns="$connections" -v inbox_conc="$inbox_conc" \
	-v resolver="$resolver" -v n_sqlite="$n_sqlite" -v n_pg="$n_pg" -v search="$search" \
	-v samples="$summary_samples" -v engines="$engines" '
	FNR == NR { split($1, a, ":"); k[$1]++; rps[$1] += $2; if ($3 > p50[$1]) p50[$1] = $3
		if ($4 > p99[$1]) p99[$1] = $4; next }
	{ note[$1 " " $2] = $3; for (i = 4; i <= NF; i++) note[$1 " " $2] = note[$1 " " $2] " " $i }
	function mean(l) { return k[l] ? rps[l] / k[l] : 0 }
	function quot(a, b) { return b ? a / b : 0 }
	function ms(us) { return sprintf("%.2f", us / 1000) }
	function has(e) { return index(engines, "," e ",") > 0 }
	function cell(s) { return sprintf(" %-27s", s) }
	function ratio(e, l, c, goal,   q) {
		if (!k[e ":" l]) return cell("-")
		q = quot(mean(e ":" l), mean(e ":" c))
		return cell(sprintf("%.0f/%.0f = %.2f %s", mean(e ":" l), mean(e ":" c), q, q >= goal ? "ok" : "LOW"))
	}
	function lat(e, l, goal_us) {
		if (!k[e ":" l]) return cell("-")
		return cell(sprintf("%s / %s ms %s", ms(p50[e ":" l]), ms(p99[e ":" l]), p99[e ":" l] < goal_us ? "ok" : "OVER"))
	}
	function summ(e) {
		if (!k[e ":summary"]) return cell("-")
		return cell(sprintf("%s / %s ms %s", ms(p50[e ":summary"]), ms(p99[e ":summary"]), p99[e ":summary"] < 200000 ? "ok" : "OVER"))
	}
	function row(what, s, p) { line = sprintf("%-52s%s%s", what, has("sqlite") ? s : "", has("pg") ? p : ""); sub(/ +$/, "", line); print line }
	END {
		row("", cell("SQLite, " n_sqlite " dossiers"), cell("PostgreSQL, " n_pg " dossiers"))
		row("throughput: req/s / ceiling/s = ratio (goal >= 0.5)", "", "")
		row("  durable intake POST /api/v1/dossiers (" conc " conc.)", ratio("sqlite", "intake", "commit", 0.5), ratio("pg", "intake", "commit", 0.5))
		row("    the same, a new applicant each request", ratio("sqlite", "intake_new", "commit", 0.5), ratio("pg", "intake_new", "commit", 0.5))
		row("    (ceiling: raw single-row durable commits, " conc " writers)", "", "")
		row("  public tracking GET /public/dossiers/{code} (" conns ")", ratio("sqlite", "lookup", "ceiling", 0.5), ratio("pg", "lookup", "ceiling", 0.5))
		row("    (ceiling: bare libmicrohttpd, constant body)", "", "")
		row("latency: p50 / p99 (wrk -c" inbox_conc ")", "", "")
		row("  inbox ?resolver_unit=" resolver " (p99 < 10 ms)", lat("sqlite", "inbox", 10000), lat("pg", "inbox", 10000))
		row("  overdue inbox, same unit (p99 < 10 ms)", lat("sqlite", "overdue", 10000), lat("pg", "overdue", 10000))
		row("  ?limit=50 as admin (p99 < 10 ms)", lat("sqlite", "all", 10000), lat("pg", "all", 10000))
		row("  ?q=" search " as admin (p99 < 50 ms)", lat("sqlite", "search", 50000), lat("pg", "search", 50000))
		row("  city-wide summary, last 365 days: median / max", summ("sqlite"), summ("pg"))
		row("    of " samples " requests (goal < 200 ms)", "", "")
		row("  intake latency", lat("sqlite", "intake", 1e12), lat("pg", "intake", 1e12))
		row("  lookup latency", lat("sqlite", "lookup", 1e12), lat("pg", "lookup", 1e12))
		row("rows on the pages (inbox, overdue, search)", cell(note["sqlite inbox_n"] ", " note["sqlite overdue_n"] ", " note["sqlite found_n"]), cell(note["pg inbox_n"] ", " note["pg overdue_n"] ", " note["pg found_n"]))
		row("database size", cell(sprintf("%.1f GB", note["sqlite size"] / 1e9)), cell(sprintf("%.1f GB", note["pg size"] / 1e9)))
		row("generation wall time", cell(sprintf("%.0f s", note["sqlite gen_wall"] / 1000)), cell(sprintf("%.0f s", note["pg gen_wall"] / 1000)))
		row("PostgreSQL shared memory in 2 MB huge pages", "", cell(note["pg huge_pages"] ? note["pg huge_pages"] " reserved" : "none (4 kB pages)"))
		row("motcua peak resident memory", cell(sprintf("%.1f MB", note["sqlite hwm_kb"] / 1024)), cell(sprintf("%.1f MB", note["pg hwm_kb"] / 1024)))
		printf "\n"
		if (has("sqlite")) { print "sqlite generation: " note["sqlite gen"]; print "sqlite " note["sqlite verify"] }
		if (has("pg")) { print "pg generation: " note["pg gen"]; print "pg " note["pg verify"] }
	}' "$work/runs" "$work/notes")

mkdir -p "$root/bench/results"
{
	echo "motcua dossier benchmark $(date -u +%Y-%m-%dT%H:%M:%SZ) $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?')"
	echo "${duration}s per run, rounds: $rounds (lookups: ceiling, lookup; intake: commit, intake, intake_new), cores: $(nproc)"
	echo
	echo "$table"
	if [ -s "$work/cpu" ]; then
		echo
		echo "server CPU per request answered (us; user + system from /proc over each run, mean of runs;"
		echo "pg db:LABEL is the PostgreSQL cluster's, beside motcua's pg LABEL)"
		awk '{ k = $1 " " $2; s[k] += $3; n[k]++ } END { for (k in s) printf "  %-24s %8.1f\n", k, s[k] / n[k] }' \
			"$work/cpu" | sort
	fi
	if [ -n "$warnings" ]; then
		echo
		echo "warning: non-2xx answers or socket errors in:$warnings (their figures are not valid)"
	fi
} | tee "$root/bench/results/dossiers.txt"
echo "(also written to bench/results/dossiers.txt)"
