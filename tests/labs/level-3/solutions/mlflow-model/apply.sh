# What the student does in MLflow's UI (Models → iris → version 1 → Aliases): once the lab's
# `train` service has registered iris (within a minute or two of the lab's first start; the
# student sees it appear in the UI), version 1 gets the alias `produccion`, through MLflow's
# REST API as the UI does. The API, rebuilt with TODOs 1 and 2 done, loads that model on its
# first prediction.
. "$(dirname "$0")/../common.sh"
python3 - "$((5000 + PORT_OFFSET))" <<'PY'
import json, sys, time, urllib.error, urllib.request
mlflow = f"http://127.0.0.1:{sys.argv[1]}/api/2.0/mlflow"
for _ in range(180):
    try:
        with urllib.request.urlopen(mlflow + "/model-versions/get?name=iris&version=1", timeout=20) as answer:
            if json.load(answer)["model_version"]["status"] == "READY":
                break
    except urllib.error.HTTPError as e:
        if e.code not in (400, 404):
            raise
    time.sleep(1)
else:
    sys.exit("apply: after 3 minutes MLflow has no iris version 1: see the train service's logs")
body = json.dumps({"name": "iris", "alias": "produccion", "version": "1"}).encode()
request = urllib.request.Request(mlflow + "/registered-models/alias", body, {"Content-Type": "application/json"})
with urllib.request.urlopen(request, timeout=20) as answer:
    answer.read()
print("apply: iris version 1 has the alias produccion", file=sys.stderr)
PY
