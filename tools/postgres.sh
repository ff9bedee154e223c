#!/usr/bin/env bash
# Makes sure a PostgreSQL server answers and prints the Odoo options to reach it
# (--db_host=... --db_port=... --db_user=...).
#
# A server already reachable at PGHOST:PGPORT (default 127.0.0.1:5432) as
# PGUSER (default: the current user) is used as it is. Otherwise the project
# starts its own server, in its data folder, on port ITLAW_PG_PORT (default
# 5433), installing Debian's postgresql package first when root and missing.
set -euo pipefail

data_dir=${ITLAW_DATA_DIR:-${XDG_DATA_HOME:-$HOME/.local/share}/itlaw-ai-advisory}
host=${PGHOST:-127.0.0.1}
port=${PGPORT:-5432}
user=${PGUSER:-$(id -un)}
say() { echo "[postgres] $*" >&2; }

reachable() {  # $1 host, $2 port, $3 user
    command -v psql >/dev/null 2>&1 &&
        psql -h "$1" -p "$2" -U "$3" -d postgres -Atqc 'select 1' >/dev/null 2>&1
}

if reachable "$host" "$port" "$user"; then
    echo "--db_host=$host --db_port=$port --db_user=$user"
    exit 0
fi

own_port=${ITLAW_PG_PORT:-5433}
if [ "$(id -u)" = 0 ]; then
    # PostgreSQL refuses to run as root: the server runs as the postgres user,
    # in a folder that user can reach (root's home is private).
    pg_data=${ITLAW_PG_DATA:-/var/lib/itlaw-ai-advisory/postgresql}
    as_server() { runuser -u postgres -- "$@"; }
    # Odoo refuses to connect as "postgres": the cluster's superuser has its own name.
    db_user=itlaw
else
    pg_data=${ITLAW_PG_DATA:-$data_dir/postgresql}
    as_server() { "$@"; }
    db_user=$(id -un)
fi

if reachable 127.0.0.1 "$own_port" "$db_user"; then
    echo "--db_host=127.0.0.1 --db_port=$own_port --db_user=$db_user"
    exit 0
fi

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$bindir" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "no PostgreSQL server found: installing Debian's postgresql package"
    apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
    bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
fi
if [ -z "$bindir" ]; then
    say "no PostgreSQL server reachable at $host:$port and no PostgreSQL binaries to start one."
    say "Install PostgreSQL (e.g. 'apt-get install postgresql') or set PGHOST/PGPORT/PGUSER."
    exit 1
fi

mkdir -p "$pg_data"
[ "$(id -u)" = 0 ] && chown postgres: "$pg_data"
if [ ! -f "$pg_data/PG_VERSION" ]; then
    say "creating a local PostgreSQL cluster in $pg_data"
    as_server "$bindir/initdb" -D "$pg_data" -U "$db_user" --auth=trust -E UTF8 >/dev/null
fi
say "starting the local PostgreSQL server on 127.0.0.1:$own_port"
as_server "$bindir/pg_ctl" -D "$pg_data" -l "$pg_data/server.log" -w \
    -o "-p $own_port -k $pg_data -c listen_addresses=127.0.0.1" start >/dev/null
echo "--db_host=127.0.0.1 --db_port=$own_port --db_user=$db_user"
