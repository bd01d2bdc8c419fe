#!/usr/bin/env bash
# Regenerates the desktop app's icon set in icons/ from the one drawing icons/nivel.svg, with
# the Tauri CLI pinned in src-tauri/package.json. Run it after changing the drawing.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
. "$root/scripts/lib/deps.sh"
ensure_tauri_cli
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
"$root/src-tauri/node_modules/.bin/tauri" icon "$root/icons/nivel.svg" -o "$out" >/dev/null 2>&1
# Only what a desktop bundle uses (Linux, Windows, macOS); the mobile sets are left out.
for f in 32x32.png 128x128.png 128x128@2x.png icon.png icon.ico icon.icns; do
    cp "$out/$f" "$root/icons/$f"
done
echo "nivel: icons written to $root/icons"
