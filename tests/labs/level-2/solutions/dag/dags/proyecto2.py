"""Proyecto 2: recolectar datos de la API de datos y entrenar un modelo en MLflow.
Proyecto 2: collect data from the data API and train a model in MLflow.

El contrato que revisa `nivel check` / The contract `nivel check` verifies:
- un DAG con dag_id "proyecto2" que Airflow carga sin errores de importación;
  a DAG with dag_id "proyecto2" that Airflow loads without import errors;
- una ejecución exitosa de ese DAG que pidió datos a la API de datos, los guardó en el bucket
  `datos` de MinIO y registró una corrida terminada en el experimento "proyecto2" de MLflow.
  a successful run of that DAG that asked the data API for data, stored it in MinIO's bucket
  `datos` and logged a finished run to MLflow's experiment "proyecto2".

Todo lo que usa ya está configurado en los contenedores de Airflow / everything it uses is
already set in Airflow's containers: DATA_API_URL, MLFLOW_TRACKING_URI, MLFLOW_S3_ENDPOINT_URL,
AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY. Airflow lee esta carpeta cada 30 s; los errores de
importación aparecen arriba en la lista de DAG. Airflow reads this folder every 30 s; import
errors show at the top of the DAG list.
"""

import json
import os
from datetime import datetime, timezone

import boto3
import requests
from airflow.providers.standard.operators.python import PythonOperator
from airflow.sdk import DAG

GROUP_NUMBER = 1  # su número de grupo (1 a 10) / your group number (1 to 10)
DATA_API_URL = os.environ.get("DATA_API_URL", "http://data-api:80")
BUCKET = "datos"
EXPERIMENT = "proyecto2"
FEATURES = ["sepal_length", "sepal_width", "petal_length", "petal_width"]
TARGET = "species"


def s3():
    """Un cliente del API S3 de MinIO. / A client of MinIO's S3 API."""
    return boto3.client("s3", endpoint_url=os.environ["MLFLOW_S3_ENDPOINT_URL"])


def collect():
    """Pide el batch actual y lo guarda en el bucket. / Asks for the current batch and keeps it."""
    answer = requests.get(f"{DATA_API_URL}/data", params={"group_number": GROUP_NUMBER}, timeout=30)
    answer.raise_for_status()
    batch = answer.json()
    print(f"batch {batch['batch_number']}: {len(batch['data'])} rows")
    key = f"batch-{batch['batch_number']}/{datetime.now(timezone.utc):%Y%m%dT%H%M%S%f}.json"
    s3().put_object(Bucket=BUCKET, Key=key, Body=json.dumps(batch["data"]))
    print(f"stored s3://{BUCKET}/{key}")


def train():
    """Entrena con todo lo recolectado. / Trains on everything collected."""
    rows = []
    for page in s3().get_paginator("list_objects_v2").paginate(Bucket=BUCKET):
        for obj in page.get("Contents", []):
            rows += json.loads(s3().get_object(Bucket=BUCKET, Key=obj["Key"])["Body"].read())
    X = [[row[f] for f in FEATURES] for row in rows]
    y = [row[TARGET] for row in rows]
    print(f"training on {len(rows)} rows")
    import mlflow
    import mlflow.sklearn
    from sklearn.linear_model import LogisticRegression

    params = {"C": 1.0, "max_iter": 500}
    mlflow.set_experiment(EXPERIMENT)
    with mlflow.start_run(run_name="proyecto2"):
        model = LogisticRegression(**params).fit(X, y)
        mlflow.log_params(params)
        mlflow.log_metric("rows", len(rows))
        mlflow.log_metric("train_accuracy", model.score(X, y))
        mlflow.sklearn.log_model(model, name="model")


with DAG("proyecto2", start_date=datetime(2024, 1, 1), schedule=None, catchup=False):
    PythonOperator(task_id="collect", python_callable=collect) >> PythonOperator(task_id="train", python_callable=train)
