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
image="nivel-test/busybox:1"

# The same tiny image the engine tests use: Debian's static busybox `docker import`ed.
build_busybox_image() {
    local dir
    dir="$(mktemp -d)"
    mkdir -p "$dir/rootfs"/{bin,tmp,www,etc,data}
    cp /bin/busybox "$dir/rootfs/bin/busybox"
    for applet in sh httpd wget sleep cat echo ls true false nc env touch mkdir rm date id; do
        ln -s busybox "$dir/rootfs/bin/$applet"
    done
    echo "nivel test page" >"$dir/rootfs/www/index.html"
    printf 'root:x:0:0:root:/:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' >"$dir/rootfs/etc/passwd"
    tar -C "$dir/rootfs" -cf "$dir/rootfs.tar" .
    docker import --change 'CMD ["/bin/sh"]' --change 'ENV PATH=/bin' "$dir/rootfs.tar" "$image" >/dev/null
    rm -rf "$dir"
}
docker image inspect "$image" >/dev/null 2>&1 || build_busybox_image

echo "machine: $(nproc) cores, $(. /etc/os-release && echo "$PRETTY_NAME"), engine $(docker version --format '{{.Server.Version}}')," \
    "$(docker-compose version --short 2>/dev/null || docker-compose version | head -n1)"
exec python3 "$root/scripts/bench/bench_up.py" --nivel "$nivel" --image "$image" --runs "$runs" "$@"
