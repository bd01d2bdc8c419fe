#!/usr/bin/env bash
# Benchmark: `nivel config` against `docker compose config` (v2.40.3) on the course's Airflow
# stack. Prints the median wall time of each, their ratio, and peak memory.
#   scripts/bench-config.sh [RUNS]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
runs="${1:-30}"
. "$root/scripts/lib/deps.sh"
ensure_build_tools
ensure_packages hyperfine time
cargo build --release --locked --quiet --manifest-path "$root/Cargo.toml" --bin nivel
nivel="$root/target/release/nivel"
compose="$(reference_compose "$root")"
dir="$root/tests/fixtures/course"
cd "$dir"
out="$(mktemp)"
hyperfine --style basic --warmup 3 --runs "$runs" --export-json "$out" -N \
    "$nivel config -f airflow.yaml" "$compose -f airflow.yaml config" >/dev/null 2>&1
python3 - "$out" <<'PY'
import json, statistics, sys
r = json.load(open(sys.argv[1]))["results"]
med = [statistics.median(x["times"]) * 1000 for x in r]
print(f"nivel config            median {med[0]:7.2f} ms")
print(f"docker compose config   median {med[1]:7.2f} ms")
print(f"ratio nivel/compose     {med[0] / med[1]:.3f}")
PY
rss() { /usr/bin/time -f %M "$@" >/dev/null 2>"$out.rss" || true; tail -n1 "$out.rss"; }
echo "peak memory nivel       $(rss "$nivel" config -f airflow.yaml) KiB"
echo "peak memory compose     $(rss "$compose" -f airflow.yaml config) KiB"
rm -f "$out" "$out.rss"
