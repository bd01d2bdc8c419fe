# Helpers for the solutions' apply.sh (sourced): what a student does in MLflow's UI, adminer
# and Locust's web UI, done from the test through the same HTTP APIs.
set -euo pipefail
lab=level-3

# load_test: a run in Locust, started as its web UI's "Start" button does (POST /swarm, 60
# users), watched until POST /predict passes 10,000 requests, then stopped (the statistics
# stay). It fails as soon as any request fails, or after 15 minutes.
load_test() {
    python3 - "$((8089 + PORT_OFFSET))" <<'PY'
import json, sys, time, urllib.parse, urllib.request
locust = f"http://127.0.0.1:{sys.argv[1]}"
def stats():
    with urllib.request.urlopen(locust + "/stats/requests", timeout=20) as answer:
        report = json.load(answer)
    total = next(s for s in report["stats"] if s["name"] == "Aggregated")
    predict = next((s for s in report["stats"] if s["name"] == "/predict" and s["method"] == "POST"), None)
    return report, total, predict
def stop():
    urllib.request.urlopen(locust + "/stop", b"", timeout=20).read()
form = urllib.parse.urlencode({"user_count": 60, "spawn_rate": 30, "host": "http://api:8989"}).encode()
with urllib.request.urlopen(locust + "/swarm", form, timeout=20) as answer:
    started = json.load(answer)
    assert started.get("success"), f"Locust refused to start: {started}"
begun = time.monotonic()
while True:
    time.sleep(2)
    report, total, predict = stats()
    if total["num_failures"]:
        stop()
        sys.exit(f"apply: {total['num_failures']} requests failed: {report['errors'][:3]}")
    if predict and predict["num_requests"] >= 10050:
        break
    if time.monotonic() - begun > 900:
        stop()
        sys.exit(f"apply: after 15 minutes Locust is at {predict and predict['num_requests']} POST /predict")
stop()
took = time.monotonic() - begun
_, total, predict = stats()
print(f"apply: Locust made {predict['num_requests']} POST /predict in {took:.0f} s "
      f"({predict['num_requests'] / took:.0f}/s, median {predict['median_response_time']} ms), "
      f"{total['num_failures']} failed", file=sys.stderr)
PY
}
