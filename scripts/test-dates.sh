#!/bin/sh
# `make test-dates`: runs the whole test suite (ctest, preset dev) under libfaketime at awkward
# instants in Vietnam's time (UTC+7), to show that no test and no product behaviour depends on the
# real date or time of day. Every process of a run (ctest, node, chromium, motcua) sees the real
# clock moved by the same offset, so the clock goes on ticking from the chosen instant.
#
# usage: scripts/test-dates.sh [NAME ...]   (default: every instant below; DATES=... works too)
set -eu
cd "$(dirname "$0")/.."

# name        instant (RFC 3339, +07:00)     why it is awkward
INSTANTS='
month-start   2027-03-01T00:05:00+07:00      the 1st of a month, five minutes after midnight
year-end      2026-12-31T23:59:30+07:00      the last seconds of a year (the run crosses into 2027)
sunday        2027-01-10T10:00:00+07:00      a Sunday morning
tet           2027-02-06T12:30:00+07:00      the first day of Tết (Đinh Mùi), at lunch
national-day  2027-09-02T10:00:00+07:00      2 September, National Day
leap-day      2028-02-29T10:00:00+07:00      29 February of a leap year
'

# The plain library, not libfaketimeMT: the MT build serialises every time call behind a mutex,
# and a child forked by a multithreaded parent (node spawning pdfsig or openssl) can inherit that
# mutex locked and hang for ever (libfaketime issue 331; api/signing hung once so in CI at tet).
# A relative offset keeps no shared state, so the lock buys nothing here.
LIB=/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1
if [ ! -r "$LIB" ]; then
	echo "test-dates: $LIB missing (Debian package faketime; make deps installs it)" >&2
	exit 2
fi

names="$*"
[ -n "$names" ] || names="${DATES:-}"
[ -n "$names" ] || names=$(echo "$INSTANTS" | awk 'NF { print $1 }')

failed=""
for name in $names; do
	instant=$(echo "$INSTANTS" | awk -v n="$name" '$1 == n { print $2 }')
	if [ -z "$instant" ]; then
		echo "test-dates: unknown instant '$name' (known: $(echo "$INSTANTS" | awk 'NF { printf "%s ", $1 }'))" >&2
		exit 2
	fi
	offset=$(( $(date -d "$instant" +%s) - $(date +%s) ))
	[ "$offset" -lt 0 ] || offset="+$offset"
	echo "=== test-dates: $name: the suite at $instant (offset ${offset} s) ==="
	# The offset is relative, so every process shares one moving fake clock (monotonic clocks move
	# by the same constant offset; FAKETIME_DONT_FAKE_MONOTONIC=1 made chromium 30 times slower).
	# ASan needs to be told that libfaketime comes first. The PostgreSQL runs (labels pg, api_pg)
	# are left to `make test`: the clock is motcua's code, the same on both backends, and the
	# database server is not a process to run on a faked clock.
	if FAKETIME="${offset}" LD_PRELOAD="$LIB" \
		ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
		ctest --preset dev -LE pg; then
		echo "=== test-dates: $name: passed ==="
	else
		echo "=== test-dates: $name: FAILED ==="
		failed="$failed $name"
	fi
done
if [ -n "$failed" ]; then
	echo "test-dates: failed at:$failed" >&2
	exit 1
fi
echo "test-dates: the suite passed at: $names"
