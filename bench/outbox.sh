#!/usr/bin/env bash
# The cost of the transactional outbox (issue 14 item 6, docs/portal.md, docs/webhooks.md):
# durable intake (POST /api/v1/dossiers, bench/intake.lua) on three servers, loaded in turn and
# alternating so that drift of the shared machine hits all alike, each on a copy of one fresh
# SQLite data directory (init + demo):
#   plain  — no outbox destination: intake as it was;
#   queued — a webhook subscription asking for dossier.created and the national portal, both at a
#            receiver that never answers (bench/outbox_receiver.py --stall): every intake writes
#            its two messages in its transaction, and the worker is held back (one attempt per
#            10 s timeout), so this measures the cost of writing the messages alone;
#   live   — the same destinations at a receiver answering 200 with the portal's acknowledgement:
#            the worker delivers while the load runs, on the same two cores as wrk, the receiver
#            and the server, and the table says whether it kept up (messages not yet delivered when
#            a run ended, and how long they took to drain after it).
# Besides requests per second it reports the server's CPU time and bytes written per intake,
# from /proc, which depend far less than throughput on what else the machine runs. Run by
# bench/run.sh (BENCH_OUTBOX=0 skips it) or alone once `make bench` built build/motcua; about
# 40 s.
#
# Settings: BENCH_OUTBOX_DURATION seconds per run (default 5), BENCH_OUTBOX_ROUNDS (2),
# BENCH_INTAKE_CONCURRENCY (cores), BUILD_DIR (build).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build}
duration=${BENCH_OUTBOX_DURATION:-5}
rounds=${BENCH_OUTBOX_ROUNDS:-2}
conc=${BENCH_INTAKE_CONCURRENCY:-$(nproc)}
threads=$((conc < 2 ? conc : 2))
motcua=$build/motcua
demo_password=motcua-demo
admin_password=bench-quantri-$$-$RANDOM

mkdir -p "$root/bench/.cache"
work=$(mktemp -d "$root/bench/.cache/outbox.XXXXXX") # on a real disk: fsync as in production
# shellcheck source=bench/lib.sh
. "$root/bench/lib.sh"
need_binaries "$motcua"
command -v python3 >/dev/null || { echo "bench: python3 not installed" >&2; exit 2; }

login() { # login URL USER PASSWORD: prints a session token
	local token
	token=$(curl -sf -H 'Content-Type: application/json' \
		-d "{\"username\":\"$2\",\"password\":\"$3\"}" "$1/api/v1/auth/login" | json_field token) || true
	[ -n "$token" ] || { echo "bench: login of $2 failed" >&2; exit 1; }
	echo "$token"
}

# 1. One fresh data directory with the demo accounts, copied for each server.
MOTCUA_ADMIN_PASSWORD=$admin_password "$motcua" init --data "$work/data" >"$work/init.log" 2>&1 &&
	MOTCUA_DEMO_PASSWORD=$demo_password MOTCUA_DEMO_DOSSIERS=0 "$motcua" demo --data "$work/data" \
		>>"$work/init.log" 2>&1 || { echo "bench: motcua init/demo failed:" >&2; cat "$work/init.log" >&2; exit 1; }
cp -a "$work/data" "$work/plain"
cp -a "$work/data" "$work/outbox"

