"""API de inferencia del Nivel 1: predice la especie de una flor iris con un modelo que el
cuaderno de JupyterLab guardó en la carpeta de modelos (MODELS_DIR, /models).
Inference API of Level 1: predicts an iris flower's species with a model JupyterLab's notebook
saved in the models folder (MODELS_DIR, /models).

- Los modelos se buscan en cada petición: uno nuevo se usa sin reconstruir ni reiniciar.
  Models are looked up on every request: a new one is used with no rebuild and no restart.
- GET /models lista los nombres (archivo sin .joblib); POST /predict usa ?model=NOMBRE o, sin
  él, el más reciente. GET /models lists the names (file name without .joblib); POST /predict
  uses ?model=NAME or, without it, the newest.
- Cada predicción se añade como una línea JSON a PREDICTION_LOG (/app/logs/predictions.jsonl).
  Every prediction is appended as one JSON line to PREDICTION_LOG.

Esta API ya está completa: el trabajo del nivel está en compose.yaml y en el cuaderno.
This API is complete: the level's work is in compose.yaml and the notebook.
"""

import json
import os
import time
from pathlib import Path

import joblib
from fastapi import FastAPI, HTTPException
from pydantic import BaseModel

SPECIES = ["setosa", "versicolor", "virginica"]
MODELS_DIR = Path(os.environ.get("MODELS_DIR", "/models"))
PREDICTION_LOG = Path(os.environ.get("PREDICTION_LOG", "/app/logs/predictions.jsonl"))

app = FastAPI(title="Iris: modelos del cuaderno / the notebook's models")
_cache: dict[Path, tuple[float, object]] = {}


class Flower(BaseModel):
    sepal_length: float
    sepal_width: float
    petal_length: float
    petal_width: float


def available() -> dict[str, Path]:
    if not MODELS_DIR.is_dir():
        return {}
    return {path.stem: path for path in MODELS_DIR.glob("*.joblib")}


def load(path: Path):
    # Reloaded when the file changes: the notebook may save a model again under the same name.
    mtime = path.stat().st_mtime
    cached = _cache.get(path)
    if cached is None or cached[0] != mtime:
        _cache[path] = (mtime, joblib.load(path))
    return _cache[path][1]


@app.get("/health")
def health():
    return {"status": "ok", "models": len(available())}


@app.get("/models")
def models():
    return sorted(available())


@app.post("/predict")
def predict(flower: Flower, model: str | None = None):
    found = available()
    if not found:
        raise HTTPException(
            503,
            f"No hay modelos en {MODELS_DIR}: entrene y guarde uno desde el cuaderno. "
            f"There are no models in {MODELS_DIR}: train and save one from the notebook.",
        )
    if model is None:
        model = max(found, key=lambda name: found[name].stat().st_mtime)
    if model not in found:
        raise HTTPException(404, f"unknown model {model!r}; see GET /models")
    row = [[flower.sepal_length, flower.sepal_width, flower.petal_length, flower.petal_width]]
    answer = load(found[model]).predict(row)[0]
    # A model trained on the names answers a name; one trained on iris' numbers, a number.
    species = str(answer) if str(answer) in SPECIES else SPECIES[int(answer)]
    PREDICTION_LOG.parent.mkdir(parents=True, exist_ok=True)
    with PREDICTION_LOG.open("a") as log:
        log.write(json.dumps({"time": time.time(), "model": model, "input": flower.model_dump(), "species": species}) + "\n")
    return {"model": model, "species": species}
