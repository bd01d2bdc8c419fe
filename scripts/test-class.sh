#!/usr/bin/env bash
# A class on a real multi-node Docker Swarm: `nivel class up`, `status` and `down` on a swarm
# the test makes of three engines in network namespaces of its own (a manager and two
# workers, `dockerd` with the vfs storage driver), fed by a local registry on that network.
# The machine's own engine and network are not touched. 3.5 to 5 minutes here: two swarms
# are made, one for the class's whole path and one for the loss of a node.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
. scripts/lib/deps.sh
ensure_packages iproute2 util-linux docker.io docker-registry busybox-static apache2-utils
# The class report is opened in MiniBrowser (libwebkit2gtk) through WebKit's WebDriver.
ensure_packages xvfb webkit2gtk-driver libwebkit2gtk-4.1-0 fonts-dejavu-core
ensure_engine
export NIVEL_REQUIRE_DOCKER=1
cargo clippy --locked --features cli --test cluster --quiet -- -D warnings
# One swarm at a time: each is three engines.
cargo test --locked --features cli --test cluster -- --test-threads=1