# 2. Two receivers — one answering, one stalling — and three servers: without destinations
# (plain), with both destinations at the stalling receiver (queued: the messages are written, the
# worker is held back, so the run measures the writing alone), and with both at the answering one
# (live: the worker delivers while the load runs, on the same cores).
start_receiver() { # start_receiver [--stall]: receiver_pid, receiver_url
	spawn_until_listening "$work/receiver.log" python3 "$root/bench/outbox_receiver.py" "$@" ||
		{ echo "bench: the receiver did not start:" >&2; cat "$work/receiver.log" >&2; exit 1; }
	receiver_pid=$spawned_pid
	receiver_url=$(sed -n 's|.*listening on \(http://[0-9.]*:[0-9]*\)/.*|\1|p' <<<"$spawned_line")
}
start_with_destinations() { # start_with_destinations DATA RECEIVER: motcua_pid, motcua_url
	spawn_until_listening /dev/null "$motcua" serve --data "$1" --listen 127.0.0.1:0 \
		--per-ip-limit 0 --conn-limit 10000 --webhook-allow 127.0.0.1/32 \
		--portal-url "$2/portal" --portal-agency BENCH.AGENCY ||
		{ echo "bench: motcua with destinations did not start" >&2; exit 1; }
	motcua_pid=$spawned_pid
	motcua_url=$(sed -n 's|.*listening on \(http://[0-9.]*:[0-9]*\)/.*|\1|p' <<<"$spawned_line")
	local admin status
	admin=$(login "$motcua_url" admin "$admin_password")
	status=$(curl -s -o "$work/sub.json" -w '%{http_code}' -H 'Content-Type: application/json' \
		-H "Authorization: Bearer $admin" -d "{\"url\":\"$2/hook\",\"events\":[\"dossier.created\"]}" \
		"$motcua_url/api/v1/subscriptions")
	[ "$status" = 201 ] || { echo "bench: subscription answers $status:" >&2; cat "$work/sub.json" >&2; exit 1; }
}
cp -a "$work/data" "$work/queued"
start_receiver
receiver=$receiver_url
live_receiver_pid=$receiver_pid
start_receiver --stall
stalled_receiver_pid=$receiver_pid
start_motcua_on "$work/plain" /dev/null
plain_pid=$motcua_pid
plain=$motcua_url
start_with_destinations "$work/queued" "$receiver_url"
queued_pid=$motcua_pid
queued=$motcua_url
start_with_destinations "$work/outbox" "$receiver"
outbox_pid=$motcua_pid
outbox=$motcua_url

delivered() { curl -sf "$receiver/count"; }
written=0 # messages the live server has written: 2 per intake
declare -A token
for url in "$plain" "$queued" "$outbox"; do
	token[$url]=$(login "$url" tiepnhan.hoankiem "$demo_password")
	for _ in 1 2 3; do # warm-up, and a check that intake answers 201
		status=$(curl -s -o "$work/intake.json" -w '%{http_code}' -H 'Content-Type: application/json' \
			-H "Authorization: Bearer ${token[$url]}" -d "$intake_body" "$url/api/v1/dossiers")
		[ "$status" = 201 ] || { echo "bench: intake answers $status:" >&2; cat "$work/intake.json" >&2; exit 1; }
		[ "$url" = "$outbox" ] && written=$((written + 2))
	done
done

# Waits until the receiver has every written message (at most 300 s); prints the seconds taken.
drain() {
	local t0 t1
	t0=$(now_us)
	while [ "$(delivered)" -lt "$written" ]; do
		t1=$(now_us)
		[ $(((t1 - t0) / 1000000)) -lt 300 ] || { echo "bench: the outbox did not drain" >&2; exit 1; }
		sleep 0.1
	done
	t1=$(now_us)
	awk -v us=$((t1 - t0)) 'BEGIN { printf "%.1f", us / 1e6 }'
}

# CPU time (user + system, clock ticks) and bytes written to storage so far by process PID.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
io_bytes() { awk '/^write_bytes:/ { print $2 }' "/proc/$1/io"; }
tick_us=$((1000000 / $(getconf CLK_TCK)))

# One wrk run of intake against URL served by PID: appends "LABEL rps p99_us requests cpu_us
# written_bytes" to $work/runs (CPU and bytes of the server during the run).
warnings=
run() {
	local label=$1 url=$2 pid=$3 out line c0 c1 w0 w1
	c0=$(cpu_ticks "$pid")
	w0=$(io_bytes "$pid")
	out=$(BENCH_TOKEN=${token[$url]} BENCH_BODY=$intake_body wrk -t"$threads" -c"$conc" \
		-d"${duration}s" -s "$root/bench/intake.lua" "$url/api/v1/dossiers")
	c1=$(cpu_ticks "$pid")
	w1=$(io_bytes "$pid")
	line=$(grep '^BENCH ' <<<"$out") || { echo "bench: wrk gave no result" >&2; echo "$out" >&2; exit 1; }
	local requests rps p99 errors non2xx
	requests=$(sed 's/.*requests=\([0-9]*\).*/\1/' <<<"$line")
	rps=$(sed 's/.* rps=\([0-9.]*\).*/\1/' <<<"$line")
	p99=$(sed 's/.* p99_us=\([0-9]*\).*/\1/' <<<"$line")
	errors=$(sed 's/.* errors=\([0-9]*\).*/\1/' <<<"$line")
	non2xx=$(sed 's/.* non2xx=\([0-9]*\).*/\1/' <<<"$line")
	if [ "$non2xx" != 0 ] || [ "$errors" != 0 ]; then
		echo "bench: warning: $label: $non2xx non-2xx answers, $errors socket errors" >&2
		warnings="$warnings $label"
	fi
	echo "$label $rps $p99 $requests $(((c1 - c0) * tick_us)) $((w1 - w0))" >>"$work/runs"
	printf '  %-8s %8.0f intakes/s  p99 %7.2f ms  %6.0f us CPU and %5.1f KiB written per intake\n' \
		"$label" "$rps" "$(awk -v u="$p99" 'BEGIN { print u / 1000 }')" \
		"$(awk -v c=$(((c1 - c0) * tick_us)) -v n="$requests" 'BEGIN { print c / n }')" \
		"$(awk -v w=$((w1 - w0)) -v n="$requests" 'BEGIN { print w / n / 1024 }')"
}

