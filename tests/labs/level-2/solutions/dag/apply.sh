# The student saves dags/proyecto2.py and waits for Airflow to show it: the DAG processor reads
# the folder every 30 s. Up to 3 minutes, through Airflow's REST API.
. "$(dirname "$0")/../common.sh"
airflow '
for _ in range(90):
    if any(d["dag_id"] == "proyecto2" for d in api("GET", "/api/v2/dags?dag_id_pattern=proyecto2")["dags"]):
        print("apply: Airflow loaded proyecto2", file=sys.stderr)
        sys.exit(0)
    time.sleep(2)
errors = api("GET", "/api/v2/importErrors")["import_errors"]
sys.exit(f"apply: Airflow did not load proyecto2 in 3 minutes; import errors: {errors}")
'
