#!/usr/bin/env bash
# Instructions per durable intake, counted by valgrind's callgrind (issue 22, docs/performance.md
# "Savepoints and statement journals"): one motcua under callgrind on a fresh SQLite data
# directory (init + demo), N intakes one after another (one client, so one intake per commit)
# after 20 to warm up, the counters zeroed between. Unlike CPU time, the count is the same from
# one run to the next (within ~0.1 %) whatever else the machine does, so two builds can be told
# apart by a 1 % change. It counts user-space instructions only (not the kernel's work, nor what a
# shared commit saves), and `rep stos` as one per byte (libmicrohttpd's and SQLite's memset look
# larger than they cost). Prints the count per intake; with BENCH_ANNOTATE=1 also the costliest
# functions of motcua and SQLite, inclusive. About 20 s for 200 intakes. BENCH_CLIENTS=K (default 1)
# posts the N intakes from K clients at once, so that the writer's commits hold several (what a
# change to a transaction's shared work saves; the count then moves by a few % from run to run with
# how the intakes fell into commits).
#
# usage: bench/intake_instructions.sh [BINARY] [N]      (default build/motcua, 200)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
bin=$(realpath "${1:-$root/build/motcua}")
n=${2:-200}
demo_password='motcua-demo'
command -v valgrind >/dev/null || { echo "bench: valgrind not installed" >&2; exit 2; }
command -v callgrind_control >/dev/null || { echo "bench: callgrind_control not installed" >&2; exit 2; }

mkdir -p "$root/bench/.cache"
work=$(mktemp -d "$root/bench/.cache/instructions.XXXXXX")
# shellcheck source=bench/lib.sh
. "$root/bench/lib.sh"
need_binaries "$bin"

MOTCUA_ADMIN_PASSWORD=bench-quantri-$$-$RANDOM "$bin" init --data "$work/data" >"$work/init.log" 2>&1 &&
	MOTCUA_DEMO_PASSWORD=$demo_password MOTCUA_DEMO_DOSSIERS=0 "$bin" demo --data "$work/data" \
		>>"$work/init.log" 2>&1 || { echo "bench: init/demo failed:" >&2; cat "$work/init.log" >&2; exit 1; }
# shellcheck disable=SC2034 # read by spawn_until_listening
spawn_timeout=120
spawn_until_listening "$work/server.log" valgrind --tool=callgrind --callgrind-out-file="$work/cg.out" \
	"$bin" serve --data "$work/data" --listen 127.0.0.1:0 --per-ip-limit 0 ||
	{ echo "bench: motcua did not start under valgrind:" >&2; tail -n 20 "$work/server.log" >&2; exit 1; }
pid=$spawned_pid
url=$(sed -n 's|.*listening on \(http://[0-9.]*:[0-9]*\)/.*|\1|p' <<<"$spawned_line")
token=$(login_token "$url" tiepnhan.hoankiem "$demo_password")
[ -n "$token" ] || { echo "bench: login failed" >&2; exit 1; }
post() {
	local i
	for ((i = 0; i < $1; i++)); do
		curl -sf -o /dev/null -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
			-d "$intake_body" "$url/api/v1/dossiers" || { echo "bench: an intake failed" >&2; exit 1; }
	done
}
post 20
callgrind_control -z "$pid" >/dev/null 2>&1
clients=${BENCH_CLIENTS:-1}
posters=()
for ((c = 0; c < clients; c++)); do
	post $((n / clients)) &
	posters+=($!)
done
for p in "${posters[@]}"; do
	wait "$p" || { echo "bench: a client failed" >&2; exit 1; }
done
n=$((n / clients * clients))
callgrind_control -d "$pid" >/dev/null 2>&1
stop "$pid"
[ -z "${BENCH_LOG:-}" ] || cp "$work/server.log" "$BENCH_LOG" # with MOTCUA_STMT_STATS=1: commits
# The dump holds the zeroed span alone (its first part); the file written at exit, what followed.
out=$(grep -l '^part: *1$' "$work"/cg.out* | head -n 1)
ir=$(awk '/^(summary|totals):/ { print $2; exit }' "$out")
echo "motcua intake instructions: $((ir / n)) per intake ($n intakes, $clients at once), $(basename "$bin")"
if [ "${BENCH_ANNOTATE:-}" = 1 ]; then
	callgrind_annotate --inclusive=yes --threshold=100 "$out" 2>/dev/null | grep '%' |
		grep -E 'src/|sqlite3[A-Za-z_]*( |$)' | sed 's/,//g' |
		awk -v n="$n" '{ c = $1; sub(/^ *[0-9]+ *\( *[0-9.]+%\) */, ""); sub(/ \[.*\]$/, "");
			sub(/^.*\/src\//, "src/"); printf "%10.0f  %s\n", c / n, $0 }' |
		awk '!seen[$2]++' | head -n 40
fi
