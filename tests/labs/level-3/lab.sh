# How scripts/test-labs.sh proves level-3's checks both ways (sourced by bash).

# The scripts/images/NAME.sh whose images the lab pins: the Python base of its two Dockerfiles,
# Locust, Postgres and adminer.
images=(python locust postgres adminer)

# The images `nivel up` builds for the lab; the test removes them (and what they replaced).
# `mlflow` and `train` share level-3-mlflow.
built=(level-3-api level-3-mlflow:3.17.2)

# The reference solutions, in the order a student works (see tests/labs/level-0/lab.sh).
steps=(
    "mlflow-model mlflow-model"            # alias produccion in MLflow; main.py loads iris from it
    "predictions-table predictions-table"  # the table, made as in adminer; main.py writes to it
    "load-test load-test"                  # locustfile: POST /predict; a run of 10,000 in Locust
    "memory-limit memory-limit"            # compose: the API at 256M; the load test again
)
