"""API de inferencia con el bono (Taller 1), resuelta: el modelo se elige en cada petición.
Inference API with the bonus (Workshop 1), solved: the model is chosen per request."""

from pathlib import Path

import joblib
from fastapi import FastAPI, HTTPException
from pydantic import BaseModel

SPECIES = ["setosa", "versicolor", "virginica"]

app = FastAPI(title="Iris")
# Every model train.py saved, by name (models/tree.joblib is "tree").
models = {path.stem: joblib.load(path) for path in sorted((Path(__file__).parent / "models").glob("*.joblib"))}


class Flower(BaseModel):
    sepal_length: float
    sepal_width: float
    petal_length: float
    petal_width: float


@app.get("/health")
def health():
    return {"status": "ok"}


@app.get("/models")
def list_models():
    return sorted(models)


@app.post("/predict")
def predict(flower: Flower, model: str = "logistic"):
    if model not in models:
        raise HTTPException(404, f"unknown model {model!r}; see GET /models")
    row = [[flower.sepal_length, flower.sepal_width, flower.petal_length, flower.petal_width]]
    return {"model": model, "species": SPECIES[int(models[model].predict(row)[0])]}
