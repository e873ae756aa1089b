#!/usr/bin/env bash
# The cost of the transactional outbox (issue 14 item 6, docs/portal.md, docs/webhooks.md):
# durable intake (POST /api/v1/dossiers, bench/intake.lua) on a server without destinations
# against one whose every intake writes two outbox messages in its transaction — one webhook
# subscription asking for dossier.created and the national portal — while its delivery worker
# sends them to a local receiver (bench/outbox_receiver.py, answering 200 with the portal's
# acknowledgement). Both servers run on copies of one fresh SQLite data directory (init + demo),
# are up together and are loaded in turn, alternating, so drift of the shared machine hits both.
# Besides the ratio it says whether the worker kept up: messages delivered by the end of each
# run against those written, and how long the rest took to drain. Run by bench/run.sh (skip with
# BENCH_OUTBOX=0) or alone after `make bench` built build/motcua.
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
intake_body='{"procedure":"1.004837","applicant":{"kind":"person","name":"Nguyễn Thị Hằng",'\
'"id_number":"001190012345","phone":"0912345678","address":"Số 1 Tràng Tiền, Hoàn Kiếm"},'\
'"resolver_unit":"001.00.50.H26","channel":"counter",'\
'"components":[{"id":"tp02","provided":true},{"id":"tp07","provided":true}]}'

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

# 2. The receiver, and the two servers.
spawn_until_listening "$work/receiver.log" python3 "$root/bench/outbox_receiver.py" ||
	{ echo "bench: the receiver did not start:" >&2; cat "$work/receiver.log" >&2; exit 1; }
receiver_pid=$spawned_pid
receiver=$(sed -n 's|.*listening on \(http://[0-9.]*:[0-9]*\)/.*|\1|p' <<<"$spawned_line")
start_motcua_on "$work/plain" /dev/null
plain_pid=$motcua_pid
plain=$motcua_url
spawn_until_listening /dev/null "$motcua" serve --data "$work/outbox" --listen 127.0.0.1:0 \
	--per-ip-limit 0 --conn-limit 10000 --webhook-allow 127.0.0.1/32 \
	--portal-url "$receiver/portal" --portal-agency BENCH.AGENCY ||
	{ echo "bench: motcua (outbox) did not start" >&2; exit 1; }
outbox_pid=$spawned_pid
outbox=$(sed -n 's|.*listening on \(http://[0-9.]*:[0-9]*\)/.*|\1|p' <<<"$spawned_line")
admin=$(login "$outbox" admin "$admin_password")
status=$(curl -s -o "$work/sub.json" -w '%{http_code}' -H 'Content-Type: application/json' \
	-H "Authorization: Bearer $admin" -d "{\"url\":\"$receiver/hook\",\"events\":[\"dossier.created\"]}" \
	"$outbox/api/v1/subscriptions")
[ "$status" = 201 ] || { echo "bench: subscription answers $status:" >&2; cat "$work/sub.json" >&2; exit 1; }

delivered() { curl -sf "$receiver/count"; }
written=0 # messages the outbox server has written: 2 per intake
declare -A token
for url in "$plain" "$outbox"; do
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

# One wrk run of intake against URL: appends "LABEL rps p99_us requests" to $work/runs.
warnings=
run() {
	local label=$1 url=$2 out line
	out=$(BENCH_TOKEN=${token[$url]} BENCH_BODY=$intake_body wrk -t"$threads" -c"$conc" \
		-d"${duration}s" -s "$root/bench/intake.lua" "$url/api/v1/dossiers")
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
	echo "$label $rps $p99 $requests" >>"$work/runs"
	printf '  %-8s %8.0f intakes/s  p99 %7.2f ms\n' "$label" "$rps" "$(awk -v u="$p99" 'BEGIN { print u / 1000 }')"
}

echo "outbox cost: intake, wrk -t$threads -c$conc -d${duration}s, rounds: $rounds, cores: $(nproc)"
: >"$work/runs"
: >"$work/backlog"
for ((r = 1; r <= rounds; r++)); do
	echo "round $r"
	run plain "$plain"
	run outbox "$outbox"
	n=$(awk '$1 == "outbox" { n = $4 } END { print n }' "$work/runs")
	written=$((written + 2 * n))
	got=$(delivered)
	secs=$(drain)
	echo "$written $got $secs" >>"$work/backlog"
	printf '  outbox: %d of %d messages delivered when the run ended; the rest %s s later\n' \
		"$got" "$written" "$secs"
done
stop "$outbox_pid"
stop "$plain_pid"
stop "$receiver_pid"

table=$(awk -v conc="$conc" '
	FILENAME ~ /runs$/ { n[$1]++; rps[$1] += $2; if ($3 > p99[$1]) p99[$1] = $3; next }
	{ runs++; if ($3 > worst) worst = $3; w = $1; last_got = $2; behind += $1 - $2 }
	END {
		p = rps["plain"] / n["plain"]; o = rps["outbox"] / n["outbox"]; ratio = o / p
		printf "%-58s %10s %7s %9s  %s\n", "benchmark (SQLite, fresh data)", "intakes/s", "ratio", "p99 ms", "goal"
		printf "%-58s %10.0f %7.2f %9.2f\n", "durable intake, no outbox destination (" conc " conc.)", p, 1, p99["plain"] / 1000
		printf "%-58s %10.0f %7.2f %9.2f  %s\n", "durable intake + outbox: 1 webhook + the portal (2 msgs)", o, ratio, p99["outbox"] / 1000, \
			(ratio >= 0.9 ? "meets >= 0.90" : "BELOW 0.90")
		printf "%-58s %s\n", "worker: messages behind when a run ended (sum of runs)", behind
		printf "%-58s %s s\n", "worker: longest drain after a run", worst
	}' "$work/runs" "$work/backlog")
mkdir -p "$root/bench/results"
{
	echo "motcua outbox benchmark $(date -u +%Y-%m-%dT%H:%M:%SZ) $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?')"
	echo "intake: wrk -t$threads -c$conc -d${duration}s, rounds: $rounds (each: plain, outbox), cores: $(nproc)"
	echo
	echo "$table"
	if [ -n "$warnings" ]; then
		echo
		echo "warning: non-2xx answers or socket errors in:$warnings (their figures are not valid)"
	fi
} | tee "$root/bench/results/outbox.txt"
echo "(also written to bench/results/outbox.txt)"
