#!/usr/bin/env bash
# The Windows build of `nivel`, linked with Debian's MinGW and run under wine: the commands that
# need no engine must work there as on Linux, and `labs` with no engine must say so and end, not
# hang. Then a real engine answers at Docker Desktop's named pipe (a relay, built with MinGW,
# serves `\\.\pipe\docker_engine` and hands each client to this machine's engine), and a lab
# goes through `up`, `status`, `logs`, `check`, `restart`, `images save` and `down` from a
# Windows path, its link answering; the progress store's backup and restore run on Windows'
# file rules.
#
#     scripts/test-windows.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
. scripts/lib/deps.sh
ensure_build_tools
ensure_packages gcc-mingw-w64-x86-64 wine wine64 socat curl python3
. scripts/lib/busybox.sh
ensure_engine
ensure_busybox_image
rustup target list --installed | grep -qx x86_64-pc-windows-gnu || rustup target add x86_64-pc-windows-gnu
cargo build --locked --target x86_64-pc-windows-gnu --bin nivel --quiet
target="${CARGO_TARGET_DIR:-$root/target}"
exe="$target/x86_64-pc-windows-gnu/debug/nivel.exe"

# A wine prefix of its own, kept between runs (making one takes most of a cold run); no Mono or
# Gecko installers, no debug chatter.
export WINEPREFIX="$target/wine" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
work="$(mktemp -d)"
lab_project=nivel-windows
relay_pid="" socat_pid="" holder_pid=""
finish() {
    local pid
    for pid in $holder_pid $relay_pid $socat_pid; do
        kill "$pid" 2>/dev/null || true
    done
    wineserver -k 2>/dev/null || true
    docker ps -aq --filter "label=com.docker.compose.project=$lab_project" | xargs -r docker rm -f >/dev/null 2>&1 || true
    docker network rm "${lab_project}_default" "${lab_project}-busy_default" >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap finish EXIT
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

# With no language setting in Windows' environment (cmd clears what wine passes on), Nivel
# speaks Windows' display language: wine takes it from the locale it is started in.
for locale in es_ES.UTF-8:Estudiante en_US.UTF-8:Student; do
    out="$(env -u NIVEL_LANG LC_ALL="${locale%%:*}" timeout 120 wine cmd /c "set LC_ALL=&& set LANG=&& set LC_MESSAGES=&& Z:${exe//\//\\} progress" 2>&1 | tr -d '\r')" || failed "nivel progress in ${locale%%:*}"
    expect "nivel progress in Windows' ${locale%%:*}" "$out" "${locale#*:}"
done

echo "nivel: windows: nivel.exe --version, config, lab lint, labs and progress ran under wine" >&2

# A real engine at Docker Desktop's pipe: socat hands a loopback port to this machine's engine,
# and the relay serves the pipe and hands each client to that port.
# A loopback port nothing listens on.
free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# NAME: scripts/windows/NAME.c built with MinGW into $work/NAME.exe.
windows_program() {
    x86_64-w64-mingw32-gcc -O2 -Wall -o "$work/$1.exe" "scripts/windows/$1.c" -lws2_32
}

# FILE WHAT: waits up to a minute for the program whose output is FILE to say "listening".
await_listening() {
    for _ in $(seq 1 60); do
        grep -q listening "$1" && return 0
        sleep 1
    done
    echo "nivel: windows: the $2 did not start: $(cat "$1")" >&2
    exit 1
}

windows_program pipe-relay
port="$(free_port)"
socat "TCP-LISTEN:$port,bind=127.0.0.1,reuseaddr,fork" UNIX-CONNECT:/var/run/docker.sock &
socat_pid=$!
wine "$work/pipe-relay.exe" '\\.\pipe\docker_engine' "$port" >"$work/relay" 2>&1 &
relay_pid=$!
await_listening "$work/relay" "pipe relay"

lab="$work/lab"
mkdir -p "$lab"
cat >"$lab/compose.yaml" <<YAML
name: $lab_project
services:
  web:
    image: $busybox_image
    command: ["sh", "-c", "mkdir -p /www && echo hola > /www/index.html && echo serving && exec httpd -f -p 8080 -h /www"]
    ports: ["8080"]
YAML
cat >"$lab/lab.toml" <<TOML
format = 1
id = "$lab_project"
title = { es = "Laboratorio de prueba", en = "Test lab" }
summary = { es = "Un servidor web.", en = "A web server." }

[[link]]
service = "web"
port = 8080
path = "/index.html"
label = { es = "Sitio", en = "Site" }

[[exercise]]
id = "web"
title = { es = "El sitio responde", en = "The site answers" }

  [[exercise.check]]
  kind = "http"
  service = "web"
  port = 8080
  path = "/index.html"
  expect_body = "hola"
TOML
winlab="Z:${lab//\//\\}"
started=$SECONDS

out="$(nivel labs)" || failed "nivel labs"
expect "nivel labs with the engine" "$out" "level-0" "ready"
if grep -qF "not running" <<<"$out"; then failed "nivel labs with the engine"; fi

# A port the lab needs, held by another Windows program: found and refused before anything
# starts. Under wine every socket is held by wine's own server, so no program can be named:
# Nivel says the system does not say which.
windows_program port-holder
busy="$(free_port)"
wine "$work/port-holder.exe" "$busy" >"$work/holder" 2>&1 &
holder_pid=$!
await_listening "$work/holder" "port holder"
mkdir -p "$work/busy"
printf 'name: %s-busy\nservices:\n  web:\n    image: %s\n    ports: ["127.0.0.1:%s:8080"]\n' "$lab_project" "$busybox_image" "$busy" >"$work/busy/compose.yaml"
status=0
out="$(nivel up "Z:${work//\//\\}\\busy" --progress plain)" || status=$?
[ "$status" = 1 ] || failed "nivel up with a port taken (exit $status)"
expect "nivel up with a port taken" "$out" "port $busy of web on 127.0.0.1 is taken" "--port-offset"
kill "$holder_pid"
holder_pid=""

out="$(nivel up "$winlab" --progress plain)" || failed "nivel up"
expect "nivel up" "$out" "web" "running" "Site"
link="$(grep -o 'http://127.0.0.1:[0-9]*/index.html' <<<"$out" | head -n 1)"
[ -n "$link" ] || failed "nivel up"
answer="$(curl -sS --max-time 10 "$link")" || { echo "nivel: windows: the lab's link $link did not answer" >&2; exit 1; }
[ "$answer" = hola ] || { echo "nivel: windows: the lab's link $link answered $answer" >&2; exit 1; }

out="$(nivel status)" || failed "nivel status"
expect "nivel status" "$out" "$lab_project" "web" "running" "${link%/index.html}"
out="$(nivel logs "$lab_project")" || failed "nivel logs"
expect "nivel logs" "$out" "web-1" "serving"
# The store is there since `progress` above: the check's write first makes today's backup
# (its file synced on Windows' terms), and says nothing about it.
out="$(nivel check "$winlab")" || failed "nivel check"
expect "nivel check" "$out" "The site answers" "1 of 1 exercise passed"
if grep -qF "could not be made" <<<"$out"; then failed "nivel check"; fi
out="$(nivel restart "$winlab" --progress plain)" || failed "nivel restart"
expect "nivel restart" "$out" "stopped" "running"

# Today's backup, made before the name was set, brought back (opened read-only through
# SQLite's URI): the name is gone again, and the replaced store is kept.
out="$(nivel whoami set --name "Ana Pérez" --id 42 --group A)" || failed "nivel whoami set"
expect "nivel whoami set" "$out" "Ana Pérez"
out="$(nivel progress restore latest --yes)" || failed "nivel progress restore"
expect "nivel progress restore" "$out" "restored the backup of" "replaced-"
out="$(nivel whoami)" || failed "nivel whoami"
if grep -qF "Ana Pérez" <<<"$out"; then failed "nivel whoami after the restore"; fi
ls "$work/data/backups/"replaced-*.sqlite3 >/dev/null || failed "nivel progress restore"

out="$(nivel images save "$winlab" -o "Z:${work//\//\\}\\images.tar")" || failed "nivel images save"
expect "nivel images save" "$out" "1 image," "$busybox_image"
[ -s "$work/images.tar" ] || failed "nivel images save"

out="$(nivel down "$winlab")" || failed "nivel down"
expect "nivel down" "$out" "removed" "network ${lab_project}_default removed"
left="$(docker ps -aq --filter "label=com.docker.compose.project=$lab_project")"
[ -z "$left" ] || { echo "nivel: windows: down left containers: $left" >&2; exit 1; }
echo "nivel: windows: a lab went up, answered, was checked, restarted, saved and went down through Docker Desktop's pipe in $((SECONDS - started)) s" >&2
