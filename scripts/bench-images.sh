#!/usr/bin/env bash
# Benchmark: `nivel images save` / `nivel images load` against `docker save` / `docker load` of
# the same two images (busybox with 150 MiB of random bytes each, built here, so their layers
# are theirs alone), release build, hyperfine. Loads are timed twice: with the images removed
# before each run (a classroom machine that has none of them) and with them still there.
# Prints the medians, the ratios and the throughput.
#   scripts/bench-images.sh [RUNS]    # default 5
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
runs="${1:-5}"
. "$root/scripts/lib/deps.sh"
. "$root/scripts/lib/busybox.sh"
ensure_build_tools
ensure_packages hyperfine busybox-static python3
ensure_engine
ensure_busybox_image
cargo build --release --locked --quiet --manifest-path "$root/Cargo.toml" --bin nivel
nivel="${CARGO_TARGET_DIR:-$root/target}/release/nivel"

work="$(mktemp -d)"
images=(nivel-bench/images-a:1 nivel-bench/images-b:1)
cleanup() {
    docker rmi -f "${images[@]}" >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT
export NIVEL_DATA_DIR="$work/data"
for image in "${images[@]}"; do
    printf 'FROM %s\nRUN echo %s >/name && dd if=/dev/urandom of=/blob bs=1M count=150 2>/dev/null\n' "$busybox_image" "$image" |
        docker build -q --no-cache -t "$image" - >/dev/null
done
mkdir -p "$work/lab"
printf 'name: nivel-bench-images\nservices:\n  a:\n    image: %s\n  b:\n    image: %s\n' "${images[@]}" >"$work/lab/compose.yaml"

echo "machine: $(nproc) cores, $(. /etc/os-release && echo "$PRETTY_NAME"), engine $(docker version --format '{{.Server.Version}}')," \
    "storage $(docker info --format '{{.Driver}}'), load $(cut -d' ' -f1-3 /proc/loadavg)"
hyperfine --warmup 1 --runs "$runs" -N --export-json "$work/save.json" \
    -n "docker save" "docker save -o $work/docker.tar ${images[*]}" \
    -n "nivel images save" "$nivel images save $work/lab -o $work/nivel.tar --progress quiet"
# Both archives hold the two images, whichever tool wrote them.
for archive in docker nivel; do
    names="$(tar -xOf "$work/$archive.tar" manifest.json | python3 -c 'import json,sys; print(" ".join(sorted(t for m in json.load(sys.stdin) for t in m["RepoTags"])))')"
    [ "$names" = "${images[*]}" ] || { echo "the $archive archive holds $names" >&2; exit 1; }
done
hyperfine --runs "$runs" --export-json "$work/load-fresh.json" --prepare "docker rmi -f ${images[*]} >/dev/null" \
    -n "docker load (images removed)" "docker load -q -i $work/docker.tar" \
    -n "nivel images load (images removed)" "$nivel images load $work/nivel.tar 2>/dev/null"
hyperfine --warmup 1 --runs "$runs" --export-json "$work/load-present.json" \
    -n "docker load (images there)" "docker load -q -i $work/docker.tar" \
    -n "nivel images load (images there)" "$nivel images load $work/nivel.tar 2>/dev/null"
docker image inspect "${images[@]}" >/dev/null || { echo "the images are not on the engine after the loads" >&2; exit 1; }
python3 - "$work" <<'PY'
import json, os, sys
work = sys.argv[1]
size = os.path.getsize(os.path.join(work, "nivel.tar")) / 2**20
print(f"\n{'':<26} {'docker':>9} {'nivel':>9} {'ratio':>7}  (medians; archive {size:.0f} MiB; nivel's MiB/s)")
for name, what in [("save", "save"), ("load-fresh", "load, images removed"), ("load-present", "load, images there")]:
    docker, nivel = (r["median"] for r in json.load(open(os.path.join(work, f"{name}.json")))["results"])
    print(f"{what:<26} {docker:>7.2f} s {nivel:>7.2f} s {nivel / docker:>6.2f}x  {size / nivel:>6.0f} MiB/s")
PY
