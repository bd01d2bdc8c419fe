#!/usr/bin/env bash
# Regenerates the golden `config` outputs of the built-in labs in tests/fixtures/labs/ by
# running the reference Docker Compose in each labs/<id>/ folder, with the lab folder written
# as @DIR@. `nivel config` must print the same bytes (tests/compose_cli/labs.rs).
#
# Usage: scripts/lab-outputs.sh
# The reference binary is ${NIVEL_REFERENCE_COMPOSE:-/opt/compose-ref/docker-compose}.
set -euo pipefail

ref=${NIVEL_REFERENCE_COMPOSE:-/opt/compose-ref/docker-compose}
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
out=$repo/tests/fixtures/labs

if [[ ! -x $ref ]]; then
    echo "reference compose not found at $ref (set NIVEL_REFERENCE_COMPOSE)" >&2
    exit 1
fi

# A lab's compose file takes each credential's secret from a variable Nivel sets; plain
# compose gets a fixed one here (and the user, for `user_env`), as the test does.
credential_env() {
    python3 - "$1/lab.toml" <<'PY'
import sys, tomllib
try:
    lab = tomllib.load(open(sys.argv[1], "rb"))
except FileNotFoundError:
    lab = {}
for c in lab.get("credential", []):
    print(f"{c['env']}=golden-secret")
    if "user_env" in c:
        print(f"{c['user_env']}={c['user']}")
PY
}

mkdir -p "$out"
for dir in "$repo"/labs/*/; do
    dir=${dir%/}
    id=${dir##*/}
    mapfile -t secrets < <(credential_env "$dir")
    for format in yaml json; do
        text=$(cd "$dir" && env -i PATH=/usr/bin:/bin HOME=/nonexistent-home "${secrets[@]}" "$ref" config --format "$format"; printf x)
        text=${text%x}
        printf '%s' "${text//"$dir"/@DIR@}" >"$out/$id.$format"
    done
    echo "$id"
done
