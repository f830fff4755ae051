#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for the issuer storage tests, on 127.0.0.1 only.
#   scripts/postgres.sh start|stop|status <rundir>
# start: initdb under <rundir>/data (owned by the postgres user: the server refuses to run as root),
# trust authentication on loopback, port $PERSO_PG_PORT (default 55432), database perso_test.
# stop: stops only the cluster under <rundir>. Both are idempotent.
set -euo pipefail

action=${1:-}
rundir=${2:-}
if [ -z "$action" ] || [ -z "$rundir" ]; then
    echo "usage: $0 start|stop|status <rundir>" >&2
    exit 2
fi
port=${PERSO_PG_PORT:-55432}
database=perso_test

bindir=""
for candidate in /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
    if [ -x "$candidate/pg_ctl" ]; then
        bindir=$candidate
        break
    fi
done
if [ -z "$bindir" ]; then
    echo "postgres.sh: PostgreSQL server binaries not found (install the postgresql package)" >&2
    exit 1
fi

mkdir -p "$rundir"
rundir=$(cd "$rundir" && pwd)
datadir=$rundir/data
sockdir=$rundir/socket

# Run a PostgreSQL tool as the cluster's owner.
as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

is_running() {
    [ -f "$datadir/postmaster.pid" ] && as_owner "$bindir/pg_ctl" -D "$datadir" status >/dev/null 2>&1
}

case "$action" in
start)
    if [ "$(id -u)" -eq 0 ]; then
        chown postgres: "$rundir"
    fi
    if [ ! -f "$datadir/PG_VERSION" ]; then
        as_owner "$bindir/initdb" -D "$datadir" -U postgres --auth=trust --encoding=UTF8 --no-locale >"$rundir/initdb.log" 2>&1
        {
            echo "listen_addresses = '127.0.0.1'"
            echo "port = $port"
            echo "unix_socket_directories = '$sockdir'"
            echo "fsync = on"
            echo "synchronous_commit = on"
            echo "max_connections = 100"
        } >>"$datadir/postgresql.conf"
        {
            echo "local all all trust"
            echo "host all all 127.0.0.1/32 trust"
        } >"$datadir/pg_hba.conf"
    fi
    as_owner mkdir -p "$sockdir"
    if ! is_running; then
        as_owner "$bindir/pg_ctl" -D "$datadir" -l "$rundir/server.log" -w -t 60 start >/dev/null
    fi
    if ! as_owner "$bindir/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -tAc \
        "SELECT 1 FROM pg_database WHERE datname = '$database'" | grep -q 1; then
        as_owner "$bindir/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -qc "CREATE DATABASE $database"
    fi
    echo "postgres.sh: running on 127.0.0.1:$port, database $database"
    ;;
stop)
    if is_running; then
        as_owner "$bindir/pg_ctl" -D "$datadir" -w -t 60 stop -m fast >/dev/null
        echo "postgres.sh: stopped"
    else
        echo "postgres.sh: not running"
    fi
    ;;
status)
    if is_running; then
        echo "postgres.sh: running on 127.0.0.1:$port"
    else
        echo "postgres.sh: not running"
        exit 3
    fi
    ;;
*)
    echo "usage: $0 start|stop|status <rundir>" >&2
    exit 2
    ;;
esac
