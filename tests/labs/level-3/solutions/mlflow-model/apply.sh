# What the student does in MLflow's UI (Models → iris → version 1 → Aliases): version 1, which
# the lab's `train` service registered, gets the alias `produccion`, through MLflow's REST API.
# The API, rebuilt with TODOs 1 and 2 done, loads that model on its first prediction.
. "$(dirname "$0")/../common.sh"
python3 - "$((5000 + PORT_OFFSET))" <<'PY'
import json, sys, urllib.request
mlflow = f"http://127.0.0.1:{sys.argv[1]}/api/2.0/mlflow"
body = json.dumps({"name": "iris", "alias": "produccion", "version": "1"}).encode()
request = urllib.request.Request(mlflow + "/registered-models/alias", body, {"Content-Type": "application/json"})
with urllib.request.urlopen(request, timeout=20) as answer:
    answer.read()
print("apply: iris version 1 has the alias produccion", file=sys.stderr)
PY
