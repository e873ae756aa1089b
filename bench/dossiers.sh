#!/usr/bin/env bash
# The dossier benchmarks (bench/README.md): durable intake against raw SQLite durable commits,
# public tracking lookups against the bare-server ceiling, and inbox latency, with BENCH_DOSSIERS_N
# generated dossiers. Each ratio's two sides run alternately in the same run. Listens on 127.0.0.1
# only and stops every process it started, by PID. Builds nothing: `make bench` builds first.
#
# The generated data directory is kept in bench/.cache/dossiers-N and reused while N and the
# generator's source are unchanged (generating 1,000,000 dossiers takes a few minutes; newer
# migrations are applied to it when motcua opens it). Intake runs on a copy of it, so the cached
# dossiers never change. Delete bench/.cache to start afresh.
#
# Environment: BENCH_DOSSIERS_N (default 1000000), BENCH_DURATION seconds per wrk run (8),
# BENCH_ROUNDS (2), BENCH_CONNECTIONS lookup connections (64), BENCH_THREADS wrk threads (2),
# BENCH_INTAKE_CONCURRENCY concurrent intake requests and SQLite writer threads (default: cores,
# which is motcua's worker threads), BENCH_INBOX_CONNECTIONS (4), BUILD_DIR (build), BENCH_PARTS
# (which measurements to run, a comma-separated subset of lookup,inbox,intake; default all three).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build}
n=${BENCH_DOSSIERS_N:-1000000}
duration=${BENCH_DURATION:-8}
rounds=${BENCH_ROUNDS:-2}
connections=${BENCH_CONNECTIONS:-64}
wrk_threads=${BENCH_THREADS:-2}
intake_conc=${BENCH_INTAKE_CONCURRENCY:-$(nproc)}
inbox_conc=${BENCH_INBOX_CONNECTIONS:-4}
parts=,${BENCH_PARTS:-lookup,inbox,intake},
part() { [[ $parts == *,$1,* ]]; }
demo_password=motcua-demo
resolver=001.00.50.H26
# A counter intake of the seeded procedure 1.004837 (guardianship, 3 working days) at Hoàn Kiếm's
# service point, as tests/api/lib/dossiers.mjs builds it.
intake_body='{"procedure":"1.004837","applicant":{"kind":"person","name":"Nguyễn Thị Hằng",'\
'"id_number":"001190012345","phone":"0912345678","address":"Số 1 Tràng Tiền, Hoàn Kiếm"},'\
'"resolver_unit":"001.00.50.H26","channel":"counter",'\
'"components":[{"id":"tp02","provided":true},{"id":"tp07","provided":true}]}'

motcua=$build/motcua
ceiling=$build/bench_ceiling
gen=$build/bench_gen_dossiers
sqlite_commit=$build/bench_sqlite_commit
[[ $n =~ ^[1-9][0-9]*$ ]] || { echo "bench: BENCH_DOSSIERS_N must be a positive number" >&2; exit 2; }

mkdir -p "$root/bench/.cache"
work=$(mktemp -d "$root/bench/.cache/run.XXXXXX") # on the data's file system: same fsync cost
spawn_timeout=120 # motcua may first migrate the million-dossier database
# shellcheck source=bench/lib.sh
. "$root/bench/lib.sh"
need_binaries "$motcua" "$ceiling" "$gen" "$sqlite_commit"
cleanup_paths=("$root/bench/.cache/dossiers-$n.tmp")

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

# Runs wrk; appends "label rps p50_us p99_us" to $work/runs and flags non-2xx answers and errors.
# wrk_run LABEL THREADS CONNECTIONS SCRIPT URL [wrk options...]
wrk_run() {
	local label=$1 threads=$2 conns=$3 script=$4 url=$5 out line
	shift 5
	out=$(wrk -t"$threads" -c"$conns" -d"${duration}s" -s "$script" "$@" "$url")
	line=$(grep '^BENCH ' <<<"$out") || { echo "bench: wrk gave no result for $url" >&2; echo "$out" >&2; exit 1; }
	local rps p50 p99 errors non2xx
	rps=$(sed 's/.* rps=\([0-9.]*\).*/\1/' <<<"$line")
	p50=$(sed 's/.* p50_us=\([0-9]*\).*/\1/' <<<"$line")
	p99=$(sed 's/.* p99_us=\([0-9]*\).*/\1/' <<<"$line")
	errors=$(sed 's/.* errors=\([0-9]*\).*/\1/' <<<"$line")
	non2xx=$(sed 's/.* non2xx=\([0-9]*\).*/\1/' <<<"$line")
	if [ "$non2xx" != 0 ] || [ "$errors" != 0 ]; then
		echo "bench: warning: $label: $non2xx non-2xx answers, $errors socket errors" >&2
		warnings="$warnings $label"
	fi
	printf '%s %s %s %s\n' "$label" "$rps" "$p50" "$p99" >>"$work/runs"
	printf '  %-10s %10.0f req/s  p50 %6.2f ms  p99 %6.2f ms\n' "$label" "$rps" \
		"$(awk -v u="$p50" 'BEGIN { print u / 1000 }')" "$(awk -v u="$p99" 'BEGIN { print u / 1000 }')"
}

