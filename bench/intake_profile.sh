#!/usr/bin/env bash
# Where a durable intake's server CPU goes (issue 22, docs/performance.md "Intake CPU"): one motcua
# on a fresh SQLite data directory (init + demo), loaded with bench/intake.lua, with
# MOTCUA_STMT_STATS=1 so that each database connection logs, when the server stops, its
# statements' runs, the CPU time of their steps (the thread's clock) and SQLite's counters, and
# the writer's commits. Prints per intake: the server's CPU (user, system) and bytes written from
# /proc, the CPU and thread switches of each kind of thread (by name), intakes per commit, and each
# statement's runs, CPU and VM steps, the costliest first.
# The timing itself costs two clock reads per step: compare figures of this script with each
# other, not with `make bench`'s. About 20 s; needs `make bench` (build/motcua).
#
# Settings: BENCH_DURATION seconds (default 8), BENCH_INTAKE_CONCURRENCY (8), BENCH_TOP rows (25),
# BUILD_DIR (build), MOTCUA_ARGS (more `serve` options, e.g. "--write-threads 1"), BENCH_NAMES=1
# (a new applicant name each request) and BENCH_IDS=1 (a new ID number each request): bench/intake.lua.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build}
duration=${BENCH_DURATION:-8}
conc=${BENCH_INTAKE_CONCURRENCY:-8}
top=${BENCH_TOP:-25}
threads=$((conc < 2 ? conc : 2))
motcua=$build/motcua
demo_password='motcua-demo'

mkdir -p "$root/bench/.cache"
work=$(mktemp -d "$root/bench/.cache/profile.XXXXXX") # on a real disk: fsync as in production
# shellcheck source=bench/lib.sh
. "$root/bench/lib.sh"
need_binaries "$motcua"

MOTCUA_ADMIN_PASSWORD=bench-quantri-$$-$RANDOM "$motcua" init --data "$work/data" >"$work/init.log" 2>&1 &&
	MOTCUA_DEMO_PASSWORD=$demo_password MOTCUA_DEMO_DOSSIERS=0 "$motcua" demo --data "$work/data" \
		>>"$work/init.log" 2>&1 || { echo "bench: motcua init/demo failed:" >&2; cat "$work/init.log" >&2; exit 1; }

# shellcheck disable=SC2086 # MOTCUA_ARGS is a list of options
MOTCUA_STMT_STATS=1 spawn_until_listening "$work/server.log" "$motcua" serve --data "$work/data" \
	--listen 127.0.0.1:0 --per-ip-limit 0 --conn-limit 10000 ${MOTCUA_ARGS:-} ||
	{ echo "bench: motcua did not start:" >&2; tail -n 20 "$work/server.log" >&2; exit 1; }
pid=$spawned_pid
url=$(sed -n 's|.*listening on \(http://[0-9.]*:[0-9]*\)/.*|\1|p' <<<"$spawned_line")
token=$(login_token "$url" tiepnhan.hoankiem "$demo_password")
[ -n "$token" ] || { echo "bench: login failed" >&2; exit 1; }

