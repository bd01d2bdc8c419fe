#!/usr/bin/env bash
# Regenerates the golden outputs of the differential corpus in tests/fixtures/reference/ by
# running the reference Docker Compose on every case (or only the cases named as arguments).
#
# Each case folder may hold `args` (one line of extra global arguments, split on whitespace)
# and `env` (KEY=VALUE lines, the whole OS environment of the run besides PATH and HOME).
# Outputs, with the case folder written as @DIR@ and the home folder as @HOME@:
#   expected.yaml, expected.json   `config` output when compose succeeds
#   expected.warnings              compose's warnings (timestamps removed, lines sorted), if any
#   expected.error                 compose's message when it fails
#
# Usage: scripts/reference-outputs.sh [CASE...]
# The reference binary is ${NIVEL_REFERENCE_COMPOSE:-/opt/compose-ref/docker-compose}.
set -euo pipefail

ref=${NIVEL_REFERENCE_COMPOSE:-/opt/compose-ref/docker-compose}
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)/tests/fixtures/reference"
home=/nonexistent-home

if [[ ! -x $ref ]]; then
    echo "reference compose not found at $ref (set NIVEL_REFERENCE_COMPOSE)" >&2
    exit 1
fi

# Rewrites FILE in place with the case folder and the home folder as placeholders.
portable() {
    local file=$1 dir=$2 text
    text=$(cat "$file"; printf x)
    text=${text%x}
    text=${text//"$dir"/@DIR@}
    text=${text//"$home"/@HOME@}
    printf '%s' "$text" >"$file"
}

# Runs the reference compose for the case in DIR with the extra `config` arguments given.
run_reference() {
    local dir=$1
    shift
    local -a argv=() envs=()
    if [[ -f $dir/args ]]; then
        read -r -a argv <"$dir/args" || true
    fi
    if [[ -f $dir/env ]]; then
        while IFS= read -r line || [[ -n $line ]]; do
            [[ -n $line ]] && envs+=("$line")
        done <"$dir/env"
    fi
    (cd "$dir" && env -i PATH=/usr/bin:/bin HOME="$home" "${envs[@]}" \
        "$ref" "${argv[@]}" config "$@")
}

if [[ $# -gt 0 ]]; then
    cases=("$@")
else
    cases=()
    for d in "$root"/*/; do
        d=${d%/}
        cases+=("${d##*/}")
    done
fi

ok=0 failed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for case in "${cases[@]}"; do
    dir=$root/${case%/}
    if [[ ! -d $dir ]]; then
        echo "no such case: $case" >&2
        exit 1
    fi
    dir=$(cd "$dir" && pwd -P)
    rm -f "$dir"/expected.yaml "$dir"/expected.json "$dir"/expected.error "$dir"/expected.warnings
    if run_reference "$dir" >"$tmp/yaml" 2>"$tmp/err"; then
        run_reference "$dir" --format json >"$tmp/json" 2>/dev/null
        cp "$tmp/yaml" "$dir/expected.yaml"
        cp "$tmp/json" "$dir/expected.json"
        portable "$dir/expected.yaml" "$dir"
        portable "$dir/expected.json" "$dir"
        if [[ -s $tmp/err ]]; then
            # Compose warns in Go map order, which changes from run to run.
            sed -E 's/^time="[^"]*" //' "$tmp/err" | LC_ALL=C sort >"$dir/expected.warnings"
            portable "$dir/expected.warnings" "$dir"
        fi
        ok=$((ok + 1))
    else
        sed -E 's/^time="[^"]*" //' "$tmp/err" >"$dir/expected.error"
        portable "$dir/expected.error" "$dir"
        failed=$((failed + 1))
        echo "$case: compose fails: $(head -c 200 "$dir/expected.error")" >&2
    fi
done
echo "$((ok + failed)) cases: $ok with output, $failed with an error" >&2
