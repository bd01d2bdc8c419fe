#!/usr/bin/env bash
# Stand-in for `postgres:15.$PG_MINOR-bookworm` (the reference Levels 2 and 3 pin): Debian
# bookworm's PostgreSQL 15 (with its security updates) arranged as the official image is:
# POSTGRES_USER / POSTGRES_PASSWORD / POSTGRES_DB, /docker-entrypoint-initdb.d run once on an
# empty data folder (postgres/docker-entrypoint.sh), data in /var/lib/postgresql/data,
# `pg_isready` and `psql` on PATH, the server run as `postgres` listening on every address.
# Debian, not PostgreSQL's own build: the databases' locale is C.UTF-8 (the official image's
# is en_US.utf8). The build refuses when Debian's 15.x is not the tag's minor release, so the
# tag never names a version the image does not hold: then change PG_MINOR and the labs' pins.
# Prints the image tag on stdout.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/lib.sh"

PG_MINOR="${PG_MINOR:-20}"

image_build "postgres:15.$PG_MINOR-bookworm" "stand-in: Debian's PostgreSQL 15.$PG_MINOR laid out as the official image" \
    "$here/postgres/docker-entrypoint.sh" <<DOCKERFILE
FROM $NIVEL_BASE
ENV LANG=C.UTF-8 \\
    PGDATA=/var/lib/postgresql/data \\
    PATH=/usr/lib/postgresql/15/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
# User postgres is uid/gid 999 and the package makes no cluster (the entrypoint makes one in
# \$PGDATA), as in the official image.
RUN groupadd --system --gid 999 postgres \\
 && useradd --system --uid 999 --gid 999 --home-dir /var/lib/postgresql --shell /bin/bash postgres \\
 && echo 'deb http://deb.debian.org/debian-security bookworm-security main' >/etc/apt/sources.list.d/security.list \\
 && mkdir -p /etc/postgresql-common/createcluster.d \\
 && echo 'create_main_cluster = false' >/etc/postgresql-common/createcluster.d/nivel.conf \\
 && apt-get update -qq \\
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql-15 >/dev/null \\
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin /var/log/apt /var/log/dpkg.log \\
 && mkdir -p "\$PGDATA" /docker-entrypoint-initdb.d \\
 && chown -R postgres:postgres /var/lib/postgresql /var/run/postgresql \\
 && chmod 700 "\$PGDATA"
RUN case "\$(postgres --version)" in *" 15.$PG_MINOR "*) ;; *) \\
        echo "Debian has \$(postgres --version), not 15.$PG_MINOR: change PG_MINOR and the labs' pins" >&2; exit 1;; esac
# Every address, as the official image: set in the sample initdb copies, so a lab's own
# command: postgres -c ... keeps it.
RUN sed -ri "s/^#?(listen_addresses)\\s*=\\s*\\S+.*/\\1 = '*'/" /usr/share/postgresql/15/postgresql.conf.sample \\
 && grep -q "^listen_addresses = '\*'" /usr/share/postgresql/15/postgresql.conf.sample
COPY docker-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
VOLUME /var/lib/postgresql/data
STOPSIGNAL SIGINT
EXPOSE 5432
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["postgres"]
DOCKERFILE
