#!/usr/bin/env bash
# The official postgres image's entrypoint, in short, for Debian's PostgreSQL 15: on an empty
# $PGDATA, initdb with POSTGRES_USER / POSTGRES_PASSWORD, make POSTGRES_DB, run
# /docker-entrypoint-initdb.d/*.sh (executed when executable, sourced otherwise), *.sql and
# *.sql.gz once, in name order, against a server listening on its socket only; then run
# postgres as the postgres user, listening on every address, passwords required from the
# network (scram-sha-256). Started as root, it fixes the data folder's owner and drops to
# postgres, as the official image does.
set -Eeo pipefail

if [ "${1:0:1}" = '-' ]; then
    set -- postgres "$@"
fi

if [ "$1" = postgres ] && [ "$(id -u)" = 0 ]; then
    mkdir -p "$PGDATA" /var/run/postgresql
    chmod 00700 "$PGDATA"
    chown -R postgres:postgres "$PGDATA" /var/run/postgresql
    exec setpriv --reuid=postgres --regid=postgres --init-groups "$BASH_SOURCE" "$@"
fi

say() { echo "postgres-entrypoint: $*" >&2; }

process_init_file() {
    local f="$1"
    case "$f" in
        *.sh)
            if [ -x "$f" ]; then
                say "running $f"
                "$f"
            else
                say "sourcing $f"
                # shellcheck disable=SC1090
                . "$f"
            fi
            ;;
        *.sql) say "running $f"; psql_init -f "$f" ;;
        *.sql.gz) say "running $f"; gunzip -c "$f" | psql_init ;;
        *) say "ignoring $f" ;;
    esac
}

psql_init() { psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --no-password --no-psqlrc --dbname "$POSTGRES_DB" "$@"; }

init_database() {
    if [ -z "${POSTGRES_PASSWORD:-}" ] && [ "${POSTGRES_HOST_AUTH_METHOD:-}" != trust ]; then
        say "the database is not made: POSTGRES_PASSWORD is empty (set it, as the official image requires)"
        exit 1
    fi
    local pwfile
    pwfile="$(mktemp)"
    printf '%s\n' "$POSTGRES_PASSWORD" >"$pwfile"
    # shellcheck disable=SC2086
    initdb --username="$POSTGRES_USER" --pwfile="$pwfile" --encoding=UTF8 --locale=C.UTF-8 \
        ${POSTGRES_INITDB_ARGS:-} -D "$PGDATA" >&2
    rm -f "$pwfile"
    printf '\nhost all all all %s\n' "${POSTGRES_HOST_AUTH_METHOD:-scram-sha-256}" >>"$PGDATA/pg_hba.conf"

    # Only the socket while the scripts run, so no client sees a half-made database.
    pg_ctl -D "$PGDATA" -o "-c listen_addresses='' -p 5432" -w start >&2
    export PGPASSWORD="${PGPASSWORD:-$POSTGRES_PASSWORD}"
    if [ "$POSTGRES_DB" != postgres ]; then
        psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --no-password --no-psqlrc --dbname postgres \
            --set db="$POSTGRES_DB" <<<"CREATE DATABASE :\"db\";" >&2
    fi
    local f
    for f in /docker-entrypoint-initdb.d/*; do
        [ -e "$f" ] && process_init_file "$f"
    done
    pg_ctl -D "$PGDATA" -m fast -w stop >&2
    unset PGPASSWORD
    say "the database is made; starting"
}

if [ "$1" = postgres ]; then
    export POSTGRES_USER="${POSTGRES_USER:-postgres}"
    export POSTGRES_DB="${POSTGRES_DB:-$POSTGRES_USER}"
    if [ ! -s "$PGDATA/PG_VERSION" ]; then
        init_database
    fi
fi

exec "$@"
