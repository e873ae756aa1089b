# Process helpers shared by bench/run.sh and bench/dossiers.sh (sourced, not run). The caller sets
# `work` (its scratch directory) before sourcing, and may list more paths to remove on exit in
# `cleanup_paths`. Every process started through spawn_until_listening is stopped on exit, by PID.

pids=()
cleanup_paths=()

# The intake every benchmark of it sends (bench/intake.lua's BENCH_BODY): a counter intake of the
# seeded procedure 1.004837 at Hoàn Kiếm's service point, two papers provided.
intake_body='{"procedure":"1.004837","applicant":{"kind":"person","name":"Nguyễn Thị Hằng",'\
'"id_number":"001190012345","phone":"0912345678","address":"Số 1 Tràng Tiền, Hoàn Kiếm"},'\
'"resolver_unit":"001.00.50.H26","channel":"counter",'\
'"components":[{"id":"tp02","provided":true},{"id":"tp07","provided":true}]}'

cleanup() {
	local pid
	for pid in "${pids[@]}"; do
		kill -TERM "$pid" 2>/dev/null || true
	done
	for pid in "${pids[@]}"; do
		wait "$pid" 2>/dev/null || true
	done
	exec 3<&- 2>/dev/null || true
	rm -rf "$work" "${cleanup_paths[@]+"${cleanup_paths[@]}"}"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Exits with 2 unless every named file is an executable built by `make bench`, and wrk and curl
# are installed.
need_binaries() {
	local bin
	for bin in "$@"; do
		if [ ! -x "$bin" ]; then
			echo "bench: $bin not built (run make bench)" >&2
			exit 2
		fi
	done
	command -v wrk >/dev/null || { echo "bench: wrk not installed" >&2; exit 2; }
	command -v curl >/dev/null || { echo "bench: curl not installed" >&2; exit 2; }
}

# Stops one process this script started and forgets it.
stop() {
	local pid=$1 keep=() p
	kill -TERM "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
	for p in "${pids[@]}"; do
		[ "$p" = "$pid" ] || keep+=("$p")
	done
	pids=("${keep[@]+"${keep[@]}"}")
}

# A TCP port nobody listens on (a small race with other programs is retried by the caller).
free_port() {
	local port
	while :; do
		port=$((20000 + RANDOM % 40000))
		if ! ss -Htln "sport = :$port" 2>/dev/null | grep -q .; then
			echo "$port"
			return
		fi
	done
}

# Microseconds of the monotonic-enough wall clock, without forking.
now_us() {
	local t=${EPOCHREALTIME/./}
	echo "$t"
}

# Spawns "$@" with stdout on a FIFO and waits for its first line (the "listening" line), at most
# `spawn_timeout` seconds (default 10). Sets spawned_pid, spawned_line and spawned_us (spawn to
# line). The FIFO stays open on fd 3 until the next spawn, so the server never writes to a closed
# pipe.
spawn_until_listening() {
	local log=$1
	shift
	local fifo=$work/fifo t0 t1
	exec 3<&-
	rm -f "$fifo"
	mkfifo "$fifo"
	t0=$(now_us)
	"$@" >"$fifo" 2>"$log" &
	spawned_pid=$!
	pids+=("$spawned_pid")
	exec 3<"$fifo"
	spawned_line=
	if ! IFS= read -r -t "${spawn_timeout:-10}" spawned_line <&3; then
		spawned_line=
	fi
	t1=$(now_us)
	spawned_us=$((t1 - t0))
	[[ $spawned_line == *listening* ]]
}

# Starts bench_ceiling (the bare libmicrohttpd server) on a free port: ceiling_pid, ceiling_url.
start_ceiling() {
	local tries port
	for tries in 1 2 3 4 5; do
		port=$(free_port)
		if spawn_until_listening "$work/ceiling.log" "$ceiling" "$port" 2; then
			ceiling_pid=$spawned_pid
			ceiling_url=http://127.0.0.1:$port
			return
		fi
		stop "$spawned_pid"
	done
	echo "bench: bench_ceiling did not start:" >&2
	cat "$work/ceiling.log" >&2
	exit 1
}

# Starts motcua on DATA with its log in LOG, on a port of its choice (port 0), with the connection
# limits raised for load: motcua_pid, motcua_url.
start_motcua_on() {
	local data=$1 log=$2
	if ! spawn_until_listening "$log" "$motcua" serve --data "$data" \
		--listen 127.0.0.1:0 --per-ip-limit 0 --conn-limit 10000; then
		echo "bench: motcua did not start:" >&2
		tail -n 20 "$log" >&2
		exit 1
	fi
	motcua_pid=$spawned_pid
	motcua_url=$(sed -n 's|.*listening on \(http://[0-9.]*:[0-9]*\)/.*|\1|p' <<<"$spawned_line")
}

# Copies data directory $1 to $2 and waits until the copy is on disk: its writeback (1.8 GB for a
# million dossiers) otherwise runs during what is measured next, and the intakes' syncs wait behind
# it (p99 of 150-370 ms and more CPU per intake, docs/performance.md "A million dossiers").
copy_data() {
	cp -r "$1" "$2"
	sync
}

json_field() { # json_field NAME: the string value of "NAME" in the JSON on stdin
	sed -n "s/.*\"$1\":\"\\([^\"]*\\)\".*/\\1/p"
}

# CPU time (user + system) process PID has used so far, in microseconds: fields 14 and 15 of
# /proc/PID/stat (counted after the command name, which may hold spaces), in clock ticks.
cpu_us() {
	local ticks
	ticks=$(sed 's/^.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }')
	echo $((ticks * 1000000 / $(getconf CLK_TCK)))
}

# The session token of user $2 (password $3) from the server at $1 (http://host:port), or nothing
# when the login fails.
login_token() {
	curl -sf -H 'Content-Type: application/json' -d "{\"username\":\"$2\",\"password\":\"$3\"}" \
		"$1/api/v1/auth/login" | json_field token || true
}
