# How scripts/test-labs.sh proves level-2's checks both ways (sourced by bash).

# The scripts/images/NAME.sh whose images the lab pins: the Python base of its four Dockerfiles
# (Airflow, MLflow, JupyterLab, the data API), the MinIO stand-in (moto's S3 API) and Postgres.
images=(python minio postgres)

# The images `nivel up` builds for the lab; the test removes them (and what they replaced).
built=(level-2-airflow:3.1.3 level-2-mlflow level-2-jupyter level-2-data-api)

# JupyterLab runs as ${UID:-1000}:${GID:-1000} (compose.yaml), as in level-1's manifest.
if [ "$(id -u)" -ne 0 ]; then
    export UID
    GID="$(id -g)"
    export GID
fi

# The reference solutions, in the order a student works (see tests/labs/level-0/lab.sh).
steps=(
    "bucket bucket"                                # mc mb local/datos, through the S3 API
    "notebook experiment registered-model"         # experimentos.ipynb solved, run in JupyterLab
    "dag training-dag"                             # dags/proyecto2.py solved; Airflow loads it
    "dag-run dag-run"                              # proyecto2 switched on and triggered; it succeeds
)
