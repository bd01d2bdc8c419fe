#!/usr/bin/env bash
# Benchmark: wall time of `nivel doctor --json` (facts, every built-in lab's verdict) against
# the running engine, with the release build; prints hyperfine's summary and the median.
#   scripts/bench-doctor.sh [RUNS]    # default 20
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
runs="${1:-20}"
. "$root/scripts/lib/deps.sh"
ensure_build_tools
ensure_packages hyperfine
ensure_engine
cargo build --release --locked --quiet --manifest-path "$root/Cargo.toml" --bin nivel
nivel="${CARGO_TARGET_DIR:-$root/target}/release/nivel"
data="$(mktemp -d)"
export_json="$(mktemp)"
trap 'rm -rf "$data" "$export_json"' EXIT
# The built-in labs are written to the data directory on the first run; later runs only
# check their stamps, as on a student's machine.
NIVEL_DATA_DIR="$data" "$nivel" doctor --json >/dev/null || true

echo "machine: $(nproc) cores, $(. /etc/os-release && echo "$PRETTY_NAME"), engine $(docker version --format '{{.Server.Version}}')," \
    "$(docker ps -q | wc -l) containers running"
NIVEL_DATA_DIR="$data" hyperfine --warmup 2 --runs "$runs" -N -i --export-json "$export_json" \
    "$nivel doctor --json"
python3 - "$export_json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
print(f"median: {r['median'] * 1000:.1f} ms over {len(r['times'])} runs (target: under 300 ms)")
PY
