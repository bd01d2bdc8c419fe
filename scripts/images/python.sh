#!/usr/bin/env bash
# Stand-in for `python:3.11.11-slim-bookworm`, the base Level 0's Dockerfile names (and the
# labs' own built images after it), tagged with that exact reference so the lab builds
# unchanged. Honest difference: the official image compiles CPython 3.11.11; this one is
# Debian bookworm's python3, 3.11.2 (same minor version, same ABI, so the same manylinux wheels
# install). It is arranged as the official image is: `python`, `python3` and `pip` in
# /usr/local/bin, and `pip install -r requirements.txt` as root installs into
# /usr/local/lib/python3.11/site-packages with no "externally managed" refusal, because
# /usr/local is a virtual environment over Debian's interpreter. pip is 24.0, the version
# Python 3.11.11's ensurepip bundles. The host's CA bundle replaces Debian's and pip is pointed
# at it, so pip over HTTPS works in the builds that start FROM this image; a copy in
# /usr/local/share/ca-certificates keeps it there when a later apt-get install runs
# update-ca-certificates.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

image_build "python:3.11.11-slim-bookworm" "stand-in: Debian's Python 3.11.2 laid out as the official image" <<DOCKERFILE
FROM $NIVEL_BASE
COPY ca-certificates.crt /etc/nivel/ca-certificates.crt
ENV LANG=C.UTF-8 \\
    PYTHON_VERSION=3.11.2 \\
    PIP_CERT=/etc/ssl/certs/ca-certificates.crt \\
    REQUESTS_CA_BUNDLE=/etc/ssl/certs/ca-certificates.crt \\
    SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt \\
    PATH=/usr/local/bin:/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin
RUN apt-get update -qq \\
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ca-certificates python3 python3-venv >/dev/null \\
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin /var/log/apt /var/log/dpkg.log \\
 && cp /etc/nivel/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt \\
 && cp /etc/nivel/ca-certificates.crt /usr/local/share/ca-certificates/nivel-host.crt \\
 && python3 -m venv /usr/local \\
 && /usr/local/bin/pip install --quiet --no-cache-dir --disable-pip-version-check pip==24.0 \\
 && find /usr/local -name __pycache__ -prune -exec rm -rf {} + \\
 && python --version && pip --version
CMD ["python3"]
DOCKERFILE
