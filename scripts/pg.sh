#!/bin/sh
# A throwaway PostgreSQL 15 for tests (docs/postgresql.md): its data, socket and log live in DIR.
#
# usage: scripts/pg.sh start DIR   initializes DIR (when empty), starts the server on a free TCP
#                                  port of 127.0.0.1 and prints one line on stdout, the URL
#                                  postgresql://motcua@127.0.0.1:PORT/motcua
#        scripts/pg.sh stop DIR    stops it (pg_ctl stop -m fast); nothing to do is no error
#        scripts/pg.sh restart DIR stops it if it runs (-m immediate: as a crash would) and starts
#                                  it again on the same port (a test of clients' reconnection)
#        scripts/pg.sh standby PRIMARY_DIR STANDBY_DIR
#                                  copies the running server of PRIMARY_DIR (pg_basebackup -R)
#                                  into STANDBY_DIR, starts it there as a streaming standby on a
#                                  port of its own, then makes it synchronous on the primary
#                                  (synchronous_standby_names, reloaded) and prints its URL
#        scripts/pg.sh promote DIR makes the standby of DIR a primary (pg_ctl promote) and returns
#                                  once it accepts writes
#
# The role motcua (no password, not a superuser) owns the database motcua; only it may connect
# over TCP, and only from 127.0.0.1 (trust). The superuser "postgres" connects through the socket
# in DIR/sock only. The role "replicator" (REPLICATION, made by `standby`) may open replication
# connections from 127.0.0.1, trusted without a password: these clusters are throwaway ones on a
# test machine, never a model for a real server's pg_hba.conf. The cluster is UTF8 with the C
# locale (text compares byte by byte, as SQLite's BINARY collation does); fsync stays on,
# wal_level is replica and synchronous_commit on.
#
# A standby is named "standby_<its port>" (its application_name, STANDBY_DIR/name). `standby`
# sets the primary's synchronous_standby_names to it, or to ANY 1 (...) of every standby made
# from that primary so far; a commit on the primary then returns only once a standby has the
# commit record. `promote` first clears the promoted server's synchronous_standby_names (it may
# have copied the primary's): a new primary with no standby of its own would wait forever.
#
# PostgreSQL refuses to run as root: as root, the server runs as the system user motcua-pg
# (created when missing) and DIR is handed to it, so DIR's parents must let that user through (a
# mktemp -d directory under /tmp does).
#
# Environment: PGBIN (default /usr/lib/postgresql/15/bin). Exits 0 on success, 1 when the server
# could not be set up or started (the server's log goes to stderr), 2 on a usage error.
set -eu

PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
PG_USER=motcua-pg
TRIES=10
WAIT=60 # seconds: a standby to stream, a promoted one to accept writes

usage()
{
	echo "usage: $0 start|stop|restart|promote DIR" >&2
	echo "       $0 standby PRIMARY_DIR STANDBY_DIR" >&2
	exit 2
}

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

# psql as the superuser through the socket of $dir (the server on $port).
psql_su()
{
	as_pg "$PGBIN/psql" -X -q -h "$dir/sock" -p "$port" -U postgres -d postgres \
		-v ON_ERROR_STOP=1 "$@"
}

# Polls the query $1 (psql_su, one value) until it answers $2, for $WAIT seconds at most.
wait_for()
{
	i=0
	while [ "$(psql_su -tAc "$1" 2>/dev/null || true)" != "$2" ]; do
		i=$((i + 1))
		if [ $i -gt $((WAIT * 10)) ]; then
			echo "pg.sh: \"$1\" did not answer \"$2\" within $WAIT s" >&2
			return 1
		fi
		sleep 0.1
	done
}

# Whether the server of $dir runs.
running()
{
	[ -f "$dir/data/postmaster.pid" ] && as_pg "$PGBIN/pg_ctl" status -D "$dir/data" >/dev/null 2>&1
}

