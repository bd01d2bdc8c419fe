#!/usr/bin/env bash
# Builds the MLflow test image `nivel-test/mlflow:<version>` when it is missing: no registry
# serves images here, so the base is a Debian bookworm rootfs made with debootstrap and
# `docker import`ed as `nivel-test/debian:bookworm` (kept for later builds), and MLflow comes
# from PyPI. The host's CA bundle goes into the build context so pip trusts the same
# certificates the host does. Prints the image tag on stdout.
set -euo pipefail

MLFLOW_VERSION="${MLFLOW_VERSION:-2.19.0}"   # the version the level-2 lab pins
BASE=nivel-test/debian:bookworm
TAG="nivel-test/mlflow:$MLFLOW_VERSION"
MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
CA_BUNDLE="${CA_BUNDLE:-/etc/ssl/certs/ca-certificates.crt}"

have_image() { docker image inspect "$1" >/dev/null 2>&1; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

if have_image "$TAG"; then
    echo "$TAG"
    exit 0
fi

work="$(mktemp -d)"
trap 'as_root rm -rf "$work"' EXIT

if ! have_image "$BASE"; then
    command -v debootstrap >/dev/null 2>&1 || { echo "nivel: debootstrap is missing (apt-get install debootstrap)" >&2; exit 1; }
    echo "nivel: making $BASE with debootstrap from $MIRROR" >&2
    as_root debootstrap --variant=minbase bookworm "$work/rootfs" "$MIRROR" >"$work/debootstrap.log" 2>&1 || {
        tail -n 20 "$work/debootstrap.log" >&2
        exit 1
    }
    # Package lists and caches only make the base bigger; apt fetches fresh lists when used.
    as_root rm -rf "$work/rootfs/var/lib/apt/lists/"* "$work/rootfs/var/cache/apt/"*.bin "$work/rootfs/var/log/"*
    as_root tar -C "$work/rootfs" -c . | docker import \
        --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
        --change 'CMD ["bash"]' - "$BASE" >/dev/null
fi

# mlflow-skinny has the tracking server's code; full mlflow adds pandas, scipy, scikit-learn,
# pyarrow and matplotlib, which `mlflow server` does not use (about 500 MB). These are the
# server's own needs, bounded as mlflow $MLFLOW_VERSION bounds them.
SERVER_DEPS="'flask<4' 'gunicorn<24' 'sqlalchemy>=1.4,<3' 'alembic<2,!=1.10.0' 'graphene<4' querystring_parser"

[ -r "$CA_BUNDLE" ] || { echo "nivel: no CA bundle at $CA_BUNDLE (apt-get install ca-certificates)" >&2; exit 1; }
mkdir -p "$work/context"
cp "$CA_BUNDLE" "$work/context/ca-certificates.crt"
cat >"$work/context/Dockerfile" <<DOCKERFILE
FROM $BASE
COPY ca-certificates.crt /etc/nivel/ca-certificates.crt
ENV PIP_CERT=/etc/nivel/ca-certificates.crt \\
    REQUESTS_CA_BUNDLE=/etc/nivel/ca-certificates.crt \\
    PIP_DISABLE_PIP_VERSION_CHECK=1 \\
    PIP_NO_CACHE_DIR=1 \\
    PATH=/opt/mlflow/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
RUN apt-get update -qq \\
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3 python3-venv >/dev/null \\
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin \\
 && python3 -m venv /opt/mlflow \\
 && /opt/mlflow/bin/pip install --quiet mlflow-skinny==$MLFLOW_VERSION $SERVER_DEPS
WORKDIR /mlflow
EXPOSE 5000
CMD ["mlflow", "server", "--host", "0.0.0.0", "--port", "5000"]
DOCKERFILE
echo "nivel: building $TAG (MLflow $MLFLOW_VERSION from PyPI; a few minutes)" >&2
docker build --quiet --tag "$TAG" "$work/context" >/dev/null
echo "$TAG"