echo "outbox cost: intake, wrk -t$threads -c$conc -d${duration}s, rounds: $rounds, cores: $(nproc)"
: >"$work/runs"
: >"$work/backlog"
for ((r = 1; r <= rounds; r++)); do
	echo "round $r"
	run plain "$plain" "$plain_pid"
	run queued "$queued" "$queued_pid"
	run live "$outbox" "$outbox_pid"
	n=$(awk '$1 == "live" { n = $4 } END { print n }' "$work/runs")
	written=$((written + 2 * n))
	got=$(delivered)
	secs=$(drain)
	echo "$written $got $secs" >>"$work/backlog"
	printf '  live: %d of %d messages delivered when the run ended; the rest %s s later\n' \
		"$got" "$written" "$secs"
done
stop "$outbox_pid"
stop "$queued_pid"
stop "$plain_pid"
stop "$live_receiver_pid"
stop "$stalled_receiver_pid"

table=$(awk -v conc="$conc" '
	FILENAME ~ /runs$/ { n[$1]++; rps[$1] += $2; if ($3 > p99[$1]) p99[$1] = $3; req[$1] += $4; cpu[$1] += $5; wb[$1] += $6; next }
	{ if ($3 > worst) worst = $3; behind += $1 - $2 }
	function row(label, what, goal,   ratio, c) {
		ratio = rps[label] / n[label] / p
		c = cpu[label] / req[label]
		line = sprintf("%-62s %9.0f %6.2f %8.2f %7.0f %6.2f %7.1f  %s", what, rps[label] / n[label], ratio, \
			p99[label] / 1000, c, c / (cpu["plain"] / req["plain"]), wb[label] / req[label] / 1024, \
			goal == "" ? "" : (ratio >= goal ? "meets >= " goal : "BELOW " goal))
		sub(/ +$/, "", line)
		print line
	}
	END {
		p = rps["plain"] / n["plain"]
		printf "%-62s %9s %6s %8s %7s %6s %7s  %s\n", "benchmark (SQLite, fresh data, " conc " conc.)", "intakes/s", "ratio", \
			"p99 ms", "CPU us", "ratio", "KiB", "goal"
		row("plain", "durable intake, no outbox destination", "")
		row("queued", "  + 2 outbox messages each (1 webhook + portal), written only", 0.9)
		row("live", "  + 2 outbox messages each, worker delivering (same cores)", "")
		printf "%-62s %s\n", "  live: messages not yet delivered when its runs ended (sum)", behind
		printf "%-62s %s s\n", "  live: longest drain after a run", worst
	}' "$work/runs" "$work/backlog")
mkdir -p "$root/bench/results"
{
	echo "motcua outbox benchmark $(date -u +%Y-%m-%dT%H:%M:%SZ) $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?')"
	echo "intake: wrk -t$threads -c$conc -d${duration}s, rounds: $rounds (each: plain, queued, live), cores: $(nproc)"
	echo
	echo "$table"
	if [ -n "$warnings" ]; then
		echo
		echo "warning: non-2xx answers or socket errors in:$warnings (their figures are not valid)"
	fi
} | tee "$root/bench/results/outbox.txt"
echo "(also written to bench/results/outbox.txt)"