stop()
{
	[ -d "$dir/data" ] || return 0
	[ -f "$dir/data/postmaster.pid" ] || return 0
	as_pg "$PGBIN/pg_ctl" stop -D "$dir/data" -m fast -w >/dev/null 2>&1 || {
		# Already gone (a stale pid file): pg_ctl status says so.
		if running; then
			echo "pg.sh: could not stop the server in $dir" >&2
			return 1
		fi
	}
	return 0
}

# As root: the server's user exists and owns $dir, which it can reach.
own_dir()
{
	[ "$(id -u)" -eq 0 ] || return 0
	if ! getent passwd "$PG_USER" >/dev/null 2>&1; then
		useradd --system --no-create-home --home-dir /nonexistent \
			--shell /usr/sbin/nologin "$PG_USER"
	fi
	chown -R "$PG_USER:" "$dir"
	if ! runuser -u "$PG_USER" -- test -w "$dir"; then
		echo "pg.sh: $PG_USER cannot reach $dir (a parent directory shuts it out)" >&2
		exit 1
	fi
}

init()
{
	own_dir
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
		# its databases: the API tests make one per data directory), and standbys' replication
		# connections from 127.0.0.1 (trust: a throwaway test cluster).
		local   all          postgres                  trust
		host    all          motcua      127.0.0.1/32  trust
		host    replication  replicator  127.0.0.1/32  trust
	EOF
	cat >>"$dir/data/postgresql.conf" <<-EOF
		# scripts/pg.sh
		listen_addresses = '127.0.0.1'
		unix_socket_directories = '$dir/sock'
		unix_socket_permissions = 0700
		fsync = on
		timezone = 'UTC'
		log_timezone = 'UTC'
		wal_level = replica
		max_wal_senders = 10
		synchronous_commit = on
		# Tests run several motcua servers at once on one cluster, each with a pool of
		# 4 x cores workers plus its other threads (docs/postgresql.md "Deployment").
		max_connections = 300
	EOF
	[ "$(id -u)" -ne 0 ] || chown -R "$PG_USER:" "$dir"
}

# Starts the server of $dir on a free port (into $port), trying another port when one is taken.
launch()
{
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
}

start()
{
	mkdir -p "$dir"
	dir=$(cd "$dir" && pwd)
	if running; then
		echo "pg.sh: a server already runs in $dir" >&2
		exit 1
	fi
	init
	launch
	if [ -z "$(psql_su -tAc "SELECT 1 FROM pg_roles WHERE rolname = 'motcua'")" ]; then
		psql_su -c "CREATE ROLE motcua LOGIN CREATEDB" -c "CREATE DATABASE motcua OWNER motcua" >/dev/null
	fi
	echo "postgresql://motcua@127.0.0.1:$port/motcua"
}

# The primary of $1 is ready for replication connections: the role replicator and its pg_hba.conf
# line (a cluster made before they were part of init gets them now).
replication_ready()
{
	if [ -z "$(psql_su -tAc "SELECT 1 FROM pg_roles WHERE rolname = 'replicator'")" ]; then
		psql_su -c "CREATE ROLE replicator LOGIN REPLICATION" >/dev/null
	fi
	if ! grep -q "^host *replication *replicator" "$dir/data/pg_hba.conf"; then
		printf 'host    replication  replicator  127.0.0.1/32  trust\n' >>"$dir/data/pg_hba.conf"
		psql_su -c "SELECT pg_reload_conf()" >/dev/null
	fi
	if [ "$(psql_su -tAc "SHOW wal_level")" = minimal ]; then
		echo "pg.sh: the primary in $dir has wal_level = minimal" >&2
		exit 1
	fi
}

# The primary's synchronous_standby_names: the standbys named in $pdir/sync-standbys, one of
# which must have each commit (ANY 1); set with ALTER SYSTEM and reloaded.
make_synchronous()
{
	names=""
	while read -r n; do
		names="${names:+$names, }\"$n\""
	done <"$pdir/sync-standbys"
	case "$names" in
	*,*) setting="ANY 1 ($names)" ;;
	*) setting=$names ;;
	esac
	psql_su -c "ALTER SYSTEM SET synchronous_standby_names = '$setting'" \
		-c "SELECT pg_reload_conf()" >/dev/null
	wait_for "SHOW synchronous_standby_names" "$setting"
}

