#!/usr/bin/env bash
# The MLflow test image `nivel-test/mlflow:<version>` (the engine tests' tracking server): the
# Debian base of lib.sh, MLflow from PyPI. Prints the image tag on stdout.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

MLFLOW_VERSION="${MLFLOW_VERSION:-2.19.0}"

# mlflow-skinny has the tracking server's code; full mlflow adds pandas, scipy, scikit-learn,
# pyarrow and matplotlib, which `mlflow server` does not use (about 500 MB). These are the
# server's own needs, bounded as mlflow $MLFLOW_VERSION bounds them.
SERVER_DEPS="'flask<4' 'gunicorn<24' 'sqlalchemy>=1.4,<3' 'alembic<2,!=1.10.0' 'graphene<4' querystring_parser"

image_build "nivel-test/mlflow:$MLFLOW_VERSION" "MLflow $MLFLOW_VERSION from PyPI (a few minutes)" <<DOCKERFILE
FROM $NIVEL_BASE
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
