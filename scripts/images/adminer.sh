#!/usr/bin/env bash
# Stand-in for `adminer:4.8.1` (the reference Level 3 pins): Debian bookworm's Adminer 4.8.1
# package on PHP 8.2's built-in server, arranged as the official image is: port 8080, user
# `adminer`, ADMINER_DEFAULT_SERVER filled in the login form (adminer/index.php), drivers for
# PostgreSQL, MySQL and SQLite. Listens on 0.0.0.0 (the official image's `[::]` fails on hosts
# without IPv6). Prints the image tag on stdout.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/lib.sh"

image_build "adminer:4.8.1" "stand-in: Debian's Adminer 4.8.1 on PHP's built-in server" "$here/adminer/index.php" <<DOCKERFILE
FROM $NIVEL_BASE
RUN apt-get update -qq \\
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \\
        adminer php8.2-cli php8.2-cgi php8.2-pgsql php8.2-mysql php8.2-sqlite3 >/dev/null \\
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin /var/log/apt /var/log/dpkg.log \\
 && mkdir -p /var/www/html \\
 && cp "\$(dpkg -L adminer | grep -m1 '/adminer\.php\$')" /var/www/html/adminer.php \\
 && useradd --create-home adminer
COPY index.php /var/www/html/index.php
USER adminer
WORKDIR /var/www/html
EXPOSE 8080
CMD ["php", "-S", "0.0.0.0:8080", "-t", "/var/www/html"]
DOCKERFILE
