#!/bin/sh
# A throwaway PostgreSQL 15 for tests (docs/postgresql.md): its data, socket and log live in DIR.
#
# usage: scripts/pg.sh start DIR   initializes DIR (when empty), starts the server on a free TCP
#                                  port of 127.0.0.1 and prints one line on stdout, the URL
#                                  postgresql://motcua@127.0.0.1:PORT/motcua
#        scripts/pg.sh stop DIR    stops it (pg_ctl stop -m fast); nothing to do is no error
#        scripts/pg.sh restart DIR stops it if it runs (-m immediate: as a crash would) and starts
#                                  it again on the same port (a test of clients' reconnection)
#
# The role motcua (no password, not a superuser) owns the database motcua; only it may connect
# over TCP, and only from 127.0.0.1 (trust). The superuser "postgres" connects through the socket
# in DIR/sock only. The cluster is UTF8 with the C locale (text compares byte by byte, as SQLite's
# BINARY collation does); fsync stays on. PostgreSQL refuses to run as root: as root, the server
# runs as the system user motcua-pg (created when missing) and DIR is handed to it, so DIR's
# parents must let that user through (a mktemp -d directory under /tmp does).
#
# Environment: PGBIN (default /usr/lib/postgresql/15/bin). Exits 0 on success, 1 when the server
# could not be set up or started (the server's log goes to stderr), 2 on a usage error.
set -eu

PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
PG_USER=motcua-pg
TRIES=10

usage()
{
	echo "usage: $0 start|stop|restart DIR" >&2
	exit 2
}

[ $# -eq 2 ] || usage
cmd=$1
dir=$2
[ -n "$dir" ] || usage

# Runs a command as the server's user: ourselves, or motcua-pg when we are root.
as_pg()
{
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u "$PG_USER" -- "$@"
	else
		"$@"
	fi
}

# A port in 20000..59999 from /dev/urandom.
random_port()
{
	n=$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')
	echo $((20000 + n % 40000))
}

# Whether something listens on TCP port $1 already (a hint only: the server's bind decides).
port_busy()
{
	command -v ss >/dev/null 2>&1 || return 1
	[ -n "$(ss -Hltn "sport = :$1" 2>/dev/null)" ]
}

# psql as the superuser through the socket of DIR.
psql_su()
{
	as_pg "$PGBIN/psql" -X -q -h "$dir/sock" -p "$port" -U postgres -d postgres \
		-v ON_ERROR_STOP=1 "$@"
}

stop()
{
	[ -d "$dir/data" ] || return 0
	[ -f "$dir/data/postmaster.pid" ] || return 0
	as_pg "$PGBIN/pg_ctl" stop -D "$dir/data" -m fast -w >/dev/null 2>&1 || {
		# Already gone (a stale pid file): pg_ctl status says so.
		if as_pg "$PGBIN/pg_ctl" status -D "$dir/data" >/dev/null 2>&1; then
			echo "pg.sh: could not stop the server in $dir" >&2
			return 1
		fi
	}
	return 0
}

init()
{
	if [ "$(id -u)" -eq 0 ]; then
		if ! getent passwd "$PG_USER" >/dev/null 2>&1; then
			useradd --system --no-create-home --home-dir /nonexistent \
				--shell /usr/sbin/nologin "$PG_USER"
		fi
		chown -R "$PG_USER:" "$dir"
		if ! runuser -u "$PG_USER" -- test -w "$dir"; then
			echo "pg.sh: $PG_USER cannot reach $dir (a parent directory shuts it out)" >&2
			exit 1
		fi
	fi
	[ -f "$dir/data/PG_VERSION" ] && return 0
	mkdir -p "$dir/sock"
	chmod 700 "$dir/sock"
	if ! as_pg "$PGBIN/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 \
		--locale=C >"$dir/initdb.log" 2>&1; then
		cat "$dir/initdb.log" >&2
		exit 1
	fi
	cat >"$dir/data/pg_hba.conf" <<-EOF
		# scripts/pg.sh: the superuser through the private socket, motcua from 127.0.0.1 (to
		# its databases: the API tests make one per data directory).
		local   all     postgres                trust
		host    all     motcua    127.0.0.1/32  trust
	EOF
	cat >>"$dir/data/postgresql.conf" <<-EOF
		# scripts/pg.sh
		listen_addresses = '127.0.0.1'
		unix_socket_directories = '$dir/sock'
		unix_socket_permissions = 0700
		fsync = on
		timezone = 'UTC'
		log_timezone = 'UTC'
	EOF
	if [ "$(id -u)" -eq 0 ]; then
		chown -R "$PG_USER:" "$dir"
	fi
}

start()
{
	mkdir -p "$dir"
	dir=$(cd "$dir" && pwd)
	if [ -f "$dir/data/postmaster.pid" ] && as_pg "$PGBIN/pg_ctl" status -D "$dir/data" \
		>/dev/null 2>&1; then
		echo "pg.sh: a server already runs in $dir" >&2
		exit 1
	fi
	init
	i=0
	port=""
	while [ -z "$port" ]; do
		i=$((i + 1))
		if [ $i -gt $TRIES ]; then
			echo "pg.sh: no free port found in $TRIES tries" >&2
			exit 1
		fi
		port=$(random_port)
		if port_busy "$port"; then
			port=""
			continue
		fi
		: >"$dir/server.log"
		[ "$(id -u)" -ne 0 ] || chown "$PG_USER:" "$dir/server.log"
		if as_pg "$PGBIN/pg_ctl" start -D "$dir/data" -l "$dir/server.log" -w -t 60 \
			-o "-p $port" >/dev/null 2>&1; then
			break
		fi
		# Another process took the port between the check and the bind: try another one.
		if grep -q "could not bind\|could not create any TCP/IP sockets\|already in use" \
			"$dir/server.log"; then
			port=""
			continue
		fi
		cat "$dir/server.log" >&2
		exit 1
	done
	echo "$port" >"$dir/port"
	if [ -z "$(psql_su -tAc "SELECT 1 FROM pg_roles WHERE rolname = 'motcua'")" ]; then
		psql_su -c "CREATE ROLE motcua LOGIN CREATEDB" -c "CREATE DATABASE motcua OWNER motcua" >/dev/null
	fi
	echo "postgresql://motcua@127.0.0.1:$port/motcua"
}

case "$cmd" in
start) start ;;
restart)
	dir=$(cd "$dir" && pwd)
	as_pg "$PGBIN/pg_ctl" stop -D "$dir/data" -m immediate -w >/dev/null 2>&1 || true
	as_pg "$PGBIN/pg_ctl" start -D "$dir/data" -l "$dir/server.log" -w -t 60 \
		-o "-p $(cat "$dir/port")" >/dev/null
	;;
stop)
	[ -d "$dir" ] || exit 0
	dir=$(cd "$dir" && pwd)
	stop
	;;
*) usage ;;
esac