# Raw SQLite durable commits from $intake_conc threads, in $work (the data's file system).
sqlite_run() {
	local line cps
	line=$("$sqlite_commit" "$intake_conc" "$duration" "$work" | grep '^BENCH_SQLITE ') ||
		{ echo "bench: bench_sqlite_commit failed" >&2; exit 1; }
	cps=$(sed 's/.* cps=\([0-9.]*\).*/\1/' <<<"$line")
	printf '%s %s 0 0\n' sqlite "$cps" >>"$work/runs"
	printf '  %-10s %10.0f commits/s\n' sqlite "$cps"
}

warnings=
: >"$work/runs"
echo "motcua dossier benchmark: $n dossiers, ${duration}s per run, rounds: $rounds, cores: $(nproc)"

# 1. The data set: reused from bench/.cache while N and the generator are the same.
cache=$root/bench/.cache/dossiers-$n
stamp="n=$n gen=$(sha256sum "$root/bench/bench_gen_dossiers.c" | cut -c1-16)"
if [ -f "$cache/stamp" ] && [ "$(cat "$cache/stamp")" = "$stamp" ] && [ -f "$cache/data/bench_codes.txt" ]; then
	echo "data set: reusing $cache"
else
	echo "data set: generating $n dossiers into $cache (a few minutes for 1,000,000)"
	rm -rf "$cache" "$cache.tmp"
	mkdir -p "$cache.tmp"
	admin_password=bench-quantri-$RANDOM$RANDOM
	echo "$admin_password" >"$cache.tmp/admin_password"
	MOTCUA_ADMIN_PASSWORD=$admin_password "$motcua" init --data "$cache.tmp/data" >"$work/init.log" 2>&1 &&
		MOTCUA_DEMO_PASSWORD=$demo_password "$motcua" demo --data "$cache.tmp/data" >>"$work/init.log" 2>&1 || {
		echo "bench: motcua init or demo failed:" >&2
		cat "$work/init.log" >&2
		exit 1
	}
	t0=${EPOCHREALTIME/./}
	"$gen" "$cache.tmp/data" "$n" | tee "$cache.tmp/gen.txt"
	t1=${EPOCHREALTIME/./}
	echo "wall $(( (t1 - t0) / 1000 )) ms" >>"$cache.tmp/gen.txt"
	t0=${EPOCHREALTIME/./}
	"$motcua" audit verify --data "$cache.tmp/data" | tee "$cache.tmp/verify.txt"
	t1=${EPOCHREALTIME/./}
	echo "wall $(( (t1 - t0) / 1000 )) ms" >>"$cache.tmp/verify.txt"
	grep -q 'intact' "$cache.tmp/verify.txt" || { echo "bench: the generated audit chain does not verify" >&2; exit 1; }
	echo "$stamp" >"$cache.tmp/stamp"
	mv "$cache.tmp" "$cache"
fi
data=$cache/data
admin_password=$(cat "$cache/admin_password")
gen_line=$(head -n 1 "$cache/gen.txt")
gen_wall_ms=$(sed -n 's/^wall \([0-9]*\) ms$/\1/p' "$cache/gen.txt")
verify_line=$(head -n 1 "$cache/verify.txt")
verify_wall_ms=$(sed -n 's/^wall \([0-9]*\) ms$/\1/p' "$cache/verify.txt")
db_bytes=$(du -cb "$data"/motcua.db* | tail -n 1 | cut -f1)

# 2. Public tracking lookups against the ceiling, and the inbox pages, on the cached data.
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
for u in "$inbox" "$overdue"; do
	curl -sf -o /dev/null -H "Authorization: Bearer $processor" "$u" || { echo "bench: $u does not answer 200" >&2; exit 1; }
done
curl -sf -o /dev/null -H "Authorization: Bearer $admin" "$all" || { echo "bench: $all does not answer 200" >&2; exit 1; }
count_items() { # count_items URL TOKEN: the dossiers on the page
	curl -sf -H "Authorization: Bearer $2" "$1" | { grep -o '"applicant":' || true; } | wc -l
}
inbox_n=$(count_items "$inbox" "$processor")
overdue_n=$(count_items "$overdue" "$processor")

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
hwm_kb=$(awk '/^VmHWM:/ { print $2 }' "/proc/$motcua_pid/status")
stop "$motcua_pid"

