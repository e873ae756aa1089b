#!/usr/bin/env bash
# Measures motcua's HTTP throughput against a ceiling measured in the same run: a bare
# libmicrohttpd server (bench/ceiling.c) answering a constant body. Every throughput figure is
# reported as a ratio to that ceiling, because the machine is shared and absolute numbers drift.
# Also reports motcua's resident memory after the load and its start-up time. Builds nothing:
# `make bench` builds first. See bench/README.md.
#
# Environment: BENCH_DURATION seconds per wrk run (default 8), BENCH_CONNECTIONS (default 64),
# BENCH_THREADS wrk threads (default 2), BENCH_ROUNDS (default 2), BUILD_DIR (default build).
# Then, unless BENCH_DOSSIERS=0, runs bench/dossiers.sh (intake, tracking lookups, inbox pages,
# search by name and the city-wide summary on SQLite with BENCH_DOSSIERS_N generated dossiers and
# on PostgreSQL with BENCH_PG_DOSSIERS_N, side by side; see there), and before it, unless
# BENCH_OUTBOX=0, bench/outbox.sh (the outbox's cost on intake).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build}
duration=${BENCH_DURATION:-8}
connections=${BENCH_CONNECTIONS:-64}
wrk_threads=${BENCH_THREADS:-2}
rounds=${BENCH_ROUNDS:-2}
startup_samples=5
point=001.01.50.H26
tickets=20

motcua=$build/motcua
ceiling=$build/bench_ceiling

work=$(mktemp -d "${TMPDIR:-/tmp}/motcua-bench.XXXXXX")
# shellcheck source=bench/lib.sh
. "$root/bench/lib.sh"
need_binaries "$motcua" "$ceiling"

# Starts motcua on the run's data directory; its per-request access log goes to the file given.
start_motcua() {
	start_motcua_on "$work/data" "$1"
}

# Puts a few waiting tickets on the point's queue so the public board returns a real list: a
# receiver of the point logs in and issues them. Best effort: the board is benchmarked anyway.
seed_queue() {
	local api=$motcua_url/api/v1 json='Content-Type: application/json' admin token i n=0
	admin=$(curl -sf -H "$json" -d "{\"username\":\"admin\",\"password\":\"$admin_password\"}" \
		"$api/auth/login" | json_field token) || true
	[ -n "$admin" ] || { echo "bench: warning: admin login failed; the board is empty" >&2; return; }
	curl -sf -o /dev/null -H "Authorization: Bearer $admin" -H "$json" -d "{\"username\":\"bench.receiver\",\
\"password\":\"$admin_password\",\"full_name\":\"Bench Receiver\",\"roles\":[{\"role\":\"receiver\",\
\"unit\":\"$point\"}]}" "$api/users" || true
	token=$(curl -sf -H "$json" -d "{\"username\":\"bench.receiver\",\"password\":\"$admin_password\"}" \
		"$api/auth/login" | json_field token) || true
	[ -n "$token" ] || { echo "bench: warning: receiver login failed; the board is empty" >&2; return; }
	for ((i = 0; i < tickets; i++)); do
		if curl -sf -o /dev/null -H "Authorization: Bearer $token" -H "$json" -d '{}' \
			"$api/points/$point/tickets"; then
			n=$((n + 1))
		fi
	done
	board_waiting=$n
}

# Runs wrk once against a URL; appends "label rps p99_us cpu_us_per_request" to $work/runs and
# checks the answers. The CPU is the server's (the ceiling's for its runs, motcua's otherwise),
# from /proc over the run, divided by the requests answered (issue 22).
run_wrk() {
	local label=$1 url=$2 out line pid c0 c1 requests
	pid=$motcua_pid
	[ "$label" != ceiling ] || pid=$ceiling_pid
	c0=$(cpu_us "$pid")
	out=$(wrk -t"$wrk_threads" -c"$connections" -d"${duration}s" -s "$root/bench/report.lua" "$url")
	c1=$(cpu_us "$pid")
	line=$(grep '^BENCH ' <<<"$out") || { echo "bench: wrk gave no result for $url" >&2; echo "$out" >&2; exit 1; }
	local rps p99 errors non2xx
	rps=$(sed 's/.* rps=\([0-9.]*\).*/\1/' <<<"$line")
	p99=$(sed 's/.* p99_us=\([0-9]*\).*/\1/' <<<"$line")
	errors=$(sed 's/.* errors=\([0-9]*\).*/\1/' <<<"$line")
	non2xx=$(sed 's/.* non2xx=\([0-9]*\).*/\1/' <<<"$line")
	requests=$(sed 's/.* requests=\([0-9]*\).*/\1/' <<<"$line")
	if [ "$non2xx" != 0 ] || [ "$errors" != 0 ]; then
		echo "bench: warning: $label: $non2xx non-2xx answers, $errors socket errors" >&2
		warnings="$warnings $label"
	fi
	local cpu
	cpu=$(awk -v c=$((c1 - c0)) -v n="$requests" 'BEGIN { printf "%.1f", (n > 0 ? c / n : 0) }')
	printf '%s %s %s %s\n' "$label" "$rps" "$p99" "$cpu" >>"$work/runs"
	printf '  %-8s %10.0f req/s  p99 %6.2f ms  %6.1f us CPU/request\n' "$label" "$rps" \
		"$(awk -v u="$p99" 'BEGIN { print u / 1000 }')" "$cpu"
}

warnings=
board_waiting=0
admin_password=bench-quantri-$$-$RANDOM
: >"$work/runs"

