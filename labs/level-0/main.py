"""Inference API: predicts the iris species with a model chosen per request.

Models are the *.joblib files in /app/models (trained when the image is built) and, when
MODELS_DIR is set, in that folder too (a volume other services write to)."""

import os
from pathlib import Path

import joblib
from fastapi import FastAPI, HTTPException
from pydantic import BaseModel

SPECIES = ["setosa", "versicolor", "virginica"]
FOLDERS = [Path(__file__).parent / "models"] + (
    [Path(os.environ["MODELS_DIR"])] if os.environ.get("MODELS_DIR") else []
)

app = FastAPI(title="Iris inference")
_cache: dict[Path, tuple[float, object]] = {}


class Flower(BaseModel):
    sepal_length: float
    sepal_width: float
    petal_length: float
    petal_width: float


def available() -> dict[str, Path]:
    found = {}
    for folder in FOLDERS:
        for path in sorted(folder.glob("*.joblib")):
            found[path.stem] = path
    return found


def load(path: Path):
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
def predict(flower: Flower, model: str = "logistic"):
    path = available().get(model)
    if path is None:
        raise HTTPException(404, f"unknown model {model!r}; see GET /models")
    row = [[flower.sepal_length, flower.sepal_width, flower.petal_length, flower.petal_width]]
    label = int(load(path).predict(row)[0])
    return {"model": model, "species": SPECIES[label]}
