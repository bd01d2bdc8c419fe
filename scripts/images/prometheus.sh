#!/usr/bin/env bash
# Stand-in for `prom/prometheus:v3.5.3`, the Prometheus Level 4 pins, tagged with that exact
# reference so the lab runs unchanged. The same release: Debian's own build of Prometheus
# 3.5.3 (package 3.5.3+ds1-6, from Debian unstable; bookworm carries only 2.42), on the Debian
# base of lib.sh. Honest differences: the official image is a static build on busybox, this
# one Debian's build on Debian (its web UI is whatever Debian's source package ships; the
# HTTP API the lab's checks use is the same); arranged as the official image is: the binary in
# /bin, `--config.file=/etc/prometheus/prometheus.yml --storage.tsdb.path=/prometheus` by
# default, run as `nobody` in /prometheus, and busybox's `wget` for a healthcheck.
# Prints the image tag on stdout.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

PROMETHEUS_DEB="${PROMETHEUS_DEB:-$DEBIAN_MIRROR/pool/main/p/prometheus/prometheus_3.5.3+ds1-6_amd64.deb}"
PROMETHEUS_SHA256=593bcced02d8082688ea034dfc543848ad145c5f793aae5aad756c4dbdfa98da

image_build "prom/prometheus:v3.5.3" "stand-in: Debian's build of Prometheus 3.5.3" <<DOCKERFILE
FROM $NIVEL_BASE
ADD $PROMETHEUS_DEB /tmp/prometheus.deb
RUN echo "$PROMETHEUS_SHA256  /tmp/prometheus.deb" | sha256sum -c - \\
 && dpkg-deb -x /tmp/prometheus.deb /tmp/prometheus \\
 && install -m 0755 /tmp/prometheus/usr/bin/prometheus /bin/prometheus \\
 && rm -rf /tmp/prometheus /tmp/prometheus.deb \\
 && apt-get update -qq \\
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends busybox >/dev/null \\
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin /var/log/apt /var/log/dpkg.log \\
 && ln -s /bin/busybox /usr/local/bin/wget \\
 && mkdir -p /etc/prometheus /prometheus \\
 && printf 'global:\n  scrape_interval: 15s\nscrape_configs:\n  - job_name: prometheus\n    static_configs:\n      - targets: ["localhost:9090"]\n' >/etc/prometheus/prometheus.yml \\
 && chown -R nobody:nogroup /etc/prometheus /prometheus \\
 && /bin/prometheus --version
USER nobody
EXPOSE 9090
VOLUME ["/prometheus"]
WORKDIR /prometheus
ENTRYPOINT ["/bin/prometheus"]
CMD ["--config.file=/etc/prometheus/prometheus.yml", "--storage.tsdb.path=/prometheus"]
DOCKERFILE
