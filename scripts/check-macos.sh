#!/usr/bin/env bash
# The core crate and `nivel` type-checked and linted for both Macs (aarch64-apple-darwin and
# x86_64-apple-darwin) on Linux, with no macOS SDK: nothing is linked or run.
#
#     scripts/check-macos.sh
#
# Two crates carry C. ring's (rustls' cryptography) is compiled by Debian's clang for the Mac
# target, freestanding: it needs no C library, only `TargetConditionals.h`, whose three macros
# are written below as a Mac's SDK defines them. The bundled SQLite's C needs a Mac's C library,
# so it is not compiled: `LIBSQLITE3_SYS_USE_PKG_CONFIG` makes libsqlite3-sys look for a system
# SQLite instead, which only matters when linking.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
. scripts/lib/deps.sh
ensure_build_tools
ensure_packages clang

include="${CARGO_TARGET_DIR:-$root/target}/macos-include"
mkdir -p "$include"
cat >"$include/TargetConditionals.h" <<'HEADER'
#define TARGET_OS_MAC 1
#define TARGET_OS_OSX 1
#define TARGET_OS_IPHONE 0
HEADER
freestanding="-ffreestanding -nostdlibinc -isystem $include -DRING_CORE_NOSTDLIBINC=1"
export LIBSQLITE3_SYS_USE_PKG_CONFIG=1
export CC_aarch64_apple_darwin=clang CFLAGS_aarch64_apple_darwin="--target=arm64-apple-macos11 $freestanding"
export CC_x86_64_apple_darwin=clang CFLAGS_x86_64_apple_darwin="--target=x86_64-apple-macos10.12 $freestanding"
for target in aarch64-apple-darwin x86_64-apple-darwin; do
    rustup target list --installed | grep -qx "$target" || rustup target add "$target"
    cargo clippy --locked --target "$target" --lib --bins --quiet -- -D warnings
done
