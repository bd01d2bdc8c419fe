# The student switches proyecto2 on and triggers it in Airflow's UI, then watches it until it
# ends (up to 5 minutes); the UI does the same through Airflow's REST API.
. "$(dirname "$0")/../common.sh"
airflow '
api("PATCH", "/api/v2/dags/proyecto2", {"is_paused": False})
run = api("POST", "/api/v2/dags/proyecto2/dagRuns", {"logical_date": None})
print("apply: triggered", run["dag_run_id"], file=sys.stderr)
path = "/api/v2/dags/proyecto2/dagRuns/" + urllib.request.quote(run["dag_run_id"], safe="")
for _ in range(150):
    state = api("GET", path)["state"]
    if state in ("success", "failed"):
        break
    time.sleep(2)
print("apply: proyecto2 ended", state, file=sys.stderr)
if state != "success":
    tasks = api("GET", path + "/taskInstances")["task_instances"]
    sys.exit("apply: the run did not succeed: " + ", ".join(t["task_id"] + "=" + str(t["state"]) for t in tasks))
'
