#!/bin/sh
# The ctest fixture "pg" (CMakeLists.txt): the PostgreSQL 15 server of the API suite's second run.
#
# usage: tests/pg/fixture.sh start NAME  starts a throwaway server (scripts/pg.sh) in a new
#                                        directory under /tmp, named in NAME.dir, and writes its
#                                        URL without a database name into NAME.url
#        tests/pg/fixture.sh stop NAME   stops it and removes its directory, NAME.dir, NAME.url
#
# The API tests read DIR.url (MOTCUA_TEST_PG_FILE) and make one database per data directory.
set -eu
[ $# -eq 2 ] || { echo "usage: $0 start|stop DIR" >&2; exit 2; }
pg="$(dirname "$0")/../../scripts/pg.sh"
dir=$2
case "$1" in
start)
	if [ -f "$dir.dir" ]; then
		sh "$pg" stop "$(cat "$dir.dir")" >/dev/null 2>&1 || true
		rm -rf "$(cat "$dir.dir")"
	fi
	rm -f "$dir.url" "$dir.dir"
	# The server's own directory is made under /tmp, not beside the build: as root it runs as
	# motcua-pg, which must be able to reach it (a checkout's parents may shut it out).
	pgdir=$(mktemp -d "${TMPDIR:-/tmp}/motcua-pg-XXXXXX")
	printf '%s\n' "$pgdir" >"$dir.dir"
	url=$(sh "$pg" start "$pgdir")
	printf '%s\n' "${url%/motcua}" >"$dir.url"
	echo "pg fixture: $(cat "$dir.url") in $pgdir"
	;;
stop)
	if [ -f "$dir.dir" ]; then
		pgdir=$(cat "$dir.dir")
		sh "$pg" stop "$pgdir"
		rm -rf "$pgdir"
	fi
	rm -f "$dir.url" "$dir.dir"
	;;
*)
	echo "usage: $0 start|stop DIR" >&2
	exit 2
	;;
esac
