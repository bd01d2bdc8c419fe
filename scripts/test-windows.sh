#!/usr/bin/env bash
# The Windows build of `nivel`, linked with Debian's MinGW and run under wine: the commands that
# need no engine must work there as on Linux, and `labs` with no engine must say so and end, not
# hang. The engine path (Docker Desktop's named pipe) is not exercised: wine has no engine.
#
#     scripts/test-windows.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
. scripts/lib/deps.sh
ensure_build_tools
ensure_packages gcc-mingw-w64-x86-64 wine wine64
rustup target list --installed | grep -qx x86_64-pc-windows-gnu || rustup target add x86_64-pc-windows-gnu
cargo build --locked --target x86_64-pc-windows-gnu --bin nivel --quiet
target="${CARGO_TARGET_DIR:-$root/target}"
exe="$target/x86_64-pc-windows-gnu/debug/nivel.exe"

# A wine prefix of its own, kept between runs (making one takes most of a cold run); no Mono or
# Gecko installers, no debug chatter.
export WINEPREFIX="$target/wine" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/data" "$work/docker"
[ -d "$WINEPREFIX/drive_c/windows/system32" ] || wineboot --init >/dev/null 2>&1 || true
# Rust's standard library takes its random numbers from ProcessPrng in bcryptprimitives.dll
# (Windows 10 and later); Debian 12's wine 8.0 has no such DLL, so the prefix gets a stand-in
# that asks wine's BCryptGenRandom. Real Windows uses its own.
system32="$WINEPREFIX/drive_c/windows/system32"
if [ ! -f "$system32/bcryptprimitives.dll" ]; then
    cat >"$work/prng.c" <<'C'
#include <windows.h>
#include <bcrypt.h>
BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
    return BCryptGenRandom(NULL, data, (ULONG)len, BCRYPT_USE_SYSTEM_PREFERRED_RNG) >= 0;
}
C
    printf 'LIBRARY bcryptprimitives.dll\nEXPORTS\n    ProcessPrng\n' >"$work/prng.def"
    x86_64-w64-mingw32-gcc -shared -O2 -o "$system32/bcryptprimitives.dll" "$work/prng.c" "$work/prng.def" -lbcrypt
fi
# No engine and no docker settings of this machine's user: Nivel falls to Windows' default.
unset DOCKER_HOST DOCKER_CONTEXT
export DOCKER_CONFIG="$work/docker" NIVEL_LANG=en
# A Windows path (wine's Z: drive is the unix root) for Nivel's data.
export NIVEL_DATA_DIR="Z:${work//\//\\}\\data"

# Runs nivel.exe; its output, stdout and stderr together and without the CRs, on stdout.
nivel() {
    local status=0
    timeout 120 wine "$exe" "$@" >"$work/out" 2>&1 || status=$?
    tr -d '\r' <"$work/out"
    return "$status"
}

# WHAT OUTPUT PATTERN...: the output must hold every pattern.
expect() {
    local what="$1" out="$2"
    shift 2
    for pattern in "$@"; do
        if ! grep -qF -- "$pattern" <<<"$out"; then
            printf 'nivel: windows: `%s` did not print %s; it printed:\n%s\n' "$what" "$pattern" "$out" >&2
            exit 1
        fi
    done
}

# WHAT: the command failed; say how.
failed() {
    printf 'nivel: windows: `%s` failed; it printed:\n%s\n' "$1" "$(tr -d '\r' <"$work/out")" >&2
    exit 1
}

version="$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)"
out="$(nivel --version)" || failed "nivel --version"
expect "nivel --version" "$out" "nivel $version"

printf 'services:\n  web:\n    image: nginx:1.27\n    ports: ["8080:80"]\n' >"$work/compose.yaml"
out="$(nivel config -p winlab -f "Z:${work//\//\\}\\compose.yaml")" || failed "nivel config"
expect "nivel config" "$out" "name: winlab" "image: nginx:1.27" 'published: "8080"' "name: winlab_default"

out="$(nivel lab lint labs/level-1)" || failed "nivel lab lint"
expect "nivel lab lint" "$out" "1 lab checked: no problems"

# Without an engine: the labs, each not ready, and why. First with no docker program at all,
# then with one on PATH (an empty stand-in), when Nivel looks for Docker Desktop's pipe.
started=$SECONDS
out="$(nivel labs)" || failed "nivel labs"
expect "nivel labs" "$out" "level-0" "level-4" "not ready" "Docker is not installed on this machine"
mkdir -p "$work/bin"
: >"$work/bin/docker.exe"
out="$(WINEPATH="Z:${work//\//\\}\\bin" nivel labs)" || failed "nivel labs"
expect "nivel labs" "$out" "level-0" "not ready" "the Docker engine is not running at npipe:////./pipe/docker_engine"
echo "nivel: windows: labs without an engine answered twice in $((SECONDS - started)) s" >&2

out="$(nivel progress)" || failed "nivel progress"
expect "nivel progress" "$out" "Level 0:" "not started"

echo "nivel: windows: nivel.exe --version, config, lab lint, labs and progress ran under wine" >&2
