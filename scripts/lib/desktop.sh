# Builds the desktop app (UI, then the shell in its lean `desktop` profile) and prints the
# binary's path. Sourced after deps.sh; `root` is the repository.

build_desktop() {
    ensure_desktop_build
    ensure_ui_packages
    npm run --prefix "$root/ui" --silent build >/dev/null
    cargo build --locked --quiet --manifest-path "$root/Cargo.toml" \
        -p nivel-desktop --profile desktop --features custom-protocol
    echo "$root/target/desktop/nivel-desktop"
}