# 3. Durable intake on a copy of the data set, alternating with raw SQLite commits.
if part intake; then
	cp -r "$data" "$work/intake"
	start_motcua "$work/intake"
	receiver=$(login tiepnhan.hoankiem "$demo_password")
	export BENCH_TOKEN=$receiver
	export BENCH_BODY=$intake_body
	status=$(curl -s -o "$work/intake.json" -w '%{http_code}' -H 'Content-Type: application/json' \
		-H "Authorization: Bearer $receiver" -d "$intake_body" "$motcua_url/api/v1/dossiers")
	[ "$status" = 201 ] || { echo "bench: intake answers $status:" >&2; cat "$work/intake.json" >&2; exit 1; }
	intake_threads=$((intake_conc < wrk_threads ? intake_conc : wrk_threads))
	for ((r = 1; r <= rounds; r++)); do
		echo "round $r: intake (concurrency $intake_conc)"
		sqlite_run
		wrk_run intake "$intake_threads" "$intake_conc" "$root/bench/intake.lua" "$motcua_url/api/v1/dossiers"
	done
	stop "$motcua_pid"
fi

# 4. The table, on stdout and in bench/results/dossiers.txt.
table=$(awk -v n="$n" -v conc="$intake_conc" -v conns="$connections" -v inbox_conc="$inbox_conc" \
	-v inbox_n="$inbox_n" -v overdue_n="$overdue_n" -v resolver="$resolver" '
	{ k[$1]++; rps[$1] += $2; if ($3 > p50[$1]) p50[$1] = $3; if ($4 > p99[$1]) p99[$1] = $4 }
	function mean(l) { return k[l] ? rps[l] / k[l] : 0 }
	function quot(a, b) { return b ? a / b : 0 }
	function verdict(ratio, goal) { return ratio >= goal ? "meets >= " goal : "BELOW " goal }
	function lat(l, what,   line) {
		if (!k[l])
			return
		line = sprintf("%-66s %10.0f %8.2f %8.2f  %s", what, mean(l), p50[l] / 1000, p99[l] / 1000,
			p99[l] < 10000 ? "meets p99 < 10 ms" : "ABOVE p99 10 ms")
		print line
	}
	END {
		printf "%-66s %10s %10s %7s  %s\n", "throughput", "req/s", "ceiling/s", "ratio", "goal"
		printf "%-66s %10.0f %10.0f %7.2f  %s\n", "durable intake POST /api/v1/dossiers (" conc " concurrent)",
			mean("intake"), mean("sqlite"), quot(mean("intake"), mean("sqlite")), verdict(quot(mean("intake"), mean("sqlite")), 0.5)
		printf "%-66s %10s %10s\n", "  (ceiling: raw SQLite WAL+FULL single-row commits, " conc " threads)", "", ""
		printf "%-66s %10.0f %10.0f %7.2f  %s\n", "public tracking GET /api/v1/public/dossiers/{code} (" conns " conns)",
			mean("lookup"), mean("ceiling"), quot(mean("lookup"), mean("ceiling")), verdict(quot(mean("lookup"), mean("ceiling")), 0.5)
		printf "%-66s %10s %10s\n", "  (ceiling: bare libmicrohttpd, constant body)", "", ""
		printf "\n%-66s %10s %8s %8s  %s\n", "inbox pages at " n " dossiers (wrk -c" inbox_conc ")", "req/s", "p50 ms", "p99 ms", "goal"
		lat("inbox", "GET ?resolver_unit=" resolver "&limit=50 (" inbox_n " rows)")
		lat("overdue", "GET ?resolver_unit=" resolver "&overdue=true&limit=50 (" overdue_n " rows)")
		lat("all", "GET ?limit=50 as admin")
		printf "%-66s %10s %8.2f %8.2f\n", "intake latency (per request)", "", p50["intake"] / 1000, p99["intake"] / 1000
		printf "%-66s %10s %8.2f %8.2f\n", "lookup latency (per request)", "", p50["lookup"] / 1000, p99["lookup"] / 1000
	}' "$work/runs")

mkdir -p "$root/bench/results"
{
	echo "motcua dossier benchmark $(date -u +%Y-%m-%dT%H:%M:%SZ) $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?')"
	echo "${duration}s per run, rounds: $rounds (lookups: ceiling, lookup; intake: sqlite, intake), cores: $(nproc)"
	echo
	echo "$table"
	echo
	printf '%-66s %s\n' "data set generation (bench_gen_dossiers)" "$gen_line"
	printf '%-66s %s s\n' "  wall time" "$(awk -v m="$gen_wall_ms" 'BEGIN { printf "%.1f", m / 1000 }')"
	printf '%-66s %.1f MB\n' "database size (motcua.db + WAL)" "$(awk -v b="$db_bytes" 'BEGIN { print b / 1048576 }')"
	printf '%-66s %s (%s s)\n' "motcua audit verify" "$verify_line" "$(awk -v m="$verify_wall_ms" 'BEGIN { printf "%.1f", m / 1000 }')"
	printf '%-66s %.1f MB\n' "motcua peak resident memory (lookups and inbox)" "$(awk -v k="$hwm_kb" 'BEGIN { print k / 1024 }')"
	if [ -n "$warnings" ]; then
		echo
		echo "warning: non-2xx answers or socket errors in:$warnings (their figures are not valid)"
	fi
} | tee "$root/bench/results/dossiers.txt"
echo "(also written to bench/results/dossiers.txt)"