read_io() { awk '/^write_bytes/ { print $2 }' "/proc/$pid/io"; }
read_ut() { sed 's/^.*) //' "/proc/$pid/stat" | awk '{ print $12, $13 }'; }
# Per thread: "name ticks switches" lines (the threads are named by role: docs/operations.md).
read_tasks() {
	local t
	for t in /proc/"$pid"/task/*; do
		printf '%s %s %s\n' "$(tr ' ' _ <"$t/comm")" \
			"$(sed 's/^.*) //' "$t/stat" | awk '{ print $12, $13 }')" \
			"$(awk '/ctxt_switches/ { s += $2 } END { print s }' "$t/status")"
	done
}
read -r u0 s0 < <(read_ut)
w0=$(read_io)
read_tasks >"$work/tasks0"
out=$(BENCH_TOKEN=$token BENCH_BODY=$intake_body wrk -t"$threads" -c"$conc" -d"${duration}s" \
	-s "$root/bench/intake.lua" "$url/api/v1/dossiers")
read -r u1 s1 < <(read_ut)
w1=$(read_io)
read_tasks >"$work/tasks1"
line=$(grep '^BENCH ' <<<"$out") || { echo "bench: wrk printed no result:" >&2; echo "$out" >&2; exit 1; }
stop "$pid"

tck=$(getconf CLK_TCK)
# The CPU and the thread switches per intake by thread role (threads that ended during the run are
# not counted; none of the server's do).
by_role=$(awk -v tck="$tck" -v bench="$line" '
	BEGIN { split(bench, f, " "); for (i in f) if (f[i] ~ /^requests=/) { sub(/requests=/, "", f[i]); n = f[i] } }
	FNR == NR { u0[$1, NR] = $2; s0[$1, NR] = $3; c0[$1, NR] = $4; next }
	{ k = $1; ut[k] += $2; st[k] += $3; sw[k] += $4 }
	END {
		for (x in u0) { split(x, p, SUBSEP); ut[p[1]] -= u0[x]; st[p[1]] -= s0[x]; sw[p[1]] -= c0[x] }
		for (k in ut) if (n > 0 && (ut[k] + st[k] > 0 || sw[k] > 0))
			printf "  %-16s %7.1f us CPU (user %6.1f, system %6.1f) %6.2f switches per intake\n", k,
				(ut[k] + st[k]) * 1000000 / tck / n, ut[k] * 1000000 / tck / n, st[k] * 1000000 / tck / n, sw[k] / n
	}' "$work/tasks0" "$work/tasks1" | sort -k2 -n -r)
echo "motcua intake profile: $conc clients, ${duration}s, ${MOTCUA_ARGS:-default options}, cores: $(nproc)"
echo "server CPU and thread switches per intake by thread (comm):"
echo "$by_role"
grep -h '^stmt-stats\|stmt-stats' "$work/server.log" | sed 's/^.*stmt-stats //' >"$work/stats"
awk -v bench="$line" -v u="$((u1 - u0))" -v s="$((s1 - s0))" -v w="$((w1 - w0))" -v tck="$tck" -v top="$top" '
	BEGIN { split(bench, f, " "); for (i in f) if (f[i] ~ /^requests=/) { sub(/requests=/, "", f[i]); n = f[i] } }
	/^commits=/ { split($1, a, "="); split($2, b, "="); commits += a[2]; commit_us += b[2]; next }
	/^runs=/ {
		split($1, a, "="); split($2, b, "="); split($3, c, "="); sql = $0; sub(/^.* sql=/, "", sql)
		runs[sql] += a[2]; cpu[sql] += b[2]; vm[sql] += c[2]
	}
	END {
		intakes = runs["INSERT INTO dossier_events (dossier_id, at, action, actor, unit, from_status, to_status, detail) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"]
		if (intakes == 0) { print "bench: no intake counted" > "/dev/stderr"; exit 1 }
		printf "intakes answered in the run: %d (with the warm-up, %d in the counters)\n", n, intakes
		printf "server CPU per intake (run): %d us (user %d, system %d); bytes written per intake: %d\n",
			(u + s) * 1000000 / tck / n, u * 1000000 / tck / n, s * 1000000 / tck / n, w / n
		printf "write commits: %d, %.2f intakes per commit, %.1f us of CPU per intake in COMMIT\n",
			commits, intakes / commits, commit_us / intakes
		printf "%8s %9s %9s  %s\n", "runs/int", "CPU us/int", "VM steps", "statement"
		for (k in runs) printf "%8.2f %9.1f %9.0f  %s\n", runs[k] / intakes, cpu[k] / intakes, vm[k] / intakes, substr(k, 1, 100) | "sort -k2 -n -r | head -n " top
	}' "$work/stats"
