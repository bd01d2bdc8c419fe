#!/usr/bin/env bash
# Proves the built-in labs' checks both ways, on the real software, with the real `nivel`:
#
#     scripts/test-labs.sh            # every lab with a manifest under tests/labs/
#     scripts/test-labs.sh level-0    # one (or several) of them
#
# For each lab: its images are built (scripts/images/build.sh; once per machine), the lab is
# started from a throwaway data folder with its ports shifted, and `nivel check --json` must
# see every exercise fail with what it observed. The reference solutions
# (tests/labs/LAB/solutions/, in the order tests/labs/LAB/lab.sh gives) are applied one by one
# to the student's copy of the lab, `nivel up` rebuilding what changed, and each step's
# exercises must pass while later ones still fail. Then the copy goes back to the starter files
# and `nivel reset` must bring every exercise back to failing. The lab is taken down with its
# volumes and the images it built are removed, also when a step fails; a failure prints what
# `nivel check` saw and the lab's logs, and the script exits 1.
#
# A lab of the same id already on the engine (a student's own) is never touched: the test
# refuses to start instead. NIVEL_TEST_PORT_OFFSET (default 30000) is the port shift.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
. scripts/lib/deps.sh
# debootstrap and the CA bundle for the images; python3 reads `nivel check --json`.
ensure_image_tools
ensure_packages python3

offset="${NIVEL_TEST_PORT_OFFSET:-30000}"
target_dir="${CARGO_TARGET_DIR:-$root/target}"
nivel="$target_dir/debug/nivel"

say() { echo "test-labs: $*" >&2; }
now() { date +%s; }

