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

from fastapi import FastAPI, HTTPException, Request
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


# TODO 1: tome el modelo del registro de MLflow. / Take the model from MLflow's registry.
#   En «MLflow» (Models → iris) dé a la versión 1 el alias `produccion`. Luego, aquí, una
#   función que lo cargue una sola vez y lo guarde (no en cada petición):
#   In «MLflow» (Models → iris) give version 1 the alias `produccion`. Then, here, a function
#   that loads it once and keeps it (not on every request):
#       import mlflow
#       from mlflow import MlflowClient
#       version = MlflowClient().get_model_version_by_alias("iris", "produccion").version
#       model = mlflow.sklearn.load_model(f"models:/iris/{version}")
#   No lo cargue al importar este archivo: si el alias aún no existe, la API debe arrancar
#   igual y responder 503 hasta que exista.
#   Do not load it when this file is imported: if the alias does not exist yet, the API must
#   start anyway and answer 503 until it does.


@app.get("/health")
def health():
    return {"status": "ok", "served": served}


@app.post("/predict")
def predict(flower: Flower):
    # TODO 2: prediga con el modelo de TODO 1 y responda la especie y la versión.
    #   Predict with TODO 1's model and answer the species and the version.
    #       row = [[flower.sepal_length, flower.sepal_width, flower.petal_length, flower.petal_width]]
    #       species = SPECIES[int(model.predict(row)[0])]
    #       return {"species": species, "model_version": version}
    #
    # TODO 3: antes de responder, guarde la predicción en la tabla `predictions` de Postgres.
    #   Before answering, store the prediction in Postgres's table `predictions`.
    #   a) Cree la tabla en «adminer» (servidor db, usuario mlops, contraseña:
    #      `nivel creds level-3`), con «Comando SQL» / Create the table in «adminer» (server
    #      db, user mlops, password: `nivel creds level-3`), with «SQL command»:
    #        CREATE TABLE predictions (id serial PRIMARY KEY, created_at timestamptz NOT NULL
    #          DEFAULT now(), sepal_length real, sepal_width real, petal_length real,
    #          petal_width real, species text, model_version text);
    #   b) Aquí, una conexión abierta una vez (psycopg 3 la comparte entre los hilos de
    #      FastAPI) / Here, one connection opened once (psycopg 3 shares it between FastAPI's
    #      threads):
    #        import psycopg
    #        db = psycopg.connect(os.environ["DATABASE_URL"], autocommit=True)
    #      y aquí, antes del return / and here, before the return:
    #        db.execute("INSERT INTO predictions (sepal_length, sepal_width, petal_length,"
    #                   " petal_width, species, model_version) VALUES (%s, %s, %s, %s, %s, %s)",
    #                   (*row[0], species, version))
    raise HTTPException(501, "Aún no predice: complete los TODO 1 y 2 de main.py. / Not predicting yet: complete TODOs 1 and 2 in main.py.")
