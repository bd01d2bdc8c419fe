#!/usr/bin/env bash
# Builds the desktop app's Debian package with the Tauri CLI pinned in src-tauri/package.json
# (no download beyond the npm and crates.io packages): target/desktop/bundle/deb/*.deb, with
# the app as /usr/bin/nivel-desktop (and its menu entry) and the command line as /usr/bin/nivel.
# Install it with: sudo apt install ./target/desktop/bundle/deb/Nivel_*_amd64.deb
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
. "$root/scripts/lib/deps.sh"
ensure_desktop_build
ensure_ui_packages
ensure_tauri_cli
# The command line goes into the same package (tauri.conf.json maps it to /usr/bin/nivel).
cargo build --locked --quiet --manifest-path "$root/Cargo.toml" --bin nivel --profile desktop
cd "$root/src-tauri"
# The CLI runs the UI's build (beforeBuildCommand) and cargo in the lean `desktop` profile.
node_modules/.bin/tauri build --bundles deb -- --locked --profile desktop
ls "$root"/target/desktop/bundle/deb/*.deb
