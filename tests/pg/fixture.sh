#!/bin/sh
# The ctest fixture "pg" (CMakeLists.txt): the PostgreSQL 15 server of the API suite's second run.
#
# usage: tests/pg/fixture.sh start DIR   starts a throwaway server in DIR (scripts/pg.sh) and
#                                        writes its URL without a database name into DIR.url
#        tests/pg/fixture.sh stop DIR    stops it and removes DIR and DIR.url
#
# The API tests read DIR.url (MOTCUA_TEST_PG_FILE) and make one database per data directory.
set -eu
[ $# -eq 2 ] || { echo "usage: $0 start|stop DIR" >&2; exit 2; }
pg="$(dirname "$0")/../../scripts/pg.sh"
dir=$2
case "$1" in
start)
	sh "$pg" stop "$dir" >/dev/null 2>&1 || true
	rm -rf "$dir" "$dir.url"
	mkdir -p "$dir"
	url=$(sh "$pg" start "$dir")
	printf '%s\n' "${url%/motcua}" >"$dir.url"
	echo "pg fixture: $(cat "$dir.url")"
	;;
stop)
	sh "$pg" stop "$dir"
	rm -rf "$dir" "$dir.url"
	;;
*)
	echo "usage: $0 start|stop DIR" >&2
	exit 2
	;;
esac
