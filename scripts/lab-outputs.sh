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

mkdir -p "$out"
for dir in "$repo"/labs/*/; do
    dir=${dir%/}
    id=${dir##*/}
    for format in yaml json; do
        text=$(cd "$dir" && env -i PATH=/usr/bin:/bin HOME=/nonexistent-home "$ref" config --format "$format"; printf x)
        text=${text%x}
        printf '%s' "${text//"$dir"/@DIR@}" >"$out/$id.$format"
    done
    echo "$id"
done
