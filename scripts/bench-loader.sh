#!/usr/bin/env bash
# Benchmark: `nivel config` on inputs as large as the loader takes (just under 4 MiB), one per
# shape that once made a loader slow (many keys, long sequences, many services, deep nesting,
# anchors and aliases, a long string, many variables, many documents, two files merged, large
# env files; see scripts/bench/loader_inputs.py), against `docker compose config` (v2.40.3)
# on the same files. Prints the median wall time of each, their ratio, and Nivel's peak memory.
# Docker Compose is slow on some of these inputs: a shape it has not finished in CAP seconds
# (default 30) is shown as "> CAP s" and not timed further.
#   scripts/bench-loader.sh [RUNS] [CAP]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
runs="${1:-10}"
cap="${2:-30}"
. "$root/scripts/lib/deps.sh"
ensure_build_tools
ensure_packages hyperfine time python3
cargo build --release --locked --quiet --manifest-path "$root/Cargo.toml" --bin nivel
nivel="$root/target/release/nivel"
compose="$(reference_compose "$root")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 "$root/scripts/bench/loader_inputs.py" "$work" >"$work/shapes"
printf '%-10s %8s %12s %14s %8s %10s\n' shape size "nivel (ms)" "compose (ms)" ratio "nivel RSS"
while read -r shape; do
    cd "$work/$shape"
    files="-f compose.yaml"
    [ -f override.yaml ] && files="-f compose.yaml -f override.yaml"
    size="$(find . -type f -exec cat {} + | wc -c)"
    "$nivel" config $files >/dev/null 2>&1 || { echo "$shape: nivel config failed" >&2; exit 1; }
    commands=("$nivel config $files")
    compose_note=""
    if (timeout -s KILL "$cap" "$compose" $files config >/dev/null 2>&1) 2>/dev/null; then
        commands+=("$compose $files config")
    else
        [ $? -eq 137 ] && compose_note="> $cap s" || compose_note="refused"
    fi
    hyperfine --style none --warmup 0 --runs "$runs" --export-json "$work/$shape.json" -N "${commands[@]}" >/dev/null 2>&1
    rss="$(/usr/bin/time -f %M "$nivel" config $files 2>&1 >/dev/null | tail -n1)"
    python3 - "$work/$shape.json" "$shape" "$size" "$rss" "$compose_note" <<'PY'
import json, statistics, sys
results = json.load(open(sys.argv[1]))["results"]
shape, size, rss, note = sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
med = [statistics.median(r["times"]) * 1000 for r in results]
compose = f"{med[1]:14.1f}" if len(med) > 1 else f"{note:>14}"
ratio = f"{med[0] / med[1]:8.3f}" if len(med) > 1 else f"{'-':>8}"
print(f"{shape:<10} {size / 1048576:6.2f}Mi {med[0]:12.1f} {compose} {ratio} {rss / 1024:7.1f}MiB")
PY
done <"$work/shapes"
