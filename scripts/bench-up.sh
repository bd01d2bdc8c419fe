#!/usr/bin/env bash
# Benchmark: `nivel up` / `nivel down` against Debian's `docker-compose` (1.29) on twelve
# busybox httpd services in three health-gated tiers. Alternates the tools run by run and
# prints medians, ratios, the floor and the tier hand-off read from the engine's events.
#   scripts/bench-up.sh [RUNS] [-- more options for scripts/bench/bench_up.py]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
runs="${1:-5}"
shift || true
[ "${1:-}" = "--" ] && shift
. "$root/scripts/lib/deps.sh"
ensure_build_tools
ensure_packages python3 busybox-static docker-compose
ensure_engine
cargo build --release --locked --quiet --manifest-path "$root/Cargo.toml" --bin nivel
nivel="${CARGO_TARGET_DIR:-$root/target}/release/nivel"
. "$root/scripts/lib/busybox.sh"
ensure_busybox_image
image="$busybox_image"

echo "machine: $(nproc) cores, $(. /etc/os-release && echo "$PRETTY_NAME"), engine $(docker version --format '{{.Server.Version}}')," \
    "$(docker-compose version --short 2>/dev/null || docker-compose version | head -n1)"
exec python3 "$root/scripts/bench/bench_up.py" --nivel "$nivel" --image "$image" --runs "$runs" "$@"
