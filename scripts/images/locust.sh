#!/usr/bin/env bash
# Stand-in for `locustio/locust:2.47.0` (the reference Level 3 pins): Locust 2.47.0 from PyPI,
# every dependency pinned (locust/constraints.txt), arranged as the official image is: `locust`
# as the entrypoint, run as user `locust` in /home/locust, ports 8089 (web UI) and 5557 (workers).
# Honest difference: the official image runs Python 3.12; this one Debian bookworm's 3.11.2.
# Prints the image tag on stdout.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/lib.sh"

image_build "locustio/locust:2.47.0" "stand-in: Locust 2.47.0 from PyPI laid out as the official image" \
    "$here"/locust/{requirements.txt,constraints.txt} <<DOCKERFILE
FROM $NIVEL_BASE
COPY ca-certificates.crt /etc/nivel/ca-certificates.crt
COPY requirements.txt constraints.txt /opt/locust/
ENV LANG=C.UTF-8 \\
    PIP_CERT=/etc/nivel/ca-certificates.crt \\
    PATH=/opt/locust/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
RUN apt-get update -qq \\
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3 python3-venv >/dev/null \\
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin /var/log/apt /var/log/dpkg.log \\
 && python3 -m venv /opt/locust \\
 && /opt/locust/bin/pip install --quiet --no-cache-dir --disable-pip-version-check \\
        -r /opt/locust/requirements.txt -c /opt/locust/constraints.txt \\
 && find /opt/locust -name __pycache__ -prune -exec rm -rf {} + \\
 && ln -s /opt/locust/bin/python3 /usr/local/bin/python \\
 && useradd --create-home locust
USER locust
WORKDIR /home/locust
EXPOSE 8089 5557
ENTRYPOINT ["locust"]
DOCKERFILE
