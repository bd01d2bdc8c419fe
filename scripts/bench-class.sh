#!/usr/bin/env bash
# Benchmark: how `nivel class up` grows with the class. On a three-node swarm of engines in
# network namespaces (scripts/lib/swarm.sh: a manager and two workers, vfs storage, a local
# registry), classes of 1, 3 and 6 students of the class tests' lab (a store with a volume and
# a healthcheck, a one-shot job, a page waiting for both: three dependency steps) are brought up
# from nothing, each run after a `class down`; hyperfine prints its summary and this script the
# medians and their ratios to one student. `class down` is timed the same way.
#   scripts/bench-class.sh [RUNS]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
runs="${1:-5}"
. "$root/scripts/lib/deps.sh"
ensure_build_tools
ensure_packages hyperfine python3 iproute2 util-linux docker-registry busybox-static apache2-utils
ensure_engine
. "$root/scripts/lib/busybox.sh"
ensure_busybox_image
cargo build --release --locked --quiet --manifest-path "$root/Cargo.toml" --bin nivel
nivel="${CARGO_TARGET_DIR:-$root/target}/release/nivel"

tag="nvb$$"; tag="${tag:0:8}"
subnet=$((60 + $$ % 40))
dir="/tmp/$tag"
work="$(mktemp -d)"
trap 'bash "$root/scripts/lib/swarm.sh" down "$dir" "$tag"; rm -rf "$work"' EXIT
bash "$root/scripts/lib/swarm.sh" up "$dir" "$tag" "$subnet" 2
registry="10.231.$subnet.1:5000"
export DOCKER_HOST="unix://$dir/n0/run/docker.sock"
export NIVEL_IMAGE_MIRRORS="docker.io/nivel-test=$registry/nivel-test,docker.io/library/docker=$registry/library/docker"
export NIVEL_DATA_DIR="$work/data"
# The registry's login, which class up hands to the nodes.
export DOCKER_CONFIG="$dir/docker-config"
cp -r "$root/tests/fixtures/class/swarm-lab" "$work/swarm-lab"
for n in 1 3 6; do
    {
        printf 'format = 1\nid = "bench%s"\nlab = "swarm-lab"\nports = "31000-31099"\n\n[limits]\ncpus = 1\nmemory = "512MiB"\n' "$n"
        for s in $(seq 1 "$n"); do printf '\n[[student]]\nid = "s%s"\nname = "Student %s"\n' "$s" "$s"; done
    } >"$work/class$n.toml"
done
# Each node pulls the image once, outside the timings.
"$nivel" class up "$work/class1.toml" >/dev/null 2>&1
"$nivel" class down "$work/class1.toml" >/dev/null

echo "machine: $(nproc) cores, $(. /etc/os-release && echo "$PRETTY_NAME"), engine $(docker version --format '{{.Server.Version}}'), 3 nodes"
out="$work/up.json"
hyperfine --style basic --runs "$runs" -N --export-json "$out" \
    --prepare "$nivel class down $work/class1.toml" --command-name "up 1 student" "$nivel class up $work/class1.toml --json" \
    --prepare "$nivel class down $work/class3.toml" --command-name "up 3 students" "$nivel class up $work/class3.toml --json" \
    --prepare "$nivel class down $work/class6.toml" --command-name "up 6 students" "$nivel class up $work/class6.toml --json"
down="$work/down.json"
hyperfine --style basic --runs "$runs" -N --export-json "$down" \
    --prepare "$nivel class up $work/class1.toml --json" --command-name "down 1 student" "$nivel class down $work/class1.toml" \
    --prepare "$nivel class up $work/class6.toml --json" --command-name "down 6 students" "$nivel class down $work/class6.toml"
python3 - "$out" "$down" <<'PY'
import json, statistics, sys
for path in sys.argv[1:]:
    r = json.load(open(path))["results"]
    med = [statistics.median(x["times"]) for x in r]
    for x, m in zip(r, med):
        print(f"{x['command']:<16} median {m:6.1f} s   ({m / med[0]:.2f}× one student)")
PY
