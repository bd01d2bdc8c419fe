#!/usr/bin/env bash
# The desktop app's footprint, release build, under Xvfb: launch to levels drawn (median of
# RUNS), idle PSS of the app and its WebKit processes and idle CPU over 60 s with one lab
# running (its service healthchecked every second), and the logs view following a container
# that prints 10,000 lines a second (every 5 s for 5 minutes: PSS, how far the view's last line is
# behind the container's, a page script's round trip). Goals: levels < 1 s, PSS <= 200 MB
# (190.7 MiB), idle CPU < 1%. Figures from a loaded machine mean little: each line carries the
# load average; measure when it is below 1.
#   scripts/bench-desktop.sh [RUNS]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
runs="${1:-5}"
. "$root/scripts/lib/deps.sh"
. "$root/scripts/lib/desktop.sh"
. "$root/scripts/lib/busybox.sh"
ensure_packages python3
ensure_engine
ensure_desktop_e2e
ensure_busybox_image
app="$(build_desktop)"
# The CLI only starts and stops the benchmark's labs: its development build does (a release
# build of it would be a second full optimised build of the dependencies).
cargo build --locked --quiet --manifest-path "$root/Cargo.toml" --bin nivel
nivel="$root/target/debug/nivel"
driver="$(command -v tauri-driver || echo "$HOME/.cargo/bin/tauri-driver")"

# A display and a session bus of its own, so nothing else on the machine is measured with it.
display=""
for n in $(seq 150 250); do
    [ -e "/tmp/.X$n-lock" ] || { display=":$n"; break; }
done
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
bus_out="$(mktemp)"
dbus-daemon --session --nofork --print-address=1 >"$bus_out" 2>/dev/null &
dbus=$!
trap 'kill "$xvfb" "$dbus" 2>/dev/null; rm -f "$bus_out"' EXIT
for _ in $(seq 1 100); do [ -s "$bus_out" ] && [ -e "/tmp/.X11-unix/X${display#:}" ] && break; sleep 0.1; done

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "machine: $(nproc) cores, $(. /etc/os-release && echo "$PRETTY_NAME"), WebKitGTK $(pkg-config --modversion webkit2gtk-4.1), engine $(docker version --format '{{.Server.Version}}')"
python3 "$root/scripts/bench/desktop.py" --app "$app" --nivel "$nivel" --image "$busybox_image" \
    --display "$display" --bus "$(head -n1 "$bus_out")" --tauri-driver "$driver" --runs "$runs"
