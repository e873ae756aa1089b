#!/bin/sh
# Runs every libFuzzer target (fuzz_*) built in BUILD_DIR for FUZZ_SECONDS seconds each (default
# 60, as `make fuzz`), starting from a copy of its seed corpus in tests/fuzz/corpus/<target>/ so
# the committed corpus never grows. Exits non-zero when any target crashes, leaks or fails its own checks; the
# crashing inputs are kept in the printed directory. FUZZ_JOBS targets run at once (default: the
# number of cores), each on one core for its FUZZ_SECONDS; the results are printed in the
# targets' order once all have run. Usage: tests/fuzz/run.sh BUILD_DIR
set -eu

if [ $# -ne 1 ]; then
	echo "usage: $0 BUILD_DIR" >&2
	exit 2
fi
build_dir=$1
seconds=${FUZZ_SECONDS:-60}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/motcua-fuzz.XXXXXX")
keep=0
cleanup() {
	if [ "$keep" -eq 0 ]; then
		rm -rf "$work"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

jobs=${FUZZ_JOBS:-$(nproc 2>/dev/null || echo 1)}
[ "$jobs" -ge 1 ] 2>/dev/null || jobs=1

# One target from a copy of its seed corpus; its exit status goes to $work/<name>/status.
run_one() {
	bin=$1
	name=$(basename "$bin")
	corpus="$work/$name/corpus"
	artifacts="$work/$name/artifacts"
	mkdir -p "$corpus" "$artifacts"
	if [ -d "$here/corpus/$name" ]; then
		cp "$here/corpus/$name"/* "$corpus"/ 2>/dev/null || true
	fi
	rc=0
	"$bin" -max_total_time="$seconds" -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
		-print_final_stats=1 -artifact_prefix="$artifacts/" "$corpus" >"$work/$name/log" 2>&1 || rc=$?
	echo "$rc" >"$work/$name/status"
}

# The targets dealt round-robin to $jobs lanes; each lane runs its targets one after another.
targets=""
for bin in "$build_dir"/fuzz_*; do
	[ -f "$bin" ] && [ -x "$bin" ] || continue
	targets="$targets $bin"
done
echo "fuzz: $(echo $targets | wc -w) targets, ${seconds}s each, $jobs at once"
lane=0
while [ "$lane" -lt "$jobs" ]; do
	(
		i=0
		for bin in $targets; do
			[ $((i % jobs)) -eq "$lane" ] && run_one "$bin"
			i=$((i + 1))
		done
	) &
	lane=$((lane + 1))
done
wait

found=0
failed=""
for bin in $targets; do
	found=$((found + 1))
	name=$(basename "$bin")
	artifacts="$work/$name/artifacts"
	printf '%-22s %ss ... ' "$name" "$seconds"
	log="$work/$name/log"
	if [ "$(cat "$work/$name/status" 2>/dev/null)" = 0 ]; then
		runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
		rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
		echo "ok (${runs:-?} runs, ${rate:-?} exec/s)"
	else
		echo "FAILED"
		failed="$failed $name"
		keep=1
		# The target's own message, the error, and the stack top without libFuzzer's frames.
		awk '/^(INFO|#[0-9]|MS:|NOTE:|      Combine)/ { next }
			/^ *#[0-9]+ / { if ($0 ~ /fuzzer::|__sanitizer|libc|pthread_kill|raise|abort|_start/) next
					if (++frames > 6) next }
			/^(0x|artifact_prefix|Base64|stat::)/ { next }
			NF { print "    " $0 }' "$log" | head -n 20
		for a in "$artifacts"/*; do
			[ -f "$a" ] || continue
			echo "    input $a: $(od -An -tx1 -v "$a" | tr -d ' \n' | cut -c1-256)"
		done
		echo "    full log: $log"
	fi
done

if [ "$found" -eq 0 ]; then
	echo "no fuzz_* binaries in $build_dir (cmake --preset fuzz && cmake --build --preset fuzz)" >&2
	exit 2
fi
nfailed=$(echo $failed | wc -w)
if [ -n "$failed" ]; then
	echo "fuzz targets failed:$failed (work directory kept: $work)" >&2
	echo "fuzz: $((found - nfailed)) passed, $nfailed failed"
	exit 1
fi
echo "all $found fuzz targets ran ${seconds}s without a crash"
echo "fuzz: $found passed, 0 failed"