standby()
{
	pdir=$(cd "$1" && pwd)
	mkdir -p "$2"
	sdir=$(cd "$2" && pwd)
	dir=$pdir
	port=$(cat "$pdir/port" 2>/dev/null || true)
	if [ -z "$port" ] || ! running; then
		echo "pg.sh: no server runs in $pdir" >&2
		exit 1
	fi
	pport=$port
	replication_ready
	dir=$sdir
	if [ -f "$sdir/data/PG_VERSION" ]; then
		echo "pg.sh: $sdir holds a cluster already" >&2
		exit 1
	fi
	own_dir
	name=standby_$(basename "$sdir" | LC_ALL=C tr '[:upper:]' '[:lower:]' |
		LC_ALL=C tr -c 'a-z0-9_\n' '_' | cut -c1-40)
	mkdir -p "$sdir/sock"
	chmod 700 "$sdir/sock"
	[ "$(id -u)" -ne 0 ] || chown "$PG_USER:" "$sdir/sock"
	# -R writes primary_conninfo (with the application_name the primary knows it by) and
	# standby.signal; -X stream takes the WAL written during the copy along.
	if ! as_pg "$PGBIN/pg_basebackup" -D "$sdir/data" -R -X stream -c fast \
		-d "host=127.0.0.1 port=$pport user=replicator application_name=$name" \
		>"$sdir/basebackup.log" 2>&1; then
		cat "$sdir/basebackup.log" >&2
		exit 1
	fi
	# The copy has the primary's postgresql.conf; the last setting of a file wins.
	as_pg sh -c "cat >>'$sdir/data/postgresql.conf'" <<-EOF
		# scripts/pg.sh standby of $pdir
		unix_socket_directories = '$sdir/sock'
		hot_standby = on
	EOF
	echo "$name" >"$sdir/name"
	launch
	# Streaming first, synchronous then: a commit waits for no standby that is not there yet.
	dir=$pdir
	port=$pport
	wait_for "SELECT state FROM pg_stat_replication WHERE application_name = '$name'" streaming
	grep -qx "$name" "$pdir/sync-standbys" 2>/dev/null || echo "$name" >>"$pdir/sync-standbys"
	make_synchronous
	wait_for "SELECT sync_state IN ('sync', 'quorum') FROM pg_stat_replication
		WHERE application_name = '$name'" t
	echo "postgresql://motcua@127.0.0.1:$(cat "$sdir/port")/motcua"
}

promote()
{
	dir=$(cd "$1" && pwd)
	port=$(cat "$dir/port" 2>/dev/null || true)
	if [ -z "$port" ] || ! running; then
		echo "pg.sh: no server runs in $dir" >&2
		exit 1
	fi
	if [ "$(psql_su -tAc "SELECT pg_is_in_recovery()")" != t ]; then
		echo "pg.sh: the server in $dir is no standby" >&2
		exit 1
	fi
	# Before the promotion: commits must not wait for standbys this server does not have.
	psql_su -c "ALTER SYSTEM RESET synchronous_standby_names" -c "SELECT pg_reload_conf()" \
		>/dev/null
	wait_for "SHOW synchronous_standby_names" ""
	as_pg "$PGBIN/pg_ctl" promote -D "$dir/data" -w -t "$WAIT" >/dev/null
	# A transaction id is given only outside recovery: the server takes writes.
	wait_for "SELECT txid_current() > 0" t
}

case "${1:-}" in
start | stop | restart | promote) want=2 ;;
standby) want=3 ;;
*) usage ;;
esac
if [ $# -ne $want ] || [ -z "$2" ] || [ -z "${3-x}" ]; then
	usage
fi
cmd=$1
dir=$2

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
standby) standby "$2" "$3" ;;
promote) promote "$2" ;;
esac
