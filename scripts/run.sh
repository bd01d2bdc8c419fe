#!/usr/bin/env bash
# Builds Nivel (installing what it needs on Debian/Ubuntu) and runs it with the given arguments:
#   scripts/run.sh config -f compose.yaml
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
. "$root/scripts/lib/deps.sh"
ensure_build_tools
cargo build --release --locked --quiet --manifest-path "$root/Cargo.toml" --bin nivel
exec "$root/target/release/nivel" "$@"
