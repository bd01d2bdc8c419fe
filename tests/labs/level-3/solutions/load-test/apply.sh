# Locust reads its locustfile when it starts, so the student restarts it after the edit
# (`nivel restart level-3 locust-master locust-worker`, as the hint says), then runs the test
# from Locust's web UI.
. "$(dirname "$0")/../common.sh"
out="$(mktemp)"
if ! "$NIVEL" restart "$lab" locust-master locust-worker --progress plain >"$out" 2>&1; then
    tail -n 40 "$out" >&2
    rm -f "$out"
    echo "apply: restarting Locust failed" >&2
    exit 1
fi
rm -f "$out"
load_test
