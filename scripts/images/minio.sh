#!/usr/bin/env bash
# Stand-in for MinIO, `quay.io/minio/minio:$MINIO_TAG` (the reference Level 2 pins): no
# registry serves MinIO here, and none builds it from source with what is reachable, so this is
# another S3 server, moto 5.2.5 from PyPI, arranged as MinIO's image is (minio/server.py says
# what it does and does not do): `server /data --console-address :9001` on port 9000,
# MINIO_ROOT_USER / MINIO_ROOT_PASSWORD as the only credentials accepted, /minio/health/live,
# data kept in /data across a recreated container, and an `mc` that knows `alias set`, `mb`,
# `ls` and `ready`. Prints the image tag on stdout.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/lib.sh"

MINIO_TAG="${MINIO_TAG:-RELEASE.2024-12-18T13-15-44Z}"

image_build "quay.io/minio/minio:$MINIO_TAG" "stand-in: moto's S3 server laid out as MinIO" \
    "$here"/minio/{requirements.txt,constraints.txt,server.py,mc,docker-entrypoint.sh} <<DOCKERFILE
FROM $NIVEL_BASE
COPY ca-certificates.crt /etc/nivel/ca-certificates.crt
COPY requirements.txt constraints.txt /opt/moto/
ENV LANG=C.UTF-8 \\
    PIP_CERT=/etc/nivel/ca-certificates.crt \\
    MINIO_ROOT_USER=minioadmin \\
    MINIO_ROOT_PASSWORD=minioadmin
RUN apt-get update -qq \\
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3 python3-venv >/dev/null \\
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin /var/log/apt /var/log/dpkg.log \\
 && python3 -m venv /opt/moto \\
 && /opt/moto/bin/pip install --quiet --no-cache-dir --disable-pip-version-check \\
        -r /opt/moto/requirements.txt -c /opt/moto/constraints.txt \\
 && find /opt/moto -name __pycache__ -prune -exec rm -rf {} +
COPY server.py /opt/moto/server.py
COPY mc docker-entrypoint.sh /usr/bin/
RUN printf '#!/bin/sh\nexec /opt/moto/bin/python3 /opt/moto/server.py "\$@"\n' >/usr/bin/minio \\
 && chmod 755 /usr/bin/minio /usr/bin/mc /usr/bin/docker-entrypoint.sh
EXPOSE 9000
VOLUME ["/data"]
ENTRYPOINT ["/usr/bin/docker-entrypoint.sh"]
CMD ["minio"]
DOCKERFILE
