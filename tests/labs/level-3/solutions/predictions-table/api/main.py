"""API de inferencia del Nivel 3: sirve el modelo que el registro de MLflow llama `iris`.
The Level 3 inference API: serves the model MLflow's registry calls `iris`.

El modelo no viene en la imagen: el servicio `train` lo registró en MLflow (hace las veces del
modelo de su Proyecto 2), y la API debe tomarlo del registro por su alias.
The model is not in the image: the `train` service registered it in MLflow (it stands for your
Proyecto 2 model), and the API must take it from the registry by its alias.

El contrato que revisa `nivel check` / The contract `nivel check` verifies:
- POST /predict recibe una flor (los cuatro campos de Flower) y responde
  {"species": "setosa" | "versicolor" | "virginica", "model_version": "<versión de iris>"}
  con el modelo al que apunta el alias `produccion` de `iris` (TODOs 1 y 2).
  POST /predict takes a flower (Flower's four fields) and answers
  {"species": …, "model_version": "<iris's version>"} with the model `iris`'s alias
  `produccion` points to (TODOs 1 and 2).
- Antes de responder, cada predicción queda como una fila de la tabla `predictions` de
  Postgres (TODO 3). / Before answering, each prediction is a row of Postgres's table
  `predictions` (TODO 3).
- GET /health responde {"status": "ok", "served": N}, las predicciones respondidas desde que
  arrancó la API: las cuenta count_predictions (no lo quite), y la revisión de los límites lo
  lee. / GET /health answers {"status": "ok", "served": N}, the predictions answered since
  the API started: count_predictions counts them (keep it), and the limits check reads it.

MLFLOW_TRACKING_URI y DATABASE_URL vienen de compose.yaml. / They come from compose.yaml.
"""

import os
import threading

import mlflow
import psycopg
from fastapi import FastAPI, HTTPException, Request
from mlflow import MlflowClient
from pydantic import BaseModel

SPECIES = ["setosa", "versicolor", "virginica"]

app = FastAPI(title="Iris (Nivel 3)")
served = 0


@app.middleware("http")
async def count_predictions(request: Request, call_next):
    """Cuenta las predicciones respondidas. / Counts the predictions answered."""
    global served
    response = await call_next(request)
    if request.method == "POST" and request.url.path == "/predict" and response.status_code == 200:
        served += 1
    return response


class Flower(BaseModel):
    """Las medidas de la flor, en cm. / The flower's measurements, in cm."""

    sepal_length: float
    sepal_width: float
    petal_length: float
    petal_width: float


_loading = threading.Lock()
_model = None


def model():
    """The version iris@produccion names and its model, loaded once from MLflow's registry;
    503 until the alias exists."""
    global _model
    with _loading:
        if _model is None:
            try:
                version = MlflowClient().get_model_version_by_alias("iris", "produccion").version
                _model = (version, mlflow.sklearn.load_model(f"models:/iris/{version}"))
            except Exception as e:
                raise HTTPException(503, f"no model iris@produccion in MLflow yet: {e}") from e
    return _model


_connecting = threading.Lock()
_db = None


def db():
    """One connection to Postgres, opened on first use; psycopg 3 shares it between threads."""
    global _db
    with _connecting:
        if _db is None or _db.closed:
            _db = psycopg.connect(os.environ["DATABASE_URL"], autocommit=True)
    return _db


@app.get("/health")
def health():
    return {"status": "ok", "served": served}


@app.post("/predict")
def predict(flower: Flower):
    version, found = model()
    row = [[flower.sepal_length, flower.sepal_width, flower.petal_length, flower.petal_width]]
    species = SPECIES[int(found.predict(row)[0])]
    db().execute(
        "INSERT INTO predictions (sepal_length, sepal_width, petal_length, petal_width, species, model_version)"
        " VALUES (%s, %s, %s, %s, %s, %s)",
        (*row[0], species, version),
    )
    return {"species": species, "model_version": version}
