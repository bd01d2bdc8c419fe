#!/usr/bin/env bash
# Builds Nivel (installing what it needs on Debian/Ubuntu) and runs it:
#   scripts/run.sh                         the desktop app
#   scripts/run.sh cli config -f compose.yaml
#   scripts/run.sh config -f compose.yaml  the `nivel` command with these arguments
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
. "$root/scripts/lib/deps.sh"
. "$root/scripts/lib/desktop.sh"

if [ $# -eq 0 ]; then
    if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
        echo "nivel: the desktop app needs a graphical session (no DISPLAY or WAYLAND_DISPLAY here);" >&2
        echo "       the command line works anywhere: scripts/run.sh cli --help" >&2
        exit 1
    fi
    app="$(build_desktop)"
    exec "$app"
fi

[ "$1" = "cli" ] && shift
ensure_build_tools
cargo build --release --locked --quiet --manifest-path "$root/Cargo.toml" --bin nivel
exec "$root/target/release/nivel" "$@"