echo "motcua benchmark: wrk -t$wrk_threads -c$connections -d${duration}s, rounds: $rounds, cores: $(nproc)"

# 1. A fresh data directory.
MOTCUA_ADMIN_PASSWORD=$admin_password "$motcua" init --data "$work/data" >"$work/init.log" 2>&1 || {
	echo "bench: motcua init failed:" >&2
	cat "$work/init.log" >&2
	exit 1
}

# 2. Start-up time: spawn to the "listening" line, a few times; the median is reported.
startup=()
for ((i = 0; i < startup_samples; i++)); do
	start_motcua /dev/null
	startup+=("$spawned_us")
	stop "$motcua_pid"
done

# 3. Both servers up; a short warm-up of each.
start_ceiling
start_motcua /dev/null
seed_queue
health=$motcua_url/api/v1/health
units="$motcua_url/api/v1/units?kind=service_point&limit=50"
board=$motcua_url/api/v1/points/$point/queue
for url in "$ceiling_url/" "$health" "$units" "$board"; do
	curl -sf -o /dev/null "$url" || { echo "bench: $url does not answer 200" >&2; exit 1; }
	wrk -t1 -c8 -d1s "$url" >/dev/null
done

# 4. Alternate the ceiling and motcua so drift in the machine's load hits both alike.
for ((r = 1; r <= rounds; r++)); do
	echo "round $r"
	run_wrk ceiling "$ceiling_url/"
	run_wrk health "$health"
	run_wrk ceiling "$ceiling_url/"
	run_wrk units "$units"
	run_wrk ceiling "$ceiling_url/"
	run_wrk board "$board"
done

rss_kb=$(awk '/^VmRSS:/ { print $2 }' "/proc/$motcua_pid/status")
hwm_kb=$(awk '/^VmHWM:/ { print $2 }' "/proc/$motcua_pid/status")
stop "$motcua_pid"
stop "$ceiling_pid"

# 5. The table, on stdout and in bench/results/latest.txt.
startup_ms=$(printf '%s\n' "${startup[@]}" | sort -n | awk '{ v[NR] = $1 } END {
	printf "%.1f (min %.1f, max %.1f)", v[int((NR + 1) / 2)] / 1000, v[1] / 1000, v[NR] / 1000 }')
table=$(awk -v rss="$rss_kb" -v hwm="$hwm_kb" -v startup="$startup_ms" -v board_n="$board_waiting" \
	-v health_path="/api/v1/health" -v units_path="/api/v1/units?kind=service_point&limit=50" \
	-v board_path="/api/v1/points/$point/queue" '
	{ n[$1]++; rps[$1] += $2; cpu[$1] += $4; if ($3 > p99[$1]) p99[$1] = $3 }
	function row(label, what, goal,   mean, ratio, verdict) {
		mean = rps[label] / n[label]
		ratio = mean / ceiling
		verdict = goal == "" ? "" : (ratio >= goal ? "meets >= " goal : "BELOW " goal)
		line = sprintf("%-52s %10.0f %7.2f %9.2f %8.1f  %s", what, mean, ratio, p99[label] / 1000, cpu[label] / n[label], verdict)
		sub(/ +$/, "", line)
		print line
	}
	END {
		ceiling = rps["ceiling"] / n["ceiling"]
		printf "%-52s %10s %7s %9s %8s  %s\n", "benchmark", "req/s", "ratio", "p99 ms", "CPU us", "goal"
		printf "%-52s %10.0f %7.2f %9.2f %8.1f\n", "ceiling (bare libmicrohttpd, constant body)", ceiling, 1, p99["ceiling"] / 1000, cpu["ceiling"] / n["ceiling"]
		row("health", "GET " health_path, "")
		row("units", "GET " units_path, 0.5)
		row("board", "GET " board_path " (" board_n " waiting)", 0.5)
		printf "\n"
		printf "%-52s %s MB (peak %s MB)  %s\n", "motcua resident memory after the load", \
			sprintf("%.1f", rss / 1024), sprintf("%.1f", hwm / 1024), (hwm / 1024 < 100 ? "meets < 100 MB" : "ABOVE 100 MB")
		split(startup, s, " ")
		printf "%-52s %s ms  %s\n", "motcua start-up (spawn to listening, median of 5)", startup, \
			(s[1] + 0 < 200 ? "meets < 200 ms" : "ABOVE 200 ms")
	}' "$work/runs")

mkdir -p "$root/bench/results"
{
	echo "motcua benchmark $(date -u +%Y-%m-%dT%H:%M:%SZ) $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?')"
	echo "wrk -t$wrk_threads -c$connections -d${duration}s, rounds: $rounds (each: ceiling, health, ceiling, units, ceiling, board), cores: $(nproc)"
	echo
	echo "$table"
	if [ -n "$warnings" ]; then
		echo
		echo "warning: non-2xx answers or socket errors in:$warnings (their figures are not valid)"
	fi
} | tee "$root/bench/results/latest.txt"
echo "(also written to bench/results/latest.txt)"

# 6. The outbox's cost (issue 14 item 6): intake with and without two outbox messages each (its
# own processes, data and table; about half a minute).
if [ "${BENCH_OUTBOX:-1}" != 0 ]; then
	echo
	"$root/bench/outbox.sh"
fi

# 7. The dossier benchmarks (their own processes, data and table).
if [ "${BENCH_DOSSIERS:-1}" != 0 ]; then
	echo
	"$root/bench/dossiers.sh"
fi
