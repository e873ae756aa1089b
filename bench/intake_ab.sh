#!/usr/bin/env bash
# Durable intake, one build against another (issue 22, docs/performance.md "Temporary b-trees"):
# the server CPU per intake of each binary, in turn, ROUNDS times, each run on a fresh copy of one
# data directory (init + demo, made once by the first binary), so that the two see the same data
# and the same minutes of a shared machine. Prints one line per run: intakes answered, CPU per
# intake (user + system from /proc/PID/stat over the run), thread switches per intake (from
# /proc/PID/task/*/status), the clients' p50 and p99 latency (wrk) and the busiest HTTP worker's share
# of the workers' CPU (1.00: every connection on one worker, the cheap regime; ~0.5: spread over
# two); then each side's mean and median, and in how many pairs B was lower. Not part of `make bench`;
# about (ROUNDS x 2 x (SECONDS + 3)) s.
#
# usage: bench/intake_ab.sh BINARY_A BINARY_B [ROUNDS]
# Before each pair it prints how busy the host is: bench_ceiling's CPU per request (6-7 us on a calm
# day; BENCH_CEILING=0 skips it).
# Settings: BENCH_DURATION seconds per run (default 5), BENCH_INTAKE_CONCURRENCY (8),
# BENCH_DATA (a data directory to copy instead of a fresh demo: e.g. bench/.cache/dossiers-N/data),
# BENCH_DATA_B (with BENCH_DATA: another data directory for the B side, to compare one binary on
# two data sets, e.g. the demo's and a million dossiers'),
# BENCH_INIT_EACH=1 (each binary makes its own data directory: for changes to how a database is
# created, such as its page size), BENCH_NAMES=1 (each request another applicant's name, as at a
# real counter, instead of one name over and over: bench/intake.lua), BENCH_IDS=1 (each request
# another applicant's ID number; both together: a new applicant each time). The servers inherit the
# environment: MOTCUA_THREADS=1 gives both one HTTP worker, which removes the two regimes of how
# connections are spread over workers (bench/README.md) and lets a change of 1-2 us show.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
[ $# -ge 2 ] || { echo "usage: $0 BINARY_A BINARY_B [ROUNDS]" >&2; exit 2; }
bin_a=$(realpath "$1")
bin_b=$(realpath "$2")
rounds=${3:-3}
duration=${BENCH_DURATION:-5}
conc=${BENCH_INTAKE_CONCURRENCY:-8}
threads=$((conc < 2 ? conc : 2))
demo_password='motcua-demo'

mkdir -p "$root/bench/.cache"
work=$(mktemp -d "$root/bench/.cache/ab.XXXXXX") # on a real disk: fsync as in production
# shellcheck source=bench/lib.sh
. "$root/bench/lib.sh"
need_binaries "$bin_a" "$bin_b"

make_data() { # make_data BINARY DIR: init + demo
	MOTCUA_ADMIN_PASSWORD=bench-quantri-$$-$RANDOM "$1" init --data "$2" >"$work/init.log" 2>&1 &&
		MOTCUA_DEMO_PASSWORD=$demo_password MOTCUA_DEMO_DOSSIERS=0 "$1" demo --data "$2" \
			>>"$work/init.log" 2>&1 || { echo "bench: init/demo failed:" >&2; cat "$work/init.log" >&2; exit 1; }
}
if [ -n "${BENCH_DATA:-}" ]; then
	pristine_a=$BENCH_DATA
	pristine_b=${BENCH_DATA_B:-$BENCH_DATA}
else
	pristine_a=$work/pristine-a
	make_data "$bin_a" "$pristine_a"
	pristine_b=$pristine_a
	if [ "${BENCH_INIT_EACH:-0}" = 1 ]; then
		pristine_b=$work/pristine-b
		make_data "$bin_b" "$pristine_b"
	fi
fi

run() { # run BINARY DATA: one measured run on a fresh copy of DATA
	local bin=$1 pristine=$2 pid url token out n u0 s0 u1 s1 c0 c1 p50 p99
	rm -rf "$work/run"
	copy_data "$pristine" "$work/run"
	spawn_until_listening "$work/server.log" "$bin" serve --data "$work/run" --listen 127.0.0.1:0 \
		--per-ip-limit 0 --conn-limit 10000 || { tail -n 20 "$work/server.log" >&2; exit 1; }
	pid=$spawned_pid
	url=$(sed -n 's|.*listening on \(http://[0-9.]*:[0-9]*\)/.*|\1|p' <<<"$spawned_line")
	token=$(login_token "$url" tiepnhan.hoankiem "$demo_password")
	[ -n "$token" ] || { echo "bench: login failed" >&2; exit 1; }
	# a second's warm-up: the first intakes read the catalog, units and calendar into memory
	BENCH_TOKEN=$token BENCH_BODY=$intake_body wrk -t"$threads" -c"$conc" -d1s \
		-s "$root/bench/intake.lua" "$url/api/v1/dossiers" >/dev/null
	read -r u0 s0 < <(sed 's/^.*) //' "/proc/$pid/stat" | awk '{ print $12, $13 }')
	c0=$(cat /proc/"$pid"/task/*/status | awk '/ctxt_switches/ { s += $2 } END { print s }')
	out=$(BENCH_TOKEN=$token BENCH_BODY=$intake_body wrk -t"$threads" -c"$conc" -d"${duration}s" \
		-s "$root/bench/intake.lua" "$url/api/v1/dossiers")
	read -r u1 s1 < <(sed 's/^.*) //' "/proc/$pid/stat" | awk '{ print $12, $13 }')
	c1=$(cat /proc/"$pid"/task/*/status | awk '/ctxt_switches/ { s += $2 } END { print s }')
	# the regime: the busiest HTTP worker's share of the workers' CPU since the start (1.00 when
	# one worker holds every connection; ~0.5 when libmicrohttpd spread them evenly)
	share=$(for t in /proc/"$pid"/task/*; do
		if [ "$(cat "$t/comm")" = MHD-worker ]; then awk '{ print $14 + $15 }' "$t/stat"; fi
	done |
		awk '{ s += $1; if ($1 > m) m = $1 } END { printf "%.2f", s ? m / s : 1 }')
	stop "$pid"
	n=$(grep '^BENCH ' <<<"$out" | tr ' ' '\n' | sed -n 's/^requests=//p')
	p50=$(grep '^BENCH ' <<<"$out" | tr ' ' '\n' | sed -n 's/^p50_us=//p')
	p99=$(grep '^BENCH ' <<<"$out" | tr ' ' '\n' | sed -n 's/^p99_us=//p')
	[ -n "$n" ] && [ "$n" -gt 0 ] || { echo "bench: no intake answered:" >&2; echo "$out" >&2; exit 1; }
	awk -v b="$bin" -v n="$n" -v p50="$p50" -v p99="$p99" -v u=$((u1 - u0)) -v s=$((s1 - s0)) -v c=$((c1 - c0)) \
		-v share="$share" -v tck="$(getconf CLK_TCK)" 'BEGIN {
		printf "%-40s %7d intakes  %6.0f us CPU per intake (user %4.0f, system %4.0f)  %5.2f switches  p50 %5d us  p99 %5d us  busiest worker %s\n",
			b, n, (u + s) * 1e6 / tck / n, u * 1e6 / tck / n, s * 1e6 / tck / n, c / n, p50, p99, share }'
}

# How busy the host is, before each pair: bench_ceiling's (the bare libmicrohttpd server's) CPU per
# request over 2 s at the same number of clients. On a calm day it is 6-7 us; other work on the
# host raises it, and every run beside it (docs/performance.md). BENCH_CEILING=0 skips it; it is
# skipped too when $BUILD_DIR/bench_ceiling (default build/) is not built.
ceiling=$root/${BUILD_DIR:-build}/bench_ceiling
ceiling_pid=
if [ "${BENCH_CEILING:-1}" != 0 ] && [ -x "$ceiling" ]; then
	start_ceiling
fi
ceiling_now() {
	local c0 c1 out n
	c0=$(cpu_us "$ceiling_pid")
	out=$(wrk -t"$threads" -c"$conc" -d2s -s "$root/bench/report.lua" "$ceiling_url/")
	c1=$(cpu_us "$ceiling_pid")
	n=$(grep '^BENCH ' <<<"$out" | tr ' ' '\n' | sed -n 's/^requests=//p')
	awk -v c=$((c1 - c0)) -v n="${n:-0}" 'BEGIN { if (n > 0) printf "%.1f", c / n; else print "-" }'
}

echo "durable intake, $conc clients, ${duration}s runs, $rounds rounds, cores: $(nproc)$([ "${BENCH_NAMES:-0}" = 1 ] && echo ", a new applicant name each request")$([ "${BENCH_IDS:-0}" = 1 ] && echo ", a new ID number each request")$([ -n "${BENCH_DATA_B:-}" ] && echo ", A on $BENCH_DATA, B on $BENCH_DATA_B")"
for _ in $(seq "$rounds"); do
	if [ -n "$ceiling_pid" ]; then
		echo "ceiling $(ceiling_now) us per request" | tee -a "$work/ceilings"
	fi
	run "$bin_a" "$pristine_a" | tee -a "$work/runs"
	run "$bin_b" "$pristine_b" | tee -a "$work/runs"
done
if [ -n "$ceiling_pid" ]; then
	stop "$ceiling_pid"
	awk '{ v = $2 + 0; s += v; if (!n++ || v < m) m = v; if (v > x) x = v }
	END { printf "ceiling: mean %.1f us per request, least %.1f, most %.1f (calm: 6-7)\n", s / n, m, x }' \
		"$work/ceilings"
fi
# The summary: each side's mean and median CPU per intake, and in how many pairs B was lower. On a
# busy shared machine runs of one binary a minute apart differ by up to 30 %: a change of a few %
# shows, if at all, as a majority of pairs, not as a difference of means (docs/performance.md).
# The least run of each side is printed too: what other work on the host adds only ever raises a
# run, so the least of many runs comes nearest to what a quiet machine gives.
# Then the pairs' differences B - A: their mean with twice its standard error (about a 95 %
# interval): a change whose interval holds 0 was not resolved by the series.
awk '{ v = $4 + 0; if (NR % 2) a[++na] = v; else { b[++nb] = v; d[nb] = v - a[nb]; if (v < a[nb]) lower++ } }
function med(x, n,   i, j, t) { for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++)
		if (x[j] < x[i]) { t = x[i]; x[i] = x[j]; x[j] = t }
	return n % 2 ? x[(n + 1) / 2] : (x[n / 2] + x[n / 2 + 1]) / 2 }
END { for (i = 1; i <= na; i++) sa += a[i]; for (i = 1; i <= nb; i++) sb += b[i]
	ma = med(a, na); mb = med(b, nb) # (sorts each side: [1] is then its least)
	printf "A: mean %.1f us, median %.1f us, least %.1f us; B: mean %.1f us, median %.1f us, least %.1f us; B lower in %d of %d pairs\n",
		sa / na, ma, a[1], sb / nb, mb, b[1], lower, nb
	for (i = 1; i <= nb; i++) sd += d[i]; dm = sd / nb
	for (i = 1; i <= nb; i++) ss += (d[i] - dm) ^ 2
	se = nb > 1 ? sqrt(ss / (nb - 1) / nb) : 0
	printf "B - A: %+.1f us (%+.1f %% of A), within %+.1f .. %+.1f us (mean +- 2 standard errors, %d pairs)\n",
		dm, 100 * dm / (sa / na), dm - 2 * se, dm + 2 * se, nb }' "$work/runs"
