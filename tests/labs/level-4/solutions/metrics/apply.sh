# A few predictions through the API's published port, as a student makes them in /docs, then
# waits (up to 60 s) for a scrape that saw them, as a student watches Prometheus until they
# show: the scrape that first finds the API up may come before any request was measured.
set -euo pipefail
python3 - "$PORT_OFFSET" <<'PY'
import json, sys, time, urllib.parse, urllib.request
offset = int(sys.argv[1])
api = f"http://127.0.0.1:{8000 + offset}"
prometheus = f"http://127.0.0.1:{9090 + offset}"
patient = {"age": 0.04, "sex": 0.05, "bmi": 0.06, "bp": 0.02, "s1": -0.04, "s2": -0.03, "s3": -0.04, "s4": 0.0, "s5": 0.02, "s6": -0.02}
for _ in range(5):
    request = urllib.request.Request(api + "/predict", json.dumps(patient).encode(), {"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=20) as answer:
        json.load(answer)["progression"]
query = urllib.parse.urlencode({"query": '{job="api",__name__=~".+_seconds_bucket",le="+Inf"} > 0'})
for _ in range(60):
    with urllib.request.urlopen(f"{prometheus}/api/v1/query?{query}", timeout=10) as answer:
        if json.load(answer)["data"]["result"]:
            sys.exit(0)
    time.sleep(1)
sys.exit("Prometheus has no latency samples from the API after 60 s")
PY
