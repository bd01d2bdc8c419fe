# The student makes a prediction through the API's docs; then the lab goes down and up again
# (the containers are recreated, the volumes kept) and the prediction must still be in the log.
. "$(dirname "$0")/../common.sh"
python3 - "$((8000 + PORT_OFFSET))" <<'PY'
import json, sys, urllib.request
body = json.dumps({"sepal_length": 5.9, "sepal_width": 3.0, "petal_length": 4.2, "petal_width": 1.5}).encode()
request = urllib.request.Request(f"http://127.0.0.1:{sys.argv[1]}/predict", body, {"Content-Type": "application/json"})
with urllib.request.urlopen(request, timeout=60) as answer:
    print("apply: predicted", json.load(answer), file=sys.stderr)
PY
out="$(mktemp)"
if ! { "$NIVEL" down "$lab" && "$NIVEL" up "$lab" --port-offset "$PORT_OFFSET" --progress plain --timeout 600; } >"$out" 2>&1; then
    tail -n 40 "$out" >&2
    rm -f "$out"
    echo "apply: recreating the lab failed" >&2
    exit 1
fi
rm -f "$out"
echo "apply: the lab was taken down and started again, its volumes kept" >&2
