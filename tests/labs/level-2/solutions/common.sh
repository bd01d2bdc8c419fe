# Helpers for the solutions' apply.sh (sourced): what a student does in a web UI, done from the
# test through the same services.
# `container SERVICE` and `lab_uid` are level-1's, for this lab's project.
. "$(dirname "${BASH_SOURCE[0]}")/../../level-1/solutions/common.sh"
lab=level-2

# airflow SCRIPT [ARG]...: runs a Python script inside the api-server with `api(method, path,
# body=None)`, a call to Airflow's REST API logged in as the lab's `airflow` user, as the UI does.
airflow() {
    local script="$1"
    shift
    docker exec -i "$(container airflow-api-server)" python - "$@" <<PY
import json, os, sys, time, urllib.request
base = "http://127.0.0.1:8080"
def call(method, path, body=None, token=None):
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = "Bearer " + token
    data = None if body is None else json.dumps(body).encode()
    with urllib.request.urlopen(urllib.request.Request(base + path, data, headers, method=method), timeout=30) as answer:
        return json.load(answer)
token = call("POST", "/auth/token", {"username": "airflow", "password": os.environ["AIRFLOW_PASSWORD"]})["access_token"]
def api(method, path, body=None):
    return call(method, path, body, token)
$script
PY
}
