#!/usr/bin/env bash
# Benchmark: `nivel logs` against `docker logs` on one busybox container whose log holds 300,000
# lines, release build, hyperfine; output to /dev/null and through a pipe (`| cat >/dev/null`).
# Prints the medians and the ratios, then the logs stream's ceiling: the lines a second it hands
# to an event sink that does nothing (examples/logs_ceiling.rs), what the desktop app is fed.
#   scripts/bench-logs.sh [RUNS]    # default 10
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
runs="${1:-10}"
lines=300000
. "$root/scripts/lib/deps.sh"
. "$root/scripts/lib/busybox.sh"
ensure_build_tools
ensure_packages hyperfine busybox-static python3
ensure_engine
ensure_busybox_image
cargo build --release --locked --quiet --manifest-path "$root/Cargo.toml" --bin nivel --example logs_ceiling
target="${CARGO_TARGET_DIR:-$root/target}/release"
nivel="$target/nivel"

# One container labelled as replica 1 of service `seq` of its own compose project, found by
# `nivel logs PROJECT`; removed by its label however the script ends.
project="nivel-bench-logs-$$"
container="$project-seq-1"
owner="nivel.bench.logs=$project"
results="$(mktemp -d)"
cleanup() {
    docker ps -aq --filter "label=$owner" | xargs -r docker rm -f >/dev/null
    rm -rf "$results"
}
trap cleanup EXIT
docker run -d --name "$container" --label "$owner" \
    --label "com.docker.compose.project=$project" --label com.docker.compose.service=seq \
    --label com.docker.compose.container-number=1 --label com.docker.compose.oneoff=False \
    "$busybox_image" sh -c "i=1; while [ \$i -le $lines ]; do echo line \$i; i=\$((i+1)); done" >/dev/null
[ "$(docker wait "$container")" = 0 ] || { echo "the log container failed" >&2; exit 1; }
got="$(docker logs "$container" | wc -l)"
[ "$got" = "$lines" ] || { echo "the container logged $got lines, not $lines" >&2; exit 1; }
[ "$("$nivel" logs "$project" | wc -l)" = "$lines" ] || { echo "nivel logs did not print $lines lines" >&2; exit 1; }

echo "machine: $(nproc) cores, $(. /etc/os-release && echo "$PRETTY_NAME"), engine $(docker version --format '{{.Server.Version}}')," \
    "load $(cut -d' ' -f1-3 /proc/loadavg)"
hyperfine --warmup 1 --runs "$runs" -N --export-json "$results/null.json" \
    -n "docker logs > /dev/null" "docker logs $container" \
    -n "nivel logs > /dev/null" "$nivel logs $project"
hyperfine --warmup 1 --runs "$runs" --export-json "$results/pipe.json" \
    -n "docker logs | cat" "docker logs $container | cat >/dev/null" \
    -n "nivel logs | cat" "$nivel logs $project | cat >/dev/null"
python3 - "$results/null.json" "$results/pipe.json" <<'PY'
import json, sys
print(f"\n{'output':<12} {'docker logs':>12} {'nivel logs':>12} {'ratio':>7}  (medians; target: ratio at most 1.5)")
for path, output in zip(sys.argv[1:], ["/dev/null", "a pipe"]):
    docker, nivel = (r["median"] for r in json.load(open(path))["results"])
    print(f"{output:<12} {docker:>10.2f} s {nivel:>10.2f} s {nivel / docker:>6.2f}x")
PY
echo
echo "the stream into a sink that does nothing (examples/logs_ceiling.rs):"
"$target/examples/logs_ceiling" "$project" 5