labs=("$@")
if [ "${#labs[@]}" -eq 0 ]; then
    for manifest in tests/labs/*/lab.sh; do labs+=("$(basename "$(dirname "$manifest")")"); done
fi
for lab in "${labs[@]}"; do
    [ -f "tests/labs/$lab/lab.sh" ] || { say "no manifest tests/labs/$lab/lab.sh"; exit 2; }
done

started=$(now)
say "building nivel"
cargo build --locked --quiet --bin nivel

# check_json LAB: `nivel check LAB --json` on stdout; exit 1 (an exercise failed) is expected,
# anything else (the lab not running, an engine error) is a failure of the test.
check_json() {
    local code=0
    "$nivel" check "$1" --json || code=$?
    [ "$code" -le 1 ] || { say "nivel check $1 exited $code"; return 1; }
}

# judge JSON PASSING...: every exercise named passes, every other fails with an observation
# in both languages. Prints one line per exercise; exits 1 on the first mismatch after all
# lines are printed.
judge() {
    python3 - "$@" <<'PY'
import json, sys
report = json.loads(sys.argv[1])
passing = set(sys.argv[2:])
ok = True
ids = [e["id"] for e in report["exercises"]]
for name in passing - set(ids):
    print(f"    ✘ {name}: no such exercise in the lab"); ok = False
for e in report["exercises"]:
    if e["id"] in passing:
        good = e["passed"]
        said = "passes" if good else "should pass but fails: " + "; ".join(
            c["observed"]["en"] for c in e["checks"] if not c["passed"])
    else:
        failing = [c for c in e["checks"] if not c["passed"]]
        observed = [c["observed"] for c in failing]
        good = not e["passed"] and bool(observed) and all(o["es"].strip() and o["en"].strip() for o in observed)
        if e["passed"]:
            said = "should fail but passes"
        elif not good:
            said = "fails without saying what it observed"
        else:
            said = "fails: " + observed[0]["en"]
    ok = ok and good
    print(f"    {'✔' if good else '✘'} {e['id']}: {said[:160]}")
sys.exit(0 if ok else 1)
PY
}

# test_lab LAB: the whole proof for one lab. It runs in a subshell of its own, so its
# variables are plain globals there (the EXIT trap that cleans up still sees them) and each
# manifest stays its own.
test_lab() {
    lab="$1" dir="tests/labs/$1"
    images=() built=() steps=() seen_images=() passing=()
    # shellcheck source=/dev/null
    . "$dir/lab.sh"

    t=$(now)
    say "$lab: images (${images[*]:-none})"
    [ "${#images[@]}" -eq 0 ] || scripts/images/build.sh "${images[@]}" >/dev/null
    say "$lab: images ready in $(($(now) - t)) s"

    if [ -n "$(docker ps -aq --filter "label=com.docker.compose.project=$lab")" ]; then
        say "$lab: containers of a lab named $lab are already on this engine; this test does not touch them"
        say "  fix: stop that lab (nivel down $lab) and run the test again"
        return 1
    fi
    declare -gA before=()
    for image in "${built[@]}"; do
        before[$image]="$(docker image inspect -f '{{.Id}}' "$image" 2>/dev/null || true)"
    done

    data="$(mktemp -d "${TMPDIR:-/tmp}/nivel-test-$lab.XXXXXX")"
    export NIVEL_DATA_DIR="$data" NIVEL_LANG=en
    lab_dir="$data/labs/$lab"

    # Remembers the images the lab's builds made, so every one of them is removed afterwards.
    note_images() {
        local image id
        for image in "${built[@]}"; do
            id="$(docker image inspect -f '{{.Id}}' "$image" 2>/dev/null || true)"
            [ -z "$id" ] || [ "$id" = "${before[$image]}" ] || seen_images+=("$id")
        done
    }
    cleanup() {
        local code=$?
        if [ "$code" -ne 0 ]; then
            say "$lab: FAILED; what nivel check sees:"
            "$nivel" check "$lab" >&2 || true
            say "$lab: the lab's logs (last 80 lines per service):"
            "$nivel" logs "$lab" --tail 80 --no-color >&2 || true
        fi
        note_images
        "$nivel" down "$lab" --volumes >/dev/null 2>&1 || say "$lab: nivel down failed"
        [ "${#seen_images[@]}" -eq 0 ] || docker image rm -f "${seen_images[@]}" >/dev/null 2>&1 || true
        rm -rf "$data"
        return "$code"
    }
    trap cleanup EXIT

    up() {
        local t
        t=$(now)
        if ! "$nivel" up "$lab" --port-offset "$offset" --progress plain --timeout 1200 >"$data/up.log" 2>&1; then
            tail -n 60 "$data/up.log" >&2
            say "$lab: nivel up failed"
            return 1
        fi
        note_images
        say "$lab: nivel up in $(($(now) - t)) s"
    }
    expect() {
        local what="$1" report
        shift
        report="$(check_json "$lab")" || return 1
        say "$lab: $what"
        judge "$report" "$@" >&2
    }

    t=$(now)
    up
    expect "fresh: every exercise fails"
    for step in "${steps[@]}"; do
        read -r solution rest <<<"$step"
        read -r -a more <<<"$rest"
        passing+=("${more[@]}")
        t=$(now)
        say "$lab: applying solution $solution"
        (cd "$dir/solutions/$solution" && find . -type f ! -name apply.sh -print0 | while IFS= read -r -d '' f; do
            mkdir -p "$lab_dir/$(dirname "$f")" && cp "$f" "$lab_dir/$f"
        done)
        up
        if [ -f "$dir/solutions/$solution/apply.sh" ]; then
            LAB_DIR="$lab_dir" NIVEL="$nivel" PORT_OFFSET="$offset" bash "$dir/solutions/$solution/apply.sh"
        fi
        expect "after $solution: ${passing[*]} pass, the rest fail" "${passing[@]}"
        say "$lab: step $solution in $(($(now) - t)) s"
    done

    t=$(now)
    say "$lab: back to the starter files, then nivel reset"
    rm -rf "$lab_dir" "$data/labs/$lab.installed.json"
    if ! "$nivel" reset "$lab" --yes --port-offset "$offset" --progress plain --timeout 1200 >"$data/reset.log" 2>&1; then
        tail -n 60 "$data/reset.log" >&2
        say "$lab: nivel reset failed"
        return 1
    fi
    note_images
    expect "after reset: every exercise fails again"
    say "$lab: reset in $(($(now) - t)) s"
}

failed=()
declare -A took=()
for lab in "${labs[@]}"; do
    t=$(now)
    say "== $lab"
    # Not `if (test_lab …)`: bash ignores `set -e` inside a command whose status is tested.
    set +e
    (set -e; test_lab "$lab")
    code=$?
    set -e
    if [ "$code" -eq 0 ]; then took[$lab]="passed in $(($(now) - t)) s"; else
        took[$lab]="FAILED after $(($(now) - t)) s"
        failed+=("$lab")
    fi
done
for lab in "${labs[@]}"; do say "$lab: ${took[$lab]}"; done
say "total $(($(now) - started)) s"
if [ "${#failed[@]}" -gt 0 ]; then
    say "failed: ${failed[*]}"
    exit 1
fi
